package io.mitai.compute.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.compute.psi.DelegatedPsiKey;
import io.mitai.compute.session.FailureReason;
import io.mitai.compute.session.LocalNetwork;
import io.mitai.compute.session.PartyChannel;
import io.mitai.compute.session.PartyId;
import io.mitai.compute.session.SessionFailedException;
import io.mitai.compute.session.SessionId;
import io.mitai.compute.session.TlsFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Delegated PSI: a requester holding no input learns the intersection of two holders' keys. */
class DelegatedPsiTest {
  private static final PartyId A = PartyId.of("org1");
  private static final PartyId B = PartyId.of("org2");
  private static final PartyId R = PartyId.of("org3");

  static PsiSpec spec(Operation op) {
    return new PsiSpec(op, new Roles(List.of(A, B), R, Optional.empty()), "id");
  }

  static Table keys(String... keys) {
    List<List<String>> rows = new ArrayList<>();
    for (String k : keys) {
      rows.add(List.of(k, "v"));
    }
    return new Table(List.of("id", "x"), rows);
  }

  static PsiResult run(Operation op, Table a, Table b) {
    PsiSpec spec = spec(op);
    return (PsiResult) Sessions.requesterResult(spec, Sessions.runLocal(spec, Map.of(A, a, B, b)));
  }

  /** Checks both operations against the plaintext intersection. */
  static void assertMatchesReference(Table a, Table b, String what) {
    TreeSet<String> want = References.psi(a, b, "id");
    PsiResult psi = run(Operation.PSI, a, b);
    assertThat(psi.keys()).as(what).contains(List.copyOf(want));
    assertThat(psi.size()).as(what).isEqualTo(want.size());
    PsiResult card = run(Operation.PSI_CARDINALITY, a, b);
    assertThat(card.size()).as(what).isEqualTo(want.size());
    assertThat(card.keys()).as(what).isEmpty();
  }

  @Test
  void the_variant_is_delegated_exactly_when_the_requester_holds_no_input() {
    assertThat(spec(Operation.PSI).variant()).isEqualTo(PsiVariant.DELEGATED);
    assertThat(
            new PsiSpec(Operation.PSI, new Roles(List.of(A, B), A, Optional.empty()), "id")
                .variant())
        .isEqualTo(PsiVariant.ECDH);
  }

  @Nested
  class Results {

    @Test
    void random_key_sets_of_random_sizes_equal_the_plaintext_intersection() {
      for (int iter = 0; iter < 12; iter++) {
        Random r = new Random(7000 + iter);
        int space = 1 + r.nextInt(120);
        Table a = RandomTables.table(r, List.of("id", "x"), r.nextInt(90), space, 1);
        Table b = RandomTables.table(r, List.of("x", "id"), r.nextInt(90), space, 1);
        assertMatchesReference(a, b, "iteration " + iter);
      }
    }

    @Test
    void disjoint_sets_give_an_empty_intersection() {
      assertMatchesReference(keys("a", "b", "c"), keys("d", "e"), "disjoint");
      assertThat(run(Operation.PSI, keys("a"), keys("b")).keys()).contains(List.of());
    }

    @Test
    void an_empty_input_on_either_side_gives_an_empty_intersection() {
      assertMatchesReference(keys(), keys("a", "b"), "A empty");
      assertMatchesReference(keys("a", "b"), keys(), "B empty");
      assertMatchesReference(keys(), keys(), "both empty");
      assertMatchesReference(keys("", " "), keys("", "a"), "only missing keys at A");
    }

    @Test
    void a_single_row_on_each_side() {
      assertThat(run(Operation.PSI, keys("only"), keys("only")).keys()).contains(List.of("only"));
      assertMatchesReference(keys("only"), keys("other"), "single, disjoint");
    }

    @Test
    void duplicate_keys_count_once() {
      PsiResult got = run(Operation.PSI, keys("a", "a", "b", "a"), keys("a", "a", "c"));
      assertThat(got.keys()).contains(List.of("a"));
      assertThat(run(Operation.PSI_CARDINALITY, keys("a", "a"), keys("a", "a")).size()).isOne();
    }

    @Test
    void identical_sets_intersect_fully_and_keys_of_any_length_and_script_survive() {
      String[] keys = {"k", "ключ", "キー", "🔑 key", "x".repeat(5000), "a,b;\"c\"", "0"};
      assertMatchesReference(keys(keys), keys(keys), "all overlap");
      assertThat(run(Operation.PSI, keys(keys), keys(keys)).keys())
          .contains(Arrays.stream(keys).sorted().toList());
    }

