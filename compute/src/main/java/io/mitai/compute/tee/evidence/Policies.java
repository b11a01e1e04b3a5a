package io.mitai.compute.tee.evidence;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks every verifier applies after its format-specific ones, in one place so that the
 * simulated and hardware paths cannot drift: assurance, debug mode, report data, measurements, TCB
 * status.
 */
public final class Policies {
  private Policies() {}

  /** Applies the expectation to an otherwise verified result. */
  public static VerifiedEvidence enforce(VerifiedEvidence result, Expectation expected)
      throws EvidenceRejectedException {
    if (!result.assurance().satisfies(expected.minimumAssurance())) {
      throw new EvidenceRejectedException(
          RefusalReason.ASSURANCE_BELOW_MINIMUM,
          result.assurance() + " is below the required " + expected.minimumAssurance());
    }
    if (result.debug() && expected.debugPolicy() != DebugPolicy.ALLOW_DEBUG) {
      throw new EvidenceRejectedException(
          RefusalReason.DEBUG_MODE_NOT_ALLOWED, "the enclave runs in debug mode");
    }
    if (!result.reportData().constantTimeEquals(expected.reportData())) {
      throw new EvidenceRejectedException(
          RefusalReason.REPORT_DATA_MISMATCH,
          "report data is not bound to the expected nonce and worker key");
    }
    checkMeasurements(result.measurements(), expected.allowedMeasurements());
    if (result.platform() != TeePlatform.SIMULATED
        && !expected.acceptedTcbStatuses().contains(result.tcbStatus())) {
      throw new EvidenceRejectedException(
          RefusalReason.TCB_STATUS_NOT_ACCEPTED,
          "TCB status "
              + result.tcbStatus().intelName()
              + " with advisories "
              + result.advisoryIds()
              + " is not accepted");
    }
    return result;
  }

  private static void checkMeasurements(List<Measurement> actual, Set<Measurement> allowed)
      throws EvidenceRejectedException {
    Map<MeasurementKind, Boolean> constrained = new EnumMap<>(MeasurementKind.class);
    for (Measurement m : allowed) {
      constrained.put(m.kind(), Boolean.TRUE);
    }
    boolean anyConstrained = false;
    for (Measurement m : actual) {
      if (constrained.containsKey(m.kind())) {
        anyConstrained = true;
        if (!allowed.contains(m)) {
          throw new EvidenceRejectedException(
              RefusalReason.MEASUREMENT_NOT_ALLOWED, m + " is not allowed by the grant");
        }
      }
    }
    if (!anyConstrained) {
      throw new EvidenceRejectedException(
          RefusalReason.MEASUREMENT_NOT_ALLOWED,
          "the grant allows no measurement of the kinds the evidence carries " + actual);
    }
  }
}
