package io.mitai.compute.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.compute.session.PartyId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PsiOperationTest {
  private static final PartyId A = PartyId.of("org1");
  private static final PartyId B = PartyId.of("org2");

  @Test
  void intersection_and_its_size_equal_the_plaintext_set_intersection_for_random_key_sets() {
    for (int iter = 0; iter < 16; iter++) {
      Random r = new Random(2000 + iter);
      int space = 1 + r.nextInt(80);
      Table ta =
          RandomTables.table(
              r, List.of("id", "x"), r.nextInt(3) == 0 ? 1 : r.nextInt(60), space, 1);
      Table tb =
          RandomTables.table(r, List.of("x", "id"), r.nextInt(60), iter % 4 == 0 ? 1 : space, 1);
      PartyId requester = r.nextBoolean() ? A : B;
      Table mine = requester.equals(A) ? ta : tb;
      Table theirs = requester.equals(A) ? tb : ta;
      TreeSet<String> want = References.psi(mine, theirs, "id");
      for (Operation op : List.of(Operation.PSI, Operation.PSI_CARDINALITY)) {
        PsiSpec spec = new PsiSpec(op, new Roles(List.of(A, B), requester, Optional.empty()), "id");
        PsiResult got =
            (PsiResult)
                Sessions.requesterResult(spec, Sessions.runLocal(spec, Map.of(A, ta, B, tb)));
        assertThat(got.size()).as("iteration %d %s", iter, op).isEqualTo(want.size());
        if (op == Operation.PSI) {
          assertThat(got.keys()).contains(List.copyOf(want));
        } else {
          assertThat(got.keys()).isEmpty();
        }
      }
    }
  }

  @Test
  void disjoint_sets_give_an_empty_intersection() {
    Table ta = Sessions.table(List.of("id"), List.of(List.of("a"), List.of("b")));
    Table tb = Sessions.table(List.of("id"), List.of(List.of("c")));
    PsiSpec spec = new PsiSpec(Operation.PSI, new Roles(List.of(A, B), A, Optional.empty()), "id");
    PsiResult got =
        (PsiResult) Sessions.requesterResult(spec, Sessions.runLocal(spec, Map.of(A, ta, B, tb)));
    assertThat(got.size()).isZero();
    assertThat(got.keys()).contains(List.of());
  }
}
