package io.mitai.compute.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.compute.session.FailureReason;
import io.mitai.compute.session.PartyId;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** JOINT_STATS aligned by OT-extension PSI gives the statistics ECDH alignment gives. */
class JointStatsOtAlignmentTest {
  private static final PartyId A = PartyId.of("org1");
  private static final PartyId B = PartyId.of("org2");
  private static final PartyId DEALER = PartyId.of("dealer");

  private static JointStatsSpec spec(PartyId requester, PsiProtocol alignment) {
    return new JointStatsSpec(
        new Roles(List.of(A, B), requester, Optional.of(DEALER)),
        "id",
        EnumSet.allOf(Statistic.class),
        Optional.of("v0"),
        0,
        alignment);
  }

  private static Map<PartyId, Table> randomInputs(Random r) {
    Map<PartyId, Table> inputs = new TreeMap<>();
    int space = 10 + r.nextInt(400);
    inputs.put(A, RandomTables.table(r, List.of("id", "v0"), 10 + r.nextInt(300), space, 1));
    inputs.put(B, RandomTables.table(r, List.of("id", "v1", "w1"), 10 + r.nextInt(300), space, 1));
    return inputs;
  }

  @Test
  void gives_exactly_the_statistics_of_ecdh_alignment_and_the_plaintext_join() {
    for (int iter = 0; iter < 8; iter++) {
      Random r = new Random(7100 + iter);
      Map<PartyId, Table> inputs = randomInputs(r);
      PartyId requester = r.nextBoolean() ? PartyId.of("org9") : (r.nextBoolean() ? A : B);
      JointStatsSpec ot = spec(requester, PsiProtocol.OT);
      JointStatsResult byOt =
          (JointStatsResult) Sessions.requesterResult(ot, Sessions.runLocal(ot, inputs));
      JointStatsSpec ecdh = spec(requester, PsiProtocol.ECDH);
      JointStatsResult byEcdh =
          (JointStatsResult) Sessions.requesterResult(ecdh, Sessions.runLocal(ecdh, inputs));

      List<BigDecimal[]> rows = References.join(new ArrayList<>(inputs.values()), "id");
      assertThat(byOt.rows()).as("iteration %d", iter).isEqualTo(rows.size());
      for (int j = 0; j < byOt.columns().size(); j++) {
        assertThat(byOt.sums().orElseThrow().get(j)).isEqualByComparingTo(References.sum(rows, j));
      }
      // The cross products are exact sums in the ring, so the row order cannot change them.
      assertThat(byOt).as("iteration %d", iter).isEqualTo(byEcdh);
    }
  }

  @Test
  void an_empty_intersection_aligns_no_row() {
    Map<PartyId, Table> inputs =
        Map.of(
            A, Sessions.table(List.of("id", "v0"), List.of(List.of("a", "1"), List.of("b", "2"))),
            B, Sessions.table(List.of("id", "v1"), List.of(List.of("c", "3"))));
    JointStatsSpec ot = spec(A, PsiProtocol.OT);
    JointStatsResult got =
        (JointStatsResult) Sessions.requesterResult(ot, Sessions.runLocal(ot, inputs));
    assertThat(got.rows()).isZero();
  }

  @Test
  void is_refused_for_more_than_two_input_parties() {
    assertThatThrownBy(
            () ->
                new JointStatsSpec(
                    new Roles(List.of(A, B, PartyId.of("org3")), A, Optional.of(DEALER)),
                    "id",
                    EnumSet.of(Statistic.SUM),
                    Optional.empty(),
                    0,
                    PsiProtocol.OT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly two");
  }

  @Test
  void a_flipped_bit_in_the_matched_positions_fails_the_task_instead_of_misaligning_rows() {
    // Positions stay strictly increasing and in range after this edit, so only the transcript
    // check can notice it.
    Map<PartyId, Table> inputs = randomInputs(new Random(7200));
    boolean[] done = new boolean[1];
    Map<PartyId, Sessions.Outcome> out =
        Sessions.runTampered(
            spec(PartyId.of("org9"), PsiProtocol.OT),
            inputs,
            A,
            (round, p) -> {
              if (round == JointStats.ROUND_RING + OtPsi.ROUND_MATCHES
                  && !done[0]
                  && p.length > 4) {
                p[p.length - 1] ^= 1;
                done[0] = true;
              }
              return p;
            });
    assertThat(done[0]).isTrue();
    assertThat(out.values()).allSatisfy(o -> assertThat(o.failure()).isPresent());
    assertThat(out.values()).allSatisfy(o -> assertThat(o.result()).isEmpty());
  }

  @Test
  void a_match_count_beyond_the_senders_keys_is_malformed() {
    Map<PartyId, Table> inputs = randomInputs(new Random(7300));
    boolean[] done = new boolean[1];
    Map<PartyId, Sessions.Outcome> out =
        Sessions.runTampered(
            spec(A, PsiProtocol.OT),
            inputs,
            A,
            (round, p) -> {
              if (round == JointStats.ROUND_RING + OtPsi.ROUND_MATCHES && !done[0]) {
                done[0] = true;
                return new Wire.Out().i32(Integer.MAX_VALUE).toBytes();
              }
              return p;
            });
    assertThat(out.get(B).failure().orElseThrow().reason())
        .isEqualTo(FailureReason.MALFORMED_MESSAGE);
    assertThat(out.get(A).result()).isEmpty();
  }
}
