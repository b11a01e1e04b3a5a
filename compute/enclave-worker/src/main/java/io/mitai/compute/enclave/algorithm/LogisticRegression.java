package io.mitai.compute.enclave.algorithm;

import io.mitai.compute.enclave.EnclaveException;
import io.mitai.compute.enclave.EnclaveFailure;
import io.mitai.compute.tee.dcap.Json;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code logistic-regression 1.0.0}: binary logistic regression with intercept, fitted by
 * iteratively reweighted least squares (Newton's method on the log-likelihood) on the joined,
 * filtered rows ({@link Join}).
 *
 * <p>Parameters: the join's ({@code key}/{@code keys}, {@code filter}); {@code "target": column}
 * (cells 0 or 1); {@code "features": [column…]} (numeric); {@code "maxIterations": n} (default 50,
 * 1..500); {@code "minRows": m} (default 10): fewer complete rows fail the job as INVALID_INPUT.
 * Rows with a missing target or feature are left out (complete-case analysis); a present cell that
 * is not a number (or a target not 0/1) fails the job as INVALID_INPUT naming the column.
 *
 * <p>Fit: β₀ = 0; each iteration solves (XᵀWX) δ = Xᵀ(y − μ) by Gaussian elimination with partial
 * pivoting, with μ = σ(Xβ), W = diag(μ(1 − μ)), and sets β ← β + δ; it stops when max|δ| ≤ 1e-10 ·
 * (1 + max|β|) or after maxIterations. Deterministic: IEEE double arithmetic in a fixed order.
 * Outputs are rounded to 12 significant digits (half-even).
 *
 * <p>Output: per coefficient (intercept first, then the features in order) its estimate and
 * standard error (√ of the diagonal of (XᵀWX)⁻¹ at the estimate); n, iterations, whether it
 * converged, log-likelihood, null log-likelihood, deviance, AIC and McFadden's pseudo-R². If XᵀWX
 * is singular (collinear features, a constant feature) the result says {@code "estimable": false}
 * and holds no coefficients. <b>Leakage</b>: only these statistics; but coefficients of a model
 * fitted on few rows can reveal individual rows, which is why {@code minRows} exists and owners
 * should set a grant's columns narrowly.
 */
public final class LogisticRegression implements TeeAlgorithm {

  private static final MathContext OUT = new MathContext(12, RoundingMode.HALF_EVEN);

  record Spec(Join.Spec join, int target, List<Integer> features, int maxIterations, int minRows) {
    static Spec parse(Json.Obj params, List<String> owners, List<List<String>> columns)
        throws EnclaveException {
      Params p =
          new Params(
              params,
              List.of("key", "keys", "filter", "target", "features", "maxIterations", "minRows"));
      Join.Spec join = Join.Spec.parse(p, owners, columns);
      int target = join.schema().resolve(p.text("target"));
      List<Integer> features = new ArrayList<>();
      for (String f : p.texts("features", true)) {
        int c = join.schema().resolve(f);
        if (c == target || features.contains(c)) {
          throw Params.invalid("feature '" + f + "' is the target or named twice");
        }
        features.add(c);
      }
      if (features.isEmpty()) {
        throw Params.invalid("`params.features` must name at least one column");
      }
      int maxIterations = p.integer("maxIterations", 50, 1, 500);
      int minRows = p.integer("minRows", 10, 1, 1_000_000_000);
      return new Spec(join, target, List.copyOf(features), maxIterations, minRows);
    }
  }

  /** The fitted model (doubles), before rounding for output. */
  record Fit(
      int rows,
      int iterations,
      boolean converged,
      Optional<double[]> coefficients,
      Optional<double[]> standardErrors,
      double logLikelihood,
      double nullLogLikelihood) {}

  @Override
  public String name() {
    return "logistic-regression";
  }

  @Override
  public String version() {
    return "1.0.0";
  }

  @Override
  public String description() {
    return "Fits a binary logistic regression with intercept (IRLS) of a 0/1 target on numeric"
        + " features over the inner join of the inputs. Reveals to the requester only the"
        + " coefficients, their standard errors and fit statistics (n, log-likelihoods, deviance,"
        + " AIC, pseudo-R2); refuses fewer than minRows complete rows.";
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
    Join.Schema schema = spec.join().schema();
    List<double[]> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (String[] row : Join.rows(spec.join(), inputs)) {
      String t = row[spec.target()];
      boolean complete = t != null;
      for (int f : spec.features()) {
        complete &= row[f] != null;
      }
      if (!complete) {
        continue;
      }
      BigDecimal tv = number(t, schema.qualified.get(spec.target()));
      if (tv.compareTo(BigDecimal.ZERO) != 0 && tv.compareTo(BigDecimal.ONE) != 0) {
        throw new EnclaveException(
            EnclaveFailure.INVALID_INPUT,
            "target '" + schema.qualified.get(spec.target()) + "' has a cell other than 0 or 1");
      }
      double[] xi = new double[spec.features().size() + 1];
      xi[0] = 1.0;
      for (int j = 0; j < spec.features().size(); j++) {
        int f = spec.features().get(j);
        xi[j + 1] = number(row[f], schema.qualified.get(f)).doubleValue();
      }
      x.add(xi);
      y.add(tv.doubleValue());
    }
    if (x.size() < spec.minRows()) {
      throw new EnclaveException(
          EnclaveFailure.INVALID_INPUT,
          "fewer than minRows = " + spec.minRows() + " complete joined rows");
    }
    Fit fit = fit(x, y.stream().mapToDouble(Double::doubleValue).toArray(), spec.maxIterations());
    SortedMap<String, Object> result = new TreeMap<>();
    result.put("target", schema.qualified.get(spec.target()));
    List<Object> features = new ArrayList<>();
    spec.features().forEach(f -> features.add(schema.qualified.get(f)));
    result.put("features", features);
    result.put("rows", (long) fit.rows());
    result.put("iterations", (long) fit.iterations());
    result.put("converged", fit.converged());
    result.put("estimable", fit.coefficients().isPresent());
    List<Object> coefficients = new ArrayList<>();
    if (fit.coefficients().isPresent()) {
      double[] b = fit.coefficients().get();
      double[] se = fit.standardErrors().orElseThrow();
      for (int j = 0; j < b.length; j++) {
        SortedMap<String, Object> c = new TreeMap<>();
        c.put("term", j == 0 ? "(intercept)" : schema.qualified.get(spec.features().get(j - 1)));
        c.put("estimate", round(b[j]));
        c.put("standardError", round(se[j]));
        coefficients.add(c);
      }
      int k = b.length;
      result.put("logLikelihood", round(fit.logLikelihood()));
      result.put("deviance", round(-2 * fit.logLikelihood()));
      result.put("aic", round(2 * k - 2 * fit.logLikelihood()));
      result.put(
          "pseudoR2",
          fit.nullLogLikelihood() == 0
              ? Optional.empty()
              : Optional.of(round(1 - fit.logLikelihood() / fit.nullLogLikelihood())));
    }
    result.put("coefficients", coefficients);
    result.put("nullLogLikelihood", round(fit.nullLogLikelihood()));
    return result;
  }

  /** IRLS; public to the package for the reference tests. */
  static Fit fit(List<double[]> x, double[] y, int maxIterations) {
    int n = x.size();
    int p = x.get(0).length;
    double[] beta = new double[p];
    double ones = 0;
    for (double v : y) {
      ones += v;
    }
    double pBar = ones / n;
    double nullLl =
        (ones == 0 || ones == n) ? 0 : ones * Math.log(pBar) + (n - ones) * Math.log(1 - pBar);
    boolean converged = false;
    int iterations = 0;
    while (iterations < maxIterations) {
      iterations++;
      double[][] h = new double[p][p];
      double[] g = new double[p];
      accumulate(x, y, beta, h, g);
      Optional<double[]> delta = solve(h, g);
      if (delta.isEmpty()) {
        return new Fit(
            n, iterations, false, Optional.empty(), Optional.empty(), Double.NaN, nullLl);
      }
      double step = 0;
      double size = 0;
      for (int j = 0; j < p; j++) {
        beta[j] += delta.get()[j];
        step = Math.max(step, Math.abs(delta.get()[j]));
        size = Math.max(size, Math.abs(beta[j]));
      }
      if (!Double.isFinite(step)) {
        return new Fit(
            n, iterations, false, Optional.empty(), Optional.empty(), Double.NaN, nullLl);
      }
      if (step <= 1e-10 * (1 + size)) {
        converged = true;
        break;
      }
    }
    double[][] h = new double[p][p];
    double[] g = new double[p];
    double ll = accumulate(x, y, beta, h, g);
    Optional<double[][]> inverse = invert(h);
    if (inverse.isEmpty()) {
      return new Fit(n, iterations, false, Optional.empty(), Optional.empty(), ll, nullLl);
    }
    double[] se = new double[p];
    for (int j = 0; j < p; j++) {
      se[j] = Math.sqrt(inverse.get()[j][j]);
      if (!Double.isFinite(se[j]) || !Double.isFinite(beta[j])) {
        return new Fit(n, iterations, false, Optional.empty(), Optional.empty(), ll, nullLl);
      }
    }
    return new Fit(n, iterations, converged, Optional.of(beta), Optional.of(se), ll, nullLl);
  }

  /** Fills XᵀWX and Xᵀ(y − μ) at β; returns the log-likelihood. */
  private static double accumulate(
      List<double[]> x, double[] y, double[] beta, double[][] h, double[] g) {
    int p = beta.length;
    double ll = 0;
    for (int i = 0; i < x.size(); i++) {
      double[] xi = x.get(i);
      double eta = 0;
      for (int j = 0; j < p; j++) {
        eta += xi[j] * beta[j];
      }
      double mu = 1 / (1 + Math.exp(-eta));
      double w = mu * (1 - mu);
      // log σ(η) and log(1 − σ(η)) in a form that does not overflow for large |η|.
      double log1pExp = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
      ll += y[i] * eta - log1pExp;
      double r = y[i] - mu;
      for (int j = 0; j < p; j++) {
        g[j] += xi[j] * r;
        for (int k = 0; k <= j; k++) {
          h[j][k] += w * xi[j] * xi[k];
        }
      }
    }
    for (int j = 0; j < p; j++) {
      for (int k = j + 1; k < p; k++) {
        h[j][k] = h[k][j];
      }
    }
    return ll;
  }

  /** Solves a·x = b by Gaussian elimination with partial pivoting; empty if singular. */
  static Optional<double[]> solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][n + 1];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, m[i], 0, n);
      m[i][n] = b[i];
    }
    if (!eliminate(m, n)) {
      return Optional.empty();
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = m[i][n];
      for (int j = i + 1; j < n; j++) {
        s -= m[i][j] * x[j];
      }
      x[i] = s / m[i][i];
    }
    return Optional.of(x);
  }

  private static Optional<double[][]> invert(double[][] a) {
    int n = a.length;
    double[][] inv = new double[n][n];
    for (int c = 0; c < n; c++) {
      double[] e = new double[n];
      e[c] = 1;
      Optional<double[]> col = solve(a, e);
      if (col.isEmpty()) {
        return Optional.empty();
      }
      for (int r = 0; r < n; r++) {
        inv[r][c] = col.get()[r];
      }
    }
    return Optional.of(inv);
  }

  private static boolean eliminate(double[][] m, int n) {
    double scale = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        scale = Math.max(scale, Math.abs(m[i][j]));
      }
    }
    if (scale == 0 || !Double.isFinite(scale)) {
      return false;
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
          pivot = r;
        }
      }
      if (Math.abs(m[pivot][col]) <= 1e-12 * scale) {
        return false;
      }
      double[] t = m[col];
      m[col] = m[pivot];
      m[pivot] = t;
      for (int r = col + 1; r < n; r++) {
        double f = m[r][col] / m[col][col];
        for (int c = col; c <= n; c++) {
          m[r][c] -= f * m[col][c];
        }
      }
    }
    return true;
  }

  private static BigDecimal number(String cell, String column) throws EnclaveException {
    return Numbers.parse(cell)
        .orElseThrow(
            () ->
                new EnclaveException(
                    EnclaveFailure.INVALID_INPUT,
                    "column '" + column + "' has a non-numeric cell"));
  }

  private static BigDecimal round(double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalStateException("a fitted statistic is not finite");
    }
    return new BigDecimal(v).round(OUT);
  }
}
