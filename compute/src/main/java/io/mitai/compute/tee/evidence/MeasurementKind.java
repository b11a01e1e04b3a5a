package io.mitai.compute.tee.evidence;

/** What a {@link Measurement} measures, and its length. */
public enum MeasurementKind {
  /** SHA-256 of a code artifact, as claimed by the simulated platform (nothing enforces it). */
  CODE_SHA256(32),
  /** SGX MRENCLAVE: the hash of the enclave's initial pages and layout. */
  MRENCLAVE(32),
  /** SGX MRSIGNER: SHA-256 of the enclave signer's RSA modulus. */
  MRSIGNER(32),
  /** TDX MRTD: the SHA-384 measurement of the trust domain's initial contents. */
  MRTD(48);

  private final int length;

  MeasurementKind(int length) {
    this.length = length;
  }

  /** Length of the measurement in bytes. */
  public int length() {
    return length;
  }
}
