package io.mitai.compute.tee.evidence;

import java.security.PublicKey;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What the verifier requires of evidence: its report data and the grant's policy.
 *
 * <p>The report data is normally {@link ReportDataBinding#of(Nonce, PublicKey)} of the verifier's
 * fresh nonce and the worker's ephemeral key ({@link #bindingTo}); it is held as the 64 bytes so
 * that one comparison covers every evidence format.
 *
 * <p>Measurement rule: for every {@link MeasurementKind} that occurs in {@code
 * allowedMeasurements}, the evidence's measurement of that kind must be one of the allowed values
 * of that kind; and at least one kind the evidence carries must be constrained. So a grant listing
 * only MRENCLAVE values pins the enclave code; listing MRENCLAVE and MRSIGNER values pins both.
 *
 * @param reportData the exact 64 bytes of report data the evidence must carry
 * @param allowedMeasurements the measurements the grant permits; not empty
 * @param minimumAssurance the grant's minimum assurance
 * @param acceptedTcbStatuses hardware TCB statuses to accept; never REVOKED (ignored for simulated
 *     evidence, which has no TCB)
 * @param debugPolicy whether debug-mode enclaves may pass
 */
public record Expectation(
    Bytes reportData,
    Set<Measurement> allowedMeasurements,
    TeeAssurance minimumAssurance,
    Set<TcbStatus> acceptedTcbStatuses,
    DebugPolicy debugPolicy) {

  public Expectation {
    Objects.requireNonNull(reportData, "reportData");
    Objects.requireNonNull(minimumAssurance, "minimumAssurance");
    Objects.requireNonNull(debugPolicy, "debugPolicy");
    allowedMeasurements = Set.copyOf(allowedMeasurements);
    acceptedTcbStatuses = Set.copyOf(acceptedTcbStatuses);
    if (reportData.length() != ReportDataBinding.LENGTH) {
      throw new IllegalArgumentException("report data is 64 bytes");
    }
    if (allowedMeasurements.isEmpty()) {
      throw new IllegalArgumentException("a grant must allow at least one measurement");
    }
    if (acceptedTcbStatuses.contains(TcbStatus.REVOKED)
        || acceptedTcbStatuses.contains(TcbStatus.NOT_APPLICABLE_SIMULATED)) {
      throw new IllegalArgumentException("REVOKED and NOT_APPLICABLE_SIMULATED are never accepted");
    }
  }

  /**
   * The strict expectation for a worker: report data bound to {@code nonce} and {@code workerKey},
   * only an up-to-date TCB, no debug mode.
   */
  public static Expectation bindingTo(
      Nonce nonce,
      PublicKey workerKey,
      Set<Measurement> allowedMeasurements,
      TeeAssurance minimumAssurance) {
    return new Expectation(
        ReportDataBinding.of(nonce, workerKey),
        allowedMeasurements,
        minimumAssurance,
        EnumSet.of(TcbStatus.UP_TO_DATE),
        DebugPolicy.REFUSE_DEBUG);
  }

  /** A copy accepting exactly {@code statuses}. */
  public Expectation acceptingTcb(Set<TcbStatus> statuses) {
    return new Expectation(
        reportData, allowedMeasurements, minimumAssurance, statuses, debugPolicy);
  }

  /** A copy with another debug policy. */
  public Expectation withDebugPolicy(DebugPolicy policy) {
    return new Expectation(
        reportData, allowedMeasurements, minimumAssurance, acceptedTcbStatuses, policy);
  }

  /** A copy requiring other report data. */
  public Expectation withReportData(Bytes other) {
    return new Expectation(
        other, allowedMeasurements, minimumAssurance, acceptedTcbStatuses, debugPolicy);
  }

  /** A copy allowing other measurements. */
  public Expectation allowing(Set<Measurement> measurements) {
    return new Expectation(
        reportData, measurements, minimumAssurance, acceptedTcbStatuses, debugPolicy);
  }

  /** A copy with another minimum assurance. */
  public Expectation withMinimum(TeeAssurance minimum) {
    return new Expectation(
        reportData, allowedMeasurements, minimum, acceptedTcbStatuses, debugPolicy);
  }
}
