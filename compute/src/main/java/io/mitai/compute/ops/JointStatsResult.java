package io.mitai.compute.ops;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The requester's JOINT_STATS output over the n aligned rows. Matrices are indexed like {@code
 * columns}. Each part is present only if requested.
 *
 * @param dotErrorBound for each entry of DOT (and n-1 times each COVARIANCE entry), the guaranteed
 *     bound on its absolute error: 0 for columns of the same party (computed exactly), n * 2^(e_j +
 *     e_k - 20) * (1 + 2^-20) for columns of different parties
 */
public record JointStatsResult(
    List<String> columns,
    long rows,
    Optional<List<BigDecimal>> sums,
    Optional<List<List<BigDecimal>>> dot,
    Optional<List<List<BigDecimal>>> covariance,
    Optional<List<List<Optional<BigDecimal>>>> correlation,
    Optional<Regression> regression,
    List<List<BigDecimal>> dotErrorBound,
    TripleSource tripleSource)
    implements OperationResult {

  /**
   * Least squares with intercept: target = intercept + sum(coefficient_i * predictor_i). Not
   * estimable (coefficients empty) when the predictors' covariance matrix is singular or n &lt; 2.
   */
  public record Regression(
      String target,
      List<String> predictors,
      boolean estimable,
      List<BigDecimal> coefficients,
      Optional<BigDecimal> intercept) {}

  @Override
  public Operation operation() {
    return Operation.JOINT_STATS;
  }

  @Override
  public SortedMap<String, Object> canonical() {
    SortedMap<String, Object> m = new TreeMap<>();
    m.put("columns", columns);
    m.put("rows", rows);
    sums.ifPresent(s -> m.put("sums", s));
    dot.ifPresent(d -> m.put("dot", d));
    covariance.ifPresent(c -> m.put("covariance", c));
    correlation.ifPresent(
        c -> {
          List<Object> rowsOut = new ArrayList<>();
          for (List<Optional<BigDecimal>> r : c) {
            rowsOut.add(new ArrayList<Object>(r));
          }
          m.put("correlation", rowsOut);
        });
    regression.ifPresent(
        r -> {
          SortedMap<String, Object> rm = new TreeMap<>();
          rm.put("target", r.target());
          rm.put("predictors", r.predictors());
          rm.put("estimable", r.estimable());
          rm.put("coefficients", r.coefficients());
          r.intercept().ifPresent(i -> rm.put("intercept", i));
          m.put("regression", rm);
        });
    m.put("dotErrorBound", dotErrorBound);
    m.put("tripleSource", tripleSource.name());
    m.put("securityModel", "MPC_SEMI_HONEST");
    return m;
  }
}
