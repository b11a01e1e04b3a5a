package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.evidence.AttestationException;
import io.mitai.compute.tee.evidence.Attester;
import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.Evidence;
import io.mitai.compute.tee.evidence.EvidenceFormat;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import io.mitai.compute.tee.evidence.Nonce;
import io.mitai.compute.tee.evidence.ReportDataBinding;
import io.mitai.compute.tee.evidence.TeePlatform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Objects;

/**
 * The hardware attester for a worker running inside a Gramine-SGX enclave with DCAP remote
 * attestation ({@code sgx.remote_attestation = "dcap"} in the manifest). Gramine exposes the
 * enclave's quoting through pseudo-files: writing 64 bytes to {@code user_report_data} sets
 * REPORTDATA, and reading {@code quote} returns a DCAP quote over the enclave's report.
 *
 * <p>Only the enclave can produce a quote that verifies: outside one, the pseudo-files do not exist
 * and {@link #attest} fails. The quote is cut to its own length, because readers may see padding.
 */
public final class GramineDcapAttester implements Attester {
  /** Gramine's attestation pseudo-filesystem. */
  public static final Path DEFAULT_DIRECTORY = Path.of("/dev/attestation");

  private final Path directory;

  /**
   * @param directory the attestation pseudo-filesystem; {@link #DEFAULT_DIRECTORY} in an enclave
   */
  public GramineDcapAttester(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  @Override
  public TeePlatform platform() {
    return TeePlatform.INTEL_SGX;
  }

  @Override
  public Evidence attest(Nonce nonce, PublicKey workerKey) throws AttestationException {
    try {
      String type =
          Files.readString(directory.resolve("attestation_type"), StandardCharsets.US_ASCII).trim();
      if (!type.equals("dcap")) {
        throw new AttestationException("Gramine attestation type is '" + type + "', not dcap");
      }
      Bytes reportData = ReportDataBinding.of(nonce, workerKey);
      Files.write(directory.resolve("user_report_data"), reportData.toByteArray());
      Bytes raw = Bytes.of(Files.readAllBytes(directory.resolve("quote")));
      int length = QuoteParser.quoteLength(raw);
      return new Evidence(EvidenceFormat.INTEL_DCAP_QUOTE, raw.slice(0, length));
    } catch (IOException e) {
      throw new AttestationException("no Gramine DCAP attestation at " + directory, e);
    } catch (EvidenceRejectedException e) {
      throw new AttestationException("Gramine returned an unreadable quote: " + e.getMessage(), e);
    }
  }
}
