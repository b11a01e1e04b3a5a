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

class SecureAggregateTest {
  private static final List<String> COLS = List.of("region", "income", "age");

  @Test
  void random_partitions_give_exactly_the_plaintext_counts_and_sums_and_the_moments_to_34_digits() {
    for (int iter = 0; iter < 25; iter++) {
      Random r = new Random(1000 + iter);
      int parties = 2 + r.nextInt(3);
      boolean separateRequester = r.nextBoolean();
      Optional<String> groupBy = r.nextBoolean() ? Optional.of("region") : Optional.empty();
      int minGroup = r.nextInt(3) == 0 ? 1 + r.nextInt(6) : 0;
      Map<PartyId, Table> inputs = new TreeMap<>();
      List<PartyId> ids = new ArrayList<>();
      for (int p = 0; p < parties; p++) {
        PartyId id = PartyId.of("org" + (p + 1));
        ids.add(id);
        int rows = r.nextInt(4) == 0 ? r.nextInt(2) : r.nextInt(40);
        inputs.put(id, RandomTables.table(r, COLS, rows, 50, 1 + r.nextInt(5)));
      }
      PartyId requester = separateRequester ? PartyId.of("org9") : ids.get(r.nextInt(parties));
      AggregateSpec spec =
          new AggregateSpec(
              new Roles(ids, requester, Optional.empty()),
              List.of("income", "age"),
              EnumSet.allOf(Aggregate.class),
              groupBy,
              minGroup);
      AggregateResult got =
          (AggregateResult) Sessions.requesterResult(spec, Sessions.runLocal(spec, inputs));
      TreeMap<String, BigDecimal[]> want =
          References.aggregate(new ArrayList<>(inputs.values()), List.of("income", "age"), groupBy);
      want.values().removeIf(v -> v[0].longValue() < minGroup);
      assertThat(got.groups()).as("iteration %d", iter).hasSize(want.size());
      int g = 0;
      for (Map.Entry<String, BigDecimal[]> e : want.entrySet()) {
        AggregateResult.Group group = got.groups().get(g++);
        assertThat(group.label()).isEqualTo(groupBy.map(x -> e.getKey()));
        assertThat(group.rows()).isEqualTo(e.getValue()[0].longValue());
        for (int j = 0; j < 2; j++) {
          AggregateResult.ColumnStats c = group.columns().get(j);
          long n = e.getValue()[1 + 3 * j].longValue();
          BigDecimal sum = e.getValue()[2 + 3 * j];
          BigDecimal sumSq = e.getValue()[3 + 3 * j];
          assertThat(c.count()).contains(n);
          assertThat(c.sum().orElseThrow()).isEqualByComparingTo(sum);
          if (n >= 1) {
            assertClose(
                c.mean().orElseThrow(), sum.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128));
          } else {
            assertThat(c.mean()).isEmpty();
          }
          if (n >= 2) {
            BigDecimal var =
                sumSq
                    .subtract(
                        sum.multiply(sum).divide(BigDecimal.valueOf(n), MathContext.DECIMAL128))
                    .divide(BigDecimal.valueOf(n - 1), MathContext.DECIMAL128);
            assertClose(c.variance().orElseThrow(), var);
            assertClose(c.stddev().orElseThrow(), var.sqrt(MathContext.DECIMAL128));
          } else {
            assertThat(c.variance()).isEmpty();
          }
        }
      }
    }
  }

  @Test
  void a_non_numeric_cell_fails_the_session_without_echoing_the_value() {
    PartyId a = PartyId.of("org1");
    PartyId b = PartyId.of("org2");
    AggregateSpec spec =
        new AggregateSpec(
            new Roles(List.of(a, b), a, Optional.empty()),
            List.of("income"),
            EnumSet.of(Aggregate.SUM),
            Optional.empty(),
            0);
    Map<PartyId, Table> inputs =
        Map.of(
            a, Sessions.table(List.of("income"), List.of(List.of("1"))),
            b, Sessions.table(List.of("income"), List.of(List.of("secret-text"))));
    Map<PartyId, Sessions.Outcome> out = Sessions.runLocal(spec, inputs);
    assertThat(out.get(b).failure().orElseThrow().reason())
        .isEqualTo(io.mitai.compute.session.FailureReason.INVALID_INPUT);
    assertThat(out.get(b).failure().orElseThrow().getMessage()).doesNotContain("secret-text");
    assertThat(out.get(a).failure()).isPresent();
    assertThat(out.get(a).result()).isEmpty();
  }

  static void assertClose(BigDecimal got, BigDecimal want) {
    BigDecimal tol = want.abs().multiply(new BigDecimal("1e-30")).add(new BigDecimal("1e-30"));
    assertThat(got.subtract(want).abs()).isLessThanOrEqualTo(tol);
  }
}
