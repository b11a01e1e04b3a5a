package io.mitai.compute.tee.evidence;

/** The encoding of an {@link Evidence} payload; selects the verifier. */
public enum EvidenceFormat {
  /** Mitai's simulated evidence, version 1 (see {@code SimulatedEvidence} and docs/tee.md). */
  MITAI_SIMULATED_V1,
  /** An Intel DCAP ECDSA quote (SGX v3, TDX v4 or v5), exactly the quote's bytes, no padding. */
  INTEL_DCAP_QUOTE
}
