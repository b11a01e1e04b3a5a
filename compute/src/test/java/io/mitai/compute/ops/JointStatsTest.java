package io.mitai.compute.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.compute.session.PartyId;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class JointStatsTest {
  private static final PartyId DEALER = PartyId.of("dealer");

  @Test
  void aligned_sums_are_exact_and_products_stay_within_the_reported_bound_for_random_inputs() {
    for (int iter = 0; iter < 14; iter++) {
      Random r = new Random(3000 + iter);
      int m = 2 + r.nextInt(2);
      Map<PartyId, Table> inputs = new TreeMap<>();
      List<PartyId> ids = new ArrayList<>();
      int space = 10 + r.nextInt(40);
      for (int p = 0; p < m; p++) {
        PartyId id = PartyId.of("org" + (p + 1));
        ids.add(id);
        List<String> cols = new ArrayList<>(List.of("id", "v" + p));
        if (r.nextBoolean()) {
          cols.add("w" + p);
        }
        inputs.put(
            id, RandomTables.table(r, cols, r.nextInt(5) == 0 ? 1 : 10 + r.nextInt(50), space, 1));
      }
      PartyId requester = r.nextBoolean() ? PartyId.of("org9") : ids.get(r.nextInt(m));
      JointStatsSpec spec =
          new JointStatsSpec(
              new Roles(ids, requester, Optional.of(DEALER)),
              "id",
              EnumSet.allOf(Statistic.class),
              Optional.of("v0"));
      JointStatsResult got =
          (JointStatsResult) Sessions.requesterResult(spec, Sessions.runLocal(spec, inputs));
      List<BigDecimal[]> rows = References.join(new ArrayList<>(inputs.values()), "id");
      assertThat(got.rows()).as("iteration %d", iter).isEqualTo(rows.size());
      int k = got.columns().size();
      for (int j = 0; j < k; j++) {
        assertThat(got.sums().orElseThrow().get(j)).isEqualByComparingTo(References.sum(rows, j));
        for (int kk = 0; kk < k; kk++) {
          BigDecimal want = References.dot(rows, j, kk);
          BigDecimal bound = got.dotErrorBound().get(j).get(kk);
          assertThat(got.dot().orElseThrow().get(j).get(kk).subtract(want).abs())
              .as("dot %d,%d iteration %d", j, kk, iter)
              .isLessThanOrEqualTo(bound.add(new BigDecimal("1e-20")));
          if (rows.size() >= 2) {
            BigDecimal cov = References.cov(rows, j, kk);
            BigDecimal covBound =
                bound.divide(BigDecimal.valueOf(rows.size() - 1), MathContext.DECIMAL128);
            assertThat(got.covariance().orElseThrow().get(j).get(kk).subtract(cov).abs())
                .isLessThanOrEqualTo(covBound.add(new BigDecimal("1e-20")));
          }
        }
      }
      if (rows.size() >= 2 && got.correlation().isPresent()) {
        for (int j = 0; j < k; j++) {
          Optional<BigDecimal> diag = got.correlation().get().get(j).get(j);
          diag.ifPresent(
              d ->
                  assertThat(d.doubleValue())
                      .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9)));
        }
      }
      assertThat(got.tripleSource())
          .isEqualTo(rows.isEmpty() ? TripleSource.NONE : TripleSource.DEALER_NON_COLLUDING);
    }
  }

  @Test
  void regression_recovers_a_known_linear_relation_across_two_parties() {
    PartyId a = PartyId.of("org1");
    PartyId b = PartyId.of("org2");
    Random r = new Random(7);
    List<List<String>> ra = new ArrayList<>();
    List<List<String>> rb = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      double x1 = r.nextGaussian() * 10 + 50;
      double x2 = r.nextGaussian() * 3 - 7;
      double y = 4.5 + 2.0 * x1 - 3.25 * x2;
      ra.add(
          List.of(
              "k" + i,
              String.format(java.util.Locale.ROOT, "%.6f", y),
              String.format(java.util.Locale.ROOT, "%.6f", x1)));
      rb.add(
          List.of(
              String.format(java.util.Locale.ROOT, "%.6f", x2), "k" + (i < 17 ? "other" + i : i)));
    }
    JointStatsSpec spec =
        new JointStatsSpec(
            new Roles(List.of(a, b), PartyId.of("org3"), Optional.of(DEALER)),
            "id",
            EnumSet.of(Statistic.REGRESSION, Statistic.COUNT),
            Optional.of("org1.y"));
    Map<PartyId, Table> inputs =
        Map.of(
            a, Sessions.table(List.of("id", "y", "x1"), ra),
            b, Sessions.table(List.of("x2", "id"), rb));
    JointStatsResult got =
        (JointStatsResult) Sessions.requesterResult(spec, Sessions.runLocal(spec, inputs));
    assertThat(got.rows()).isEqualTo(283);
    JointStatsResult.Regression reg = got.regression().orElseThrow();
    assertThat(reg.estimable()).isTrue();
    assertThat(reg.predictors()).containsExactly("org1.x1", "org2.x2");
    // y is linear in (x1, x2) up to the 6-decimal rounding of the inputs.
    assertThat(reg.coefficients().get(0).doubleValue())
        .isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(reg.coefficients().get(1).doubleValue())
        .isCloseTo(-3.25, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(reg.intercept().orElseThrow().doubleValue())
        .isCloseTo(4.5, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(got.dot()).isEmpty();
  }

  @Test
  void an_intersection_below_the_floor_fails_at_every_input_party_with_nothing_released() {
    PartyId a = PartyId.of("org1");
    PartyId b = PartyId.of("org2");
    List<List<String>> ra = new ArrayList<>();
    List<List<String>> rb = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      ra.add(List.of("k" + i, String.valueOf(i)));
      rb.add(List.of(i < 3 ? "k" + i : "x" + i, String.valueOf(2 * i)));
    }
    Map<PartyId, Table> inputs =
        Map.of(
            a, Sessions.table(List.of("id", "x"), ra),
            b, Sessions.table(List.of("id", "y"), rb));
    Roles roles = new Roles(List.of(a, b), PartyId.of("org3"), Optional.of(DEALER));

    Map<PartyId, Sessions.Outcome> refused =
        Sessions.runLocal(
            new JointStatsSpec(roles, "id", EnumSet.of(Statistic.SUM), Optional.empty(), 10),
            inputs);
    JointStatsResult allowed =
        (JointStatsResult)
            Sessions.requesterResult(
                new JointStatsSpec(roles, "id", EnumSet.of(Statistic.SUM), Optional.empty(), 3),
                Sessions.runLocal(
                    new JointStatsSpec(roles, "id", EnumSet.of(Statistic.SUM), Optional.empty(), 3),
                    inputs));

    for (PartyId p : List.of(a, b)) {
      assertThat(refused.get(p).failure().orElseThrow().reason())
          .isEqualTo(io.mitai.compute.session.FailureReason.GROUP_TOO_SMALL);
    }
    assertThat(refused.get(PartyId.of("org3")).result()).isEmpty();
    assertThat(refused.get(PartyId.of("org3")).failure()).isPresent();
    assertThat(allowed.rows()).isEqualTo(3);
  }
}
