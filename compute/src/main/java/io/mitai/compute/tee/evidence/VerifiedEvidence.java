package io.mitai.compute.tee.evidence;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Evidence that an {@link EvidenceVerifier} accepted: what was proven, how strongly, and when.
 *
 * <p>The constructor ties {@code assurance} to {@code platform}, so a simulated result can never
 * carry {@link TeeAssurance#TEE_HARDWARE}.
 *
 * @param platform what produced the evidence
 * @param assurance always {@code platform.assurance()}
 * @param evidenceSha256 SHA-256 of the evidence payload, for the task record
 * @param measurements every measurement the evidence carries (e.g. MRENCLAVE and MRSIGNER)
 * @param tcbStatus the combined TCB status ({@link TcbStatus#NOT_APPLICABLE_SIMULATED} if
 *     simulated)
 * @param advisoryIds Intel security advisories the collateral lists for this TCB, sorted
 * @param debug whether the enclave or trust domain runs in debug mode
 * @param reportData the 64 bytes of report data, equal to the expected binding
 * @param evaluatedAt the instant at which certificates and collateral were evaluated
 */
public record VerifiedEvidence(
    TeePlatform platform,
    TeeAssurance assurance,
    Bytes evidenceSha256,
    List<Measurement> measurements,
    TcbStatus tcbStatus,
    List<String> advisoryIds,
    boolean debug,
    Bytes reportData,
    Instant evaluatedAt) {

  public VerifiedEvidence {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(assurance, "assurance");
    Objects.requireNonNull(evidenceSha256, "evidenceSha256");
    Objects.requireNonNull(tcbStatus, "tcbStatus");
    Objects.requireNonNull(reportData, "reportData");
    Objects.requireNonNull(evaluatedAt, "evaluatedAt");
    measurements = List.copyOf(measurements);
    advisoryIds = advisoryIds.stream().sorted().distinct().toList();
    if (assurance != platform.assurance()) {
      throw new IllegalArgumentException(platform + " evidence carries " + platform.assurance());
    }
    if ((platform == TeePlatform.SIMULATED) != (tcbStatus == TcbStatus.NOT_APPLICABLE_SIMULATED)) {
      throw new IllegalArgumentException("only simulated evidence has no TCB status");
    }
    if (tcbStatus == TcbStatus.REVOKED) {
      throw new IllegalArgumentException("revoked TCB is never verified");
    }
    if (measurements.isEmpty()) {
      throw new IllegalArgumentException("verified evidence has at least one measurement");
    }
  }

  /** The measurement of {@code kind}; throws if the evidence carries none of that kind. */
  public Measurement measurement(MeasurementKind kind) {
    return measurements.stream()
        .filter(m -> m.kind() == kind)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(platform + " evidence has no " + kind));
  }
}
