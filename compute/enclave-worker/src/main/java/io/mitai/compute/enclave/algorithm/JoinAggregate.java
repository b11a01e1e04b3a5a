package io.mitai.compute.enclave.algorithm;

import io.mitai.compute.enclave.EnclaveException;
import io.mitai.compute.enclave.EnclaveFailure;
import io.mitai.compute.tee.dcap.Json;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code join-aggregate 1.0.0}: inner-join the inputs on a key column ({@link Join}), keep the rows
 * passing the filter, group them by the {@code groupBy} columns and compute COUNT, SUM and MEAN per
 * group; groups with fewer than {@code minGroupSize} joined rows are dropped.
 *
 * <p>Parameters: the join's ({@code key}/{@code keys}, {@code filter}); {@code "groupBy":
 * [column…]} (default none: one group); {@code "aggregates": [{"function": COUNT|SUM|MEAN,
 * "column": c?}]} (COUNT without a column counts rows, with one its non-missing cells; SUM and MEAN
 * need a column; default {@code [{"function":"COUNT"}]}); {@code "minGroupSize": k} (default 1).
 * Missing cells are skipped per aggregate; a non-numeric cell in a SUM or MEAN column fails the job
 * as INVALID_INPUT (naming the column, not the value). SUM is exact; MEAN is SUM/COUNT in 34
 * significant digits (absent if COUNT is 0).
 *
 * <p>Output: per kept group, in order of its labels (compared as lists of strings, a missing label
 * being ""), the labels, the joined row count and each aggregate. <b>Leakage</b>: the requester
 * learns, for every group of at least k joined rows, its labels, its size and the aggregates — and
 * hence whatever those reveal (a group of k rows reveals a sum over k individuals); nothing about
 * suppressed groups, not even how many there were. The input owners learn nothing from the worker.
 */
public final class JoinAggregate implements TeeAlgorithm {

  /** Most groups in a result. */
  static final int MAX_GROUPS = 100_000;

  /** Aggregate functions. */
  enum Function {
    COUNT,
    SUM,
    MEAN
  }

  record Aggregate(Function function, Optional<String> name, int column) {}

  record Spec(Join.Spec join, List<Integer> groupBy, List<Aggregate> aggregates, int minGroupSize) {
    static Spec parse(Json.Obj params, List<String> owners, List<List<String>> columns)
        throws EnclaveException {
      Params p =
          new Params(
              params, List.of("key", "keys", "filter", "groupBy", "aggregates", "minGroupSize"));
      Join.Spec join = Join.Spec.parse(p, owners, columns);
      List<Integer> groupBy = new ArrayList<>();
      for (String g : p.texts("groupBy", false)) {
        int c = join.schema().resolve(g);
        if (groupBy.contains(c)) {
          throw Params.invalid("`params.groupBy` names column '" + g + "' twice");
        }
        groupBy.add(c);
      }
      List<Aggregate> aggregates = new ArrayList<>();
      List<Json.Node> given = p.list("aggregates", false);
      if (!p.has("aggregates")) {
        aggregates.add(new Aggregate(Function.COUNT, Optional.empty(), -1));
      } else if (given.isEmpty()) {
        throw Params.invalid("`params.aggregates` must name at least one aggregate");
      }
      for (Json.Node n : given) {
        Params a = Params.of(n, "each `params.aggregates` entry", List.of("function", "column"));
        Function f;
        try {
          f = Function.valueOf(a.text("function"));
        } catch (IllegalArgumentException e) {
          throw Params.invalid("`function` must be one of " + List.of(Function.values()));
        }
        Optional<String> column = a.optionalText("column");
        if (f != Function.COUNT && column.isEmpty()) {
          throw Params.invalid(f + " needs a `column`");
        }
        int index = column.isPresent() ? join.schema().resolve(column.get()) : -1;
        Optional<String> name = column.map(c -> join.schema().qualified.get(index));
        Aggregate agg = new Aggregate(f, name, index);
        if (aggregates.contains(agg)) {
          throw Params.invalid("`params.aggregates` names " + f + " " + name.orElse("") + " twice");
        }
        aggregates.add(agg);
      }
      int k = p.integer("minGroupSize", 1, 1, 1_000_000);
      return new Spec(join, List.copyOf(groupBy), List.copyOf(aggregates), k);
    }
  }

  @Override
  public String name() {
    return "join-aggregate";
  }

