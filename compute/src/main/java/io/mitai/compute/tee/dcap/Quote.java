package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.evidence.Bytes;
import java.util.Objects;

/**
 * A parsed Intel DCAP ECDSA quote.
 *
 * @param header the quote header
 * @param body the attested report
 * @param signedPart the bytes the attestation key signs: everything before the signature-data
 *     length (header and body; for v5 also the body type and size)
 * @param signatureData signatures, QE report and PCK chain
 */
public record Quote(
    QuoteHeader header, ReportBody body, Bytes signedPart, QuoteSignatureData signatureData) {
  public Quote {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(signedPart, "signedPart");
    Objects.requireNonNull(signatureData, "signatureData");
  }
}
