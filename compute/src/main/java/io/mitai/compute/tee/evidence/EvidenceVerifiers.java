package io.mitai.compute.tee.evidence;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Routes evidence to the verifier configured for its format. A node that has no simulated platform
 * key configured simply has no verifier for {@link EvidenceFormat#MITAI_SIMULATED_V1}, and such
 * evidence is refused as {@link RefusalReason#UNSUPPORTED_FORMAT}.
 */
public final class EvidenceVerifiers implements EvidenceVerifier {
  private final Map<EvidenceFormat, EvidenceVerifier> byFormat;

  public EvidenceVerifiers(Map<EvidenceFormat, EvidenceVerifier> byFormat) {
    this.byFormat = new EnumMap<>(EvidenceFormat.class);
    byFormat.forEach(
        (f, v) -> this.byFormat.put(Objects.requireNonNull(f), Objects.requireNonNull(v)));
  }

  @Override
  public VerifiedEvidence verify(Evidence evidence, Expectation expected, Instant at)
      throws EvidenceRejectedException {
    EvidenceVerifier verifier = byFormat.get(evidence.format());
    if (verifier == null) {
      throw new EvidenceRejectedException(
          RefusalReason.UNSUPPORTED_FORMAT, "no verifier configured for " + evidence.format());
    }
    return verifier.verify(evidence, expected, at);
  }
}