  @Override
  public String version() {
    return "1.0.0";
  }

  @Override
  public String description() {
    return "Inner-joins the inputs on a key column, filters, groups by columns and returns COUNT,"
        + " SUM and MEAN per group, dropping groups of fewer than minGroupSize joined rows."
        + " Reveals to the requester only the labels, sizes and aggregates of the kept groups.";
  }

  @Override
  public void check(Json.Obj params, List<String> owners, List<List<String>> inputColumns)
      throws EnclaveException {
    Spec.parse(params, owners, inputColumns);
  }

  @Override
  public SortedMap<String, Object> run(Json.Obj params, List<InputTable> inputs)
      throws EnclaveException {
    Spec spec =
        Spec.parse(
            params,
            inputs.stream().map(InputTable::owner).toList(),
            inputs.stream().map(InputTable::columns).toList());
    List<String[]> rows = Join.rows(spec.join(), inputs);
    SortedMap<List<String>, Accumulator> groups = new TreeMap<>(JoinAggregate::compareLabels);
    for (String[] row : rows) {
      List<String> labels = new ArrayList<>();
      for (int g : spec.groupBy()) {
        labels.add(row[g] == null ? "" : row[g]);
      }
      Accumulator acc = groups.get(labels);
      if (acc == null) {
        if (groups.size() >= MAX_GROUPS) {
          throw new EnclaveException(
              EnclaveFailure.LIMIT_EXCEEDED, "more than " + MAX_GROUPS + " groups");
        }
        acc = new Accumulator(spec.aggregates().size());
        groups.put(labels, acc);
      }
      acc.add(row, spec.aggregates(), spec.join().schema());
    }
    List<Object> out = new ArrayList<>();
    for (Map.Entry<List<String>, Accumulator> e : groups.entrySet()) {
      Accumulator acc = e.getValue();
      if (acc.rows < spec.minGroupSize()) {
        continue;
      }
      SortedMap<String, Object> g = new TreeMap<>();
      g.put("labels", List.copyOf(e.getKey()));
      g.put("rows", acc.rows);
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < spec.aggregates().size(); i++) {
        Aggregate a = spec.aggregates().get(i);
        SortedMap<String, Object> v = new TreeMap<>();
        v.put("function", a.function().name());
        v.put("column", a.name());
        v.put(
            "value",
            switch (a.function()) {
              case COUNT -> a.column() < 0 ? acc.rows : acc.counts[i];
              case SUM -> acc.sums[i];
              case MEAN ->
                  acc.counts[i] == 0
                      ? Optional.empty()
                      : acc.sums[i].divide(
                          BigDecimal.valueOf(acc.counts[i]), MathContext.DECIMAL128);
            });
        values.add(v);
      }
      g.put("aggregates", values);
      out.add(g);
    }
    SortedMap<String, Object> result = new TreeMap<>();
    List<Object> groupBy = new ArrayList<>();
    spec.groupBy().forEach(c -> groupBy.add(spec.join().schema().qualified.get(c)));
    result.put("groupBy", groupBy);
    result.put("minGroupSize", (long) spec.minGroupSize());
    result.put("groups", out);
    return result;
  }

  /** Lexicographic order of label lists (same length within one job). */
  static int compareLabels(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /** Running totals of one group. */
  static final class Accumulator {
    long rows;
    final long[] counts;
    final BigDecimal[] sums;

    Accumulator(int n) {
      counts = new long[n];
      sums = new BigDecimal[n];
      java.util.Arrays.fill(sums, BigDecimal.ZERO);
    }

    void add(String[] row, List<Aggregate> aggregates, Join.Schema schema) throws EnclaveException {
      rows++;
      for (int i = 0; i < aggregates.size(); i++) {
        Aggregate a = aggregates.get(i);
        if (a.column() < 0) {
          continue;
        }
        String cell = row[a.column()];
        if (cell == null) {
          continue;
        }
        counts[i]++;
        if (a.function() != Function.COUNT) {
          BigDecimal x =
              Numbers.parse(cell)
                  .orElseThrow(
                      () ->
                          new EnclaveException(
                              EnclaveFailure.INVALID_INPUT,
                              "column '"
                                  + schema.qualified.get(a.column())
                                  + "' has a non-numeric cell to "
                                  + a.function()));
          sums[i] = sums[i].add(x);
        }
      }
    }
  }
}