    @Test
    void thirty_thousand_keys_per_side_spanning_several_batches() {
      List<String> a = new ArrayList<>();
      List<String> b = new ArrayList<>();
      for (int i = 0; i < 30_000; i++) {
        a.add("customer-" + i);
        b.add("customer-" + (i + 20_000));
      }
      Table ta = keys(a.toArray(new String[0]));
      Table tb = keys(b.toArray(new String[0]));
      PsiResult got = run(Operation.PSI, ta, tb);
      assertThat(got.size()).isEqualTo(10_000);
      assertThat(got.keys().orElseThrow()).containsExactlyElementsOf(References.psi(ta, tb, "id"));
    }

    @Test
    void a_missing_key_column_fails_the_holder_as_invalid_input() {
      PsiSpec spec = spec(Operation.PSI);
      Map<PartyId, Sessions.Outcome> out =
          Sessions.runLocal(
              spec, Map.of(A, keys("a"), B, new Table(List.of("other"), List.of(List.of("a")))));
      assertThat(out.get(B).failure())
          .get()
          .extracting(SessionFailedException::reason)
          .isEqualTo(FailureReason.INVALID_INPUT);
      assertThat(out.get(R).failure()).isPresent();
      assertThat(out.get(R).result()).isEmpty();
    }
  }

  @Nested
  class Transcripts {

    private Map<PartyId, TranscriptTest.Recording> record(Operation op, Table a, Table b) {
      PsiSpec spec = spec(op);
      Map<PartyId, PartyChannel> chans =
          LocalNetwork.create(
              SessionId.of("t-transcript"), spec.roles().participants(), Duration.ofSeconds(20));
      Map<PartyId, TranscriptTest.Recording> rec = new HashMap<>();
      chans.forEach((p, c) -> rec.put(p, new TranscriptTest.Recording(c)));
      Sessions.requesterResult(spec, Sessions.run(spec, Map.of(A, a, B, b), rec::get));
      return rec;
    }

    private static boolean contains(List<byte[]> transcript, String needle) {
      byte[] n = needle.getBytes(StandardCharsets.UTF_8);
      for (byte[] t : transcript) {
        for (int i = 0; i + n.length <= t.length; i++) {
          if (Arrays.equals(t, i, i + n.length, n, 0, n.length)) {
            return true;
          }
        }
      }
      return false;
    }

    @Test
    void no_party_receives_a_key_it_may_not_learn_in_plaintext() {
      List<String> ka = new ArrayList<>();
      List<String> kb = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        ka.add("customer-a" + i);
        kb.add("customer-a" + (i + 30));
      }
      Table a = keys(ka.toArray(new String[0]));
      Table b = keys(kb.toArray(new String[0]));
      Set<String> common = References.psi(a, b, "id");
      assertThat(common).hasSize(30);
      for (Operation op : List.of(Operation.PSI, Operation.PSI_CARDINALITY)) {
        Map<PartyId, TranscriptTest.Recording> rec = record(op, a, b);
        for (String k : ka) {
          assertThat(contains(rec.get(R).received, k))
              .as("%s: R saw %s in plaintext", op, k)
              .isFalse();
          if (!kb.contains(k)) {
            assertThat(contains(rec.get(B).received, k)).as("%s: B saw A's %s", op, k).isFalse();
          }
        }
        for (String k : kb) {
          assertThat(contains(rec.get(R).received, k))
              .as("%s: R saw %s in plaintext", op, k)
              .isFalse();
          if (!ka.contains(k)) {
            assertThat(contains(rec.get(A).received, k)).as("%s: A saw B's %s", op, k).isFalse();
          }
        }
        // The holders exchange exactly one 32-byte X25519 public key each, nothing else.
        for (PartyId holder : List.of(A, B)) {
          assertThat(rec.get(holder).received).hasSize(1);
          assertThat(rec.get(holder).received.get(0)).hasSize(32);
        }
      }
    }

