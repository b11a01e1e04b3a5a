package io.mitai.compute.ops;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * JOINT_STATS parameters. Every input table holds {@code keyColumn} and its own value columns (all
 * other columns). Result columns are named {@code <party>.<column>}.
 *
 * @param target for REGRESSION: a result column name ({@code <party>.<column>}), or a bare column
 *     name that exactly one party has
 * @param minGroupSize the fewest aligned (intersecting) rows the statistics may be computed over;
 *     every input party refuses, before contributing anything, an intersection smaller than this
 *     ({@link io.mitai.compute.session.FailureReason#GROUP_TOO_SMALL}); 0 = no floor
 * @param alignment how the rows are aligned: m-party ECDH-PSI, or (two input parties only) the
 *     OT-extension PSI of {@link OtPsi}; both reveal the same to each input party
 */
public record JointStatsSpec(
    Roles roles,
    String keyColumn,
    Set<Statistic> statistics,
    Optional<String> target,
    int minGroupSize,
    PsiProtocol alignment)
    implements TaskSpec {

  /** A spec aligned by ECDH-PSI. */
  public JointStatsSpec(
      Roles roles,
      String keyColumn,
      Set<Statistic> statistics,
      Optional<String> target,
      int minGroupSize) {
    this(roles, keyColumn, statistics, target, minGroupSize, PsiProtocol.ECDH);
  }

  /** A spec without an aggregation floor. */
  public JointStatsSpec(
      Roles roles, String keyColumn, Set<Statistic> statistics, Optional<String> target) {
    this(roles, keyColumn, statistics, target, 0);
  }

  public JointStatsSpec {
    if (minGroupSize < 0) {
      throw new IllegalArgumentException("minGroupSize must be >= 0");
    }
    statistics =
        statistics.isEmpty() ? EnumSet.noneOf(Statistic.class) : EnumSet.copyOf(statistics);
    if (roles.inputs().size() < 2) {
      throw new IllegalArgumentException("JOINT_STATS needs at least two input parties");
    }
    if (roles.dealer().isEmpty()) {
      throw new IllegalArgumentException("JOINT_STATS needs a dealer holding no input");
    }
    java.util.Objects.requireNonNull(alignment, "alignment");
    if (alignment == PsiProtocol.OT && roles.inputs().size() != 2) {
      throw new IllegalArgumentException("OT alignment joins exactly two input parties");
    }
    if (statistics.contains(Statistic.REGRESSION) && target.isEmpty()) {
      throw new IllegalArgumentException("REGRESSION needs a target column");
    }
  }

  @Override
  public Operation operation() {
    return Operation.JOINT_STATS;
  }
}
