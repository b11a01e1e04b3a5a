package io.mitai.compute.tee.evidence;

import java.util.Arrays;
import java.util.Optional;

/**
 * The trusted-computing-base status of a hardware platform, as Intel's TCB info and QE identity
 * collateral assign it (names as in Intel's collateral JSON).
 */
public enum TcbStatus {
  /** The platform's TCB is current. */
  UP_TO_DATE("UpToDate"),
  /** TCB current, but the enclave must apply software mitigations (e.g. LVI hardening). */
  SW_HARDENING_NEEDED("SWHardeningNeeded"),
  /** TCB current, but the platform configuration (e.g. BIOS settings) must change. */
  CONFIGURATION_NEEDED("ConfigurationNeeded"),
  /** TCB current, but both configuration changes and software hardening are needed. */
  CONFIGURATION_AND_SW_HARDENING_NEEDED("ConfigurationAndSWHardeningNeeded"),
  /** The platform runs an outdated TCB with known vulnerabilities (see the advisory ids). */
  OUT_OF_DATE("OutOfDate"),
  /** Outdated TCB and configuration changes needed. */
  OUT_OF_DATE_CONFIGURATION_NEEDED("OutOfDateConfigurationNeeded"),
  /** Intel has revoked this TCB; evidence from it is never accepted. */
  REVOKED("Revoked"),
  /** No hardware TCB exists: the evidence is simulated. */
  NOT_APPLICABLE_SIMULATED("NotApplicableSimulated");

  private final String intelName;

  TcbStatus(String intelName) {
    this.intelName = intelName;
  }

  /** The status as spelled in Intel's collateral. */
  public String intelName() {
    return intelName;
  }

  /** The status for an Intel collateral string; empty for an unknown one. */
  public static Optional<TcbStatus> fromIntelName(String name) {
    return Arrays.stream(values()).filter(s -> s.intelName.equals(name)).findFirst();
  }
}