    @Test
    void the_requester_sees_equal_sized_ciphertexts_whatever_the_key_lengths() {
      Table a = keys("a", "bb", "c".repeat(40), "d".repeat(3));
      Map<PartyId, TranscriptTest.Recording> rec = record(Operation.PSI, a, keys("a"));
      // Headers are (count, record size); A's announces 4 records, B's 1.
      int sizeA = -1;
      for (byte[] p : rec.get(R).received) {
        if (p.length == 8 && java.nio.ByteBuffer.wrap(p).getInt(0) == 4) {
          sizeA = java.nio.ByteBuffer.wrap(p).getInt(4);
        }
      }
      int want = 32 + 12 + DelegatedPsiKey.paddedLength(40) + 16;
      assertThat(sizeA).isEqualTo(want);
      assertThat(rec.get(R).received).anySatisfy(p -> assertThat(p).hasSize(4 * want));
    }
  }

  @Nested
  class Tampering {

    /** Runs with A's record batches to R rewritten by {@code edit(batch, recordSize)}. */
    private Map<PartyId, Sessions.Outcome> runTampered(
        Table a, Table b, BiFunction<byte[], Integer, byte[]> edit) {
      PsiSpec spec = spec(Operation.PSI);
      Map<PartyId, PartyChannel> chans =
          LocalNetwork.create(
              SessionId.of("t-tamper"), spec.roles().participants(), Duration.ofSeconds(10));
      PartyChannel honest = chans.get(A);
      int[] size = new int[1];
      PartyChannel tampering =
          new TranscriptTest.Recording(honest) {
            @Override
            public void send(PartyId to, int round, byte[] payload) throws SessionFailedException {
              if (to.equals(R) && payload.length == 8 && size[0] == 0) {
                size[0] = java.nio.ByteBuffer.wrap(payload).getInt(4);
                super.send(to, round, payload);
              } else if (to.equals(R)) {
                super.send(to, round, edit.apply(payload.clone(), size[0]));
              } else {
                super.send(to, round, payload);
              }
            }
          };
      return Sessions.run(spec, Map.of(A, a, B, b), p -> p.equals(A) ? tampering : chans.get(p));
    }

    @Test
    void records_out_of_tag_order_fail_the_session_as_malformed_from_the_sender() {
      Map<PartyId, Sessions.Outcome> out =
          runTampered(
              keys("a", "b", "c"),
              keys("a", "b", "c"),
              (batch, size) -> {
                byte[] swapped = batch.clone();
                System.arraycopy(batch, 0, swapped, size, size);
                System.arraycopy(batch, size, swapped, 0, size);
                return swapped;
              });
      SessionFailedException f = out.get(R).failure().orElseThrow();
      assertThat(f.reason()).isEqualTo(FailureReason.MALFORMED_MESSAGE);
      assertThat(f.culprit()).contains(A);
      assertThat(out.get(R).result()).isEmpty();
    }

    @Test
    void a_ciphertext_that_does_not_open_fails_the_session_without_a_partial_result() {
      Map<PartyId, Sessions.Outcome> out =
          runTampered(
              keys("a", "b", "c"),
              keys("a", "b", "c"),
              (batch, size) -> {
                batch[32 + 12] ^= 1;
                return batch;
              });
      SessionFailedException f = out.get(R).failure().orElseThrow();
      assertThat(f.reason()).isEqualTo(FailureReason.MALFORMED_MESSAGE);
      assertThat(f.getMessage()).contains("does not open");
      assertThat(out.get(R).result()).isEmpty();
    }
  }

  @Test
  void over_mutual_tls_with_three_parties_the_results_match_the_reference() throws Exception {
    try (TlsFixture f = TlsFixture.start(List.of(A, B, R))) {
      for (int iter = 0; iter < 3; iter++) {
        Random r = new Random(9100 + iter);
        Table a = RandomTables.table(r, List.of("id", "x"), 200 + r.nextInt(400), 500, 1);
        Table b = RandomTables.table(r, List.of("id", "x"), 200 + r.nextInt(400), 500, 1);
        TreeSet<String> want = References.psi(a, b, "id");
        for (Operation op : List.of(Operation.PSI, Operation.PSI_CARDINALITY)) {
          PsiSpec spec = spec(op);
          SessionId sid = SessionId.of("task-dpsi-" + iter + "-" + op);
          PsiResult got =
              (PsiResult)
                  Sessions.requesterResult(
                      spec,
                      Sessions.run(
                          spec,
                          Map.of(A, a, B, b),
                          p -> {
                            try {
                              return f.transports
                                  .get(p)
                                  .openSession(
                                      sid, spec.roles().participants(), Duration.ofSeconds(10));
                            } catch (SessionFailedException e) {
                              throw new AssertionError(e);
                            }
                          }));
          assertThat(got.size()).isEqualTo(want.size());
          if (op == Operation.PSI) {
            assertThat(got.keys()).contains(List.copyOf(want));
          }
        }
      }
    }
  }
}
