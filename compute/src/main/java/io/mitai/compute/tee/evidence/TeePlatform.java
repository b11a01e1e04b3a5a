package io.mitai.compute.tee.evidence;

/** What produced a piece of evidence. */
public enum TeePlatform {
  /** Mitai's simulated platform: a labelled software key, never a TEE. */
  SIMULATED(TeeAssurance.TEE_SIMULATED),
  /** An Intel SGX enclave (quote v3, TEE type 0x00). */
  INTEL_SGX(TeeAssurance.TEE_HARDWARE),
  /** An Intel TDX trust domain (quote v4/v5, TEE type 0x81). */
  INTEL_TDX(TeeAssurance.TEE_HARDWARE);

  private final TeeAssurance assurance;

  TeePlatform(TeeAssurance assurance) {
    this.assurance = assurance;
  }

  /** The only assurance level evidence from this platform can ever carry. */
  public TeeAssurance assurance() {
    return assurance;
  }
}
