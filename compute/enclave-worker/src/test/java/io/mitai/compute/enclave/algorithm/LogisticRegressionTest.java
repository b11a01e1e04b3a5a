package io.mitai.compute.enclave.algorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.compute.enclave.EnclaveException;
import io.mitai.compute.enclave.EnclaveFailure;
import io.mitai.compute.ops.Table;
import io.mitai.compute.tee.dcap.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/**
 * logistic-regression on a generated data set with known coefficients, split across two owners,
 * checked against the truth (within a few standard errors) and against an independent reference
 * (plain gradient ascent on the mean log-likelihood, test scope).
 */
class LogisticRegressionTest {
  static final double[] TRUE = {-0.5, 1.2, -0.8};
  static final String PARAMS =
      "{\"key\":\"id\",\"target\":\"y\",\"features\":[\"x1\",\"org2.x2\"]}";

  /** org1: id, x1; org2: id, x2, y. Rows with id divisible by 7 exist only at org1. */
  static List<InputTable> data(int n, long seed) {
    Random r = new Random(seed);
    List<List<String>> a = new ArrayList<>();
    List<List<String>> b = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      BigDecimal x1 = BigDecimal.valueOf(Math.round(r.nextGaussian() * 1e6), 6);
      BigDecimal x2 = BigDecimal.valueOf(Math.round(r.nextGaussian() * 1e6), 6);
      double eta = TRUE[0] + TRUE[1] * x1.doubleValue() + TRUE[2] * x2.doubleValue();
      int y = r.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
      a.add(List.of("id" + i, x1.toPlainString()));
      if (i % 7 != 0) {
        b.add(List.of("id" + i, x2.toPlainString(), Integer.toString(y)));
      }
    }
    return List.of(
        new InputTable("org1", new Table(List.of("id", "x1"), a)),
        new InputTable("org2", new Table(List.of("id", "x2", "y"), b)));
  }

  /** Gradient ascent on the mean log-likelihood: slow, simple, independent of IRLS. */
  static double[] reference(List<InputTable> inputs) {
    Map<String, String> x1 = new java.util.HashMap<>();
    for (List<String> row : inputs.get(0).table().rows()) {
      x1.put(row.get(0), row.get(1));
    }
    List<double[]> rows = new ArrayList<>();
    for (List<String> row : inputs.get(1).table().rows()) {
      rows.add(
          new double[] {
            Double.parseDouble(x1.get(row.get(0))),
            Double.parseDouble(row.get(1)),
            Double.parseDouble(row.get(2))
          });
    }
    double[] b = new double[3];
    for (int it = 0; it < 20_000; it++) {
      double[] g = new double[3];
      for (double[] row : rows) {
        double mu = 1 / (1 + Math.exp(-(b[0] + b[1] * row[0] + b[2] * row[1])));
        double res = row[2] - mu;
        g[0] += res;
        g[1] += res * row[0];
        g[2] += res * row[1];
      }
      double step = 0;
      for (int j = 0; j < 3; j++) {
        double d = 4.0 * g[j] / rows.size();
        b[j] += d;
        step = Math.max(step, Math.abs(d));
      }
      if (step < 1e-12) {
        break;
      }
    }
    return b;
  }

  static double estimate(SortedMap<String, Object> result, int j, String field) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> cs = (List<Map<String, Object>>) result.get("coefficients");
    return ((BigDecimal) cs.get(j).get(field)).doubleValue();
  }

  @Test
  void recovers_known_coefficients_and_agrees_with_the_gradient_reference() throws Exception {
    List<InputTable> inputs = data(6000, 42);
    SortedMap<String, Object> result =
        new LogisticRegression()
            .run((Json.Obj) Json.parse(PARAMS.getBytes(StandardCharsets.UTF_8)), inputs);
    assertThat(result.get("converged")).isEqualTo(true);
    assertThat(result.get("rows")).isEqualTo((long) (6000 - (6000 + 6) / 7));
    double[] ref = reference(inputs);
    for (int j = 0; j < 3; j++) {
      double b = estimate(result, j, "estimate");
      double se = estimate(result, j, "standardError");
      assertThat(Math.abs(b - TRUE[j])).as("coefficient %d vs truth", j).isLessThan(4 * se);
      assertThat(b)
          .as("coefficient %d vs reference", j)
          .isCloseTo(ref[j], org.assertj.core.data.Offset.offset(1e-7));
    }
    assertThat(((BigDecimal) result.get("logLikelihood")).doubleValue())
        .isGreaterThan(((BigDecimal) result.get("nullLogLikelihood")).doubleValue());
    assertThat(result.keySet())
        .containsExactlyInAnyOrder(
            "target",
            "features",
            "rows",
            "iterations",
            "converged",
            "estimable",
            "coefficients",
            "logLikelihood",
            "deviance",
            "aic",
            "pseudoR2",
            "nullLogLikelihood");
  }

  @Test
  void is_deterministic() throws Exception {
    Json.Obj p = (Json.Obj) Json.parse(PARAMS.getBytes(StandardCharsets.UTF_8));
    assertThat(new LogisticRegression().run(p, data(500, 7)))
        .isEqualTo(new LogisticRegression().run(p, data(500, 7)));
  }

  @Test
  void a_collinear_feature_is_reported_not_estimable() throws Exception {
    List<List<String>> a = new ArrayList<>();
    List<List<String>> b = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      a.add(List.of("k" + i, Integer.toString(i)));
      b.add(List.of("k" + i, Integer.toString(2 * i), Integer.toString(i % 2)));
    }
    SortedMap<String, Object> result =
        new LogisticRegression()
            .run(
                (Json.Obj) Json.parse(PARAMS.getBytes(StandardCharsets.UTF_8)),
                List.of(
                    new InputTable("org1", new Table(List.of("id", "x1"), a)),
                    new InputTable("org2", new Table(List.of("id", "x2", "y"), b))));
    assertThat(result.get("estimable")).isEqualTo(false);
    assertThat((List<?>) result.get("coefficients")).isEmpty();
  }

  @Test
  void refuses_fewer_rows_than_min_rows() {
    assertThatThrownBy(
            () ->
                new LogisticRegression()
                    .run(
                        (Json.Obj)
                            Json.parse(
                                "{\"key\":\"id\",\"target\":\"y\",\"features\":[\"x1\",\"x2\"],\"minRows\":100}"
                                    .getBytes(StandardCharsets.UTF_8)),
                        data(50, 1)))
        .isInstanceOfSatisfying(
            EnclaveException.class,
            e -> assertThat(e.failure()).isEqualTo(EnclaveFailure.INVALID_INPUT));
  }
}
