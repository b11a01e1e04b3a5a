package io.mitai.compute.tee.evidence;

import java.util.Objects;

/**
 * Attestation evidence as produced by an {@link Attester}: opaque bytes in a named format. The
 * evidence itself proves nothing until an {@link EvidenceVerifier} accepts it.
 *
 * @param format how {@code payload} is encoded
 * @param payload the encoded evidence (for a DCAP quote, the quote's own bytes without padding)
 */
public record Evidence(EvidenceFormat format, Bytes payload) {
  public Evidence {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(payload, "payload");
    if (payload.length() == 0) {
      throw new IllegalArgumentException("evidence payload is empty");
    }
  }

  /**
   * SHA-256 of the payload: the value recorded on the ledger with the task, recomputable by anyone
   * holding the evidence.
   */
  public Bytes sha256() {
    return Bytes.sha256(payload.toByteArray());
  }
}
