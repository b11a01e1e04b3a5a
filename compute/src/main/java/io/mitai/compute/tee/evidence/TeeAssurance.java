package io.mitai.compute.tee.evidence;

/**
 * How far a verified worker can be trusted. The names equal the chaincode's {@code Assurance}
 * constants of the same meaning, so a verification result can be compared with a grant's {@code
 * minAssurance} by name.
 */
public enum TeeAssurance {
  /** No TEE at all: a software key signed the claims; protects against nothing but mistakes. */
  TEE_SIMULATED,
  /** A genuine Intel SGX enclave or TDX trust domain, proven by a DCAP quote chained to Intel. */
  TEE_HARDWARE;

  /** Whether this level satisfies a grant that demands at least {@code minimum}. */
  public boolean satisfies(TeeAssurance minimum) {
    return compareTo(minimum) >= 0;
  }
}
