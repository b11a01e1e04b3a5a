package io.mitai.compute.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.compute.session.PartyId;
import io.mitai.compute.session.SessionFailedException;
import io.mitai.compute.session.SessionId;
import io.mitai.compute.session.TlsFixture;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The same property as the in-memory tests, through real mutual TLS on loopback. */
class TlsPropertyTest {
  private static final PartyId A = PartyId.of("org1");
  private static final PartyId B = PartyId.of("org2");
  private static final PartyId C = PartyId.of("org3");

  @Test
  void random_inputs_over_three_tls_parties_match_the_plaintext_references() throws Exception {
    try (TlsFixture f = TlsFixture.start(List.of(A, B, C))) {
      for (int iter = 0; iter < 4; iter++) {
        Random r = new Random(4000 + iter);
        Map<PartyId, Table> in = new TreeMap<>();
        for (PartyId p : List.of(A, B, C)) {
          in.put(p, RandomTables.table(r, List.of("id", "region", "x"), r.nextInt(30), 40, 3));
        }
        AggregateSpec agg =
            new AggregateSpec(
                new Roles(List.of(A, B, C), A, Optional.empty()),
                List.of("x"),
                EnumSet.of(Aggregate.COUNT, Aggregate.SUM),
                Optional.of("region"),
                0);
        AggregateResult got = (AggregateResult) Sessions.requesterResult(agg, run(f, agg, in));
        TreeMap<String, BigDecimal[]> want =
            References.aggregate(new ArrayList<>(in.values()), List.of("x"), Optional.of("region"));
        assertThat(got.groups()).hasSize(want.size());
        int g = 0;
        for (BigDecimal[] w : want.values()) {
          AggregateResult.ColumnStats c = got.groups().get(g++).columns().get(0);
          assertThat(c.count()).contains(w[1].longValue());
          assertThat(c.sum().orElseThrow()).isEqualByComparingTo(w[2]);
        }
        PsiSpec psi =
            new PsiSpec(Operation.PSI, new Roles(List.of(B, C), C, Optional.empty()), "id");
        PsiResult pr =
            (PsiResult)
                Sessions.requesterResult(psi, run(f, psi, Map.of(B, in.get(B), C, in.get(C))));
        TreeSet<String> wantKeys = References.psi(in.get(C), in.get(B), "id");
        assertThat(pr.keys()).contains(List.copyOf(wantKeys));
      }
    }
  }

  private static Map<PartyId, Sessions.Outcome> run(
      TlsFixture f, TaskSpec spec, Map<PartyId, Table> in) {
    SessionId sid = SessionId.of("task-" + System.nanoTime());
    return Sessions.run(
        spec,
        in,
        p -> {
          try {
            return f.transports
                .get(p)
                .openSession(sid, spec.roles().participants(), Duration.ofSeconds(10));
          } catch (SessionFailedException e) {
            throw new AssertionError(e);
          }
        });
  }
}
