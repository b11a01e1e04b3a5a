package io.mitai.compute.tee.evidence;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;

/**
 * The 64-byte report data that binds evidence to a verifier's nonce and to the worker's ephemeral
 * public key:
 *
 * <pre>
 *   report_data[0..32)  = SHA-256("mitai/tee/report-data/v1" || 0x00 || nonce (32 bytes) || spki)
 *   report_data[32..64) = 32 zero bytes
 * </pre>
 *
 * where {@code spki} is the X.509 SubjectPublicKeyInfo DER encoding of the worker's key ({@link
 * PublicKey#getEncoded()}). The nonce has a fixed length and SPKI is self-delimiting, so the
 * concatenation is unambiguous; the label keeps this hash from colliding with any other use of
 * SHA-256 in Mitai. The 64 bytes are what an SGX enclave or TDX guest puts in REPORTDATA, and what
 * the simulated attester signs.
 */
public final class ReportDataBinding {
  /** Length of SGX/TDX REPORTDATA. */
  public static final int LENGTH = 64;

  private static final byte[] LABEL =
      "mitai/tee/report-data/v1\0".getBytes(StandardCharsets.US_ASCII);

  private ReportDataBinding() {}

  /** The report data binding {@code nonce} and {@code workerKey}. */
  public static Bytes of(Nonce nonce, PublicKey workerKey) {
    return of(nonce, Bytes.of(workerKey.getEncoded()));
  }

  /** The report data binding {@code nonce} and a worker key given as SPKI DER. */
  public static Bytes of(Nonce nonce, Bytes workerKeySpki) {
    byte[] out = new byte[LENGTH];
    byte[] h =
        Bytes.sha256(LABEL, nonce.value().toByteArray(), workerKeySpki.toByteArray()).toByteArray();
    System.arraycopy(h, 0, out, 0, h.length);
    return Bytes.of(out);
  }
}
