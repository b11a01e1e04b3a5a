package io.mitai.compute.ops;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The requester's SECURE_AGGREGATE output: one entry per group that was not suppressed, in label
 * order (a single unlabelled group without groupBy).
 */
public record AggregateResult(Optional<String> groupBy, List<Group> groups)
    implements OperationResult {
  public AggregateResult {
    groups = List.copyOf(groups);
  }

  /** One group: its label (absent without groupBy), its row count and its columns' statistics. */
  public record Group(Optional<String> label, long rows, List<ColumnStats> columns) {
    public Group {
      columns = List.copyOf(columns);
    }
  }

  /**
   * Statistics of one column within a group; each present only if requested and defined.
   *
   * @param count non-missing values (present if COUNT was requested)
   */
  public record ColumnStats(
      String column,
      Optional<Long> count,
      Optional<BigDecimal> sum,
      Optional<BigDecimal> mean,
      Optional<BigDecimal> variance,
      Optional<BigDecimal> stddev) {}

  @Override
  public Operation operation() {
    return Operation.SECURE_AGGREGATE;
  }

  @Override
  public SortedMap<String, Object> canonical() {
    SortedMap<String, Object> m = new TreeMap<>();
    groupBy.ifPresent(g -> m.put("groupBy", g));
    List<Object> gs = new ArrayList<>();
    for (Group g : groups) {
      SortedMap<String, Object> gm = new TreeMap<>();
      g.label().ifPresent(l -> gm.put("label", l));
      gm.put("rows", g.rows());
      List<Object> cs = new ArrayList<>();
      for (ColumnStats c : g.columns()) {
        SortedMap<String, Object> cm = new TreeMap<>();
        cm.put("column", c.column());
        c.count().ifPresent(v -> cm.put("count", v));
        c.sum().ifPresent(v -> cm.put("sum", v));
        c.mean().ifPresent(v -> cm.put("mean", v));
        c.variance().ifPresent(v -> cm.put("variance", v));
        c.stddev().ifPresent(v -> cm.put("stddev", v));
        cs.add(cm);
      }
      gm.put("columns", cs);
      gs.add(gm);
    }
    m.put("groups", gs);
    return m;
  }
}
