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
      Map<PartyId, Sessions.Outcome> outcomes = Sessions.runLocal(spec, inputs);
      if (groupBy.isPresent()
          && minGroup > 1
          && inputs.values().stream().anyMatch(t -> keyLike(t))) {
        assertThat(outcomes.values())
            .as("iteration %d: a key-like groupBy at some party is refused", iter)
            .allMatch(o -> o.failure().isPresent() && o.result().isEmpty());
        continue;
      }
      AggregateResult got = (AggregateResult) Sessions.requesterResult(spec, outcomes);
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

  /** More distinct regions (a missing one counts as one label) than half the table's rows. */
  private static boolean keyLike(Table t) {
    java.util.Set<String> labels = new java.util.HashSet<>();
    int idx = t.indexOf("region").orElseThrow();
    long rows = 0;
    for (List<String> row : t.rows()) {
      rows++;
      labels.add(Table.isMissing(row.get(idx)) ? "" : row.get(idx));
    }
    return 2L * labels.size() > rows;
  }

  @Test
  void grouping_by_a_key_column_is_refused_by_the_owner_before_any_label_leaves_it() {
    PartyId a = PartyId.of("org1");
    PartyId b = PartyId.of("org2");
    List<List<String>> keyed = new ArrayList<>();
    List<List<String>> grouped = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      keyed.add(List.of("customer-" + i, String.valueOf(100 + i)));
      grouped.add(List.of(i % 2 == 0 ? "north" : "south", String.valueOf(i)));
    }
    AggregateSpec spec =
        new AggregateSpec(
            new Roles(List.of(a), b, Optional.empty()),
            List.of("amount"),
            EnumSet.of(Aggregate.SUM),
            Optional.of("id"),
            10);
    Map<PartyId, Sessions.Outcome> out =
        Sessions.runLocal(spec, Map.of(a, Sessions.table(List.of("id", "amount"), keyed)));

    assertThat(out.get(a).failure().orElseThrow().reason())
        .isEqualTo(io.mitai.compute.session.FailureReason.KEY_LIKE_GROUP_BY);
    assertThat(out.get(a).failure().orElseThrow().getMessage()).doesNotContain("customer-");
    assertThat(out.get(b).result()).as("the requester gets nothing").isEmpty();

    Map<PartyId, Sessions.Outcome> fine =
        Sessions.runLocal(spec, Map.of(a, Sessions.table(List.of("id", "amount"), grouped)));
    AggregateResult got = (AggregateResult) Sessions.requesterResult(spec, fine);
    assertThat(got.groups()).extracting(AggregateResult.Group::rows).containsExactly(20L, 20L);
  }

  @Test
  void groups_below_the_floor_are_suppressed_across_parties() {
    PartyId a = PartyId.of("org1");
    PartyId b = PartyId.of("org2");
    List<List<String>> ra = new ArrayList<>();
    List<List<String>> rb = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ra.add(List.of(i < 25 ? "big" : "small", "1"));
      rb.add(List.of(i < 28 ? "big" : "small", "1"));
    }
    AggregateSpec spec =
        new AggregateSpec(
            new Roles(List.of(a, b), a, Optional.empty()),
            List.of("amount"),
            EnumSet.of(Aggregate.COUNT),
            Optional.of("g"),
            10);
    AggregateResult got =
        (AggregateResult)
            Sessions.requesterResult(
                spec,
                Sessions.runLocal(
                    spec,
                    Map.of(
                        a, Sessions.table(List.of("g", "amount"), ra),
                        b, Sessions.table(List.of("g", "amount"), rb))));

    assertThat(got.groups()).hasSize(1);
    assertThat(got.groups().get(0).label()).contains("big");
    assertThat(got.groups().get(0).rows()).isEqualTo(53L);
  }

  static void assertClose(BigDecimal got, BigDecimal want) {
    BigDecimal tol = want.abs().multiply(new BigDecimal("1e-30")).add(new BigDecimal("1e-30"));
    assertThat(got.subtract(want).abs()).isLessThanOrEqualTo(tol);
  }
}
