package io.mitai.compute.ops;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * SECURE_AGGREGATE parameters.
 *
 * @param valueColumns the numeric columns aggregated (every input has them all)
 * @param aggregates which statistics the requester receives
 * @param groupBy an optional categorical column present in every input
 * @param minGroupSize groups with fewer rows (all parties together) are suppressed; 0 = none
 */
public record AggregateSpec(
    Roles roles,
    List<String> valueColumns,
    Set<Aggregate> aggregates,
    Optional<String> groupBy,
    int minGroupSize)
    implements TaskSpec {
  public AggregateSpec {
    valueColumns = List.copyOf(valueColumns);
    if (valueColumns.isEmpty()
        && !aggregates.isEmpty()
        && !aggregates.equals(EnumSet.of(Aggregate.COUNT))) {
      throw new IllegalArgumentException("no value columns to aggregate");
    }
    aggregates =
        aggregates.isEmpty() ? EnumSet.noneOf(Aggregate.class) : EnumSet.copyOf(aggregates);
    if (minGroupSize < 0) {
      throw new IllegalArgumentException("minGroupSize must be >= 0");
    }
    if (groupBy.isPresent() && valueColumns.contains(groupBy.get())) {
      throw new IllegalArgumentException("the groupBy column cannot also be aggregated");
    }
    if (roles.dealer().isPresent()) {
      throw new IllegalArgumentException("SECURE_AGGREGATE has no dealer");
    }
  }

  @Override
  public Operation operation() {
    return Operation.SECURE_AGGREGATE;
  }
}
