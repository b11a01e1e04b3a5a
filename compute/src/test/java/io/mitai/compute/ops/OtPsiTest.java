package io.mitai.compute.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.compute.psi.ot.Kkrt;
import io.mitai.compute.session.FailureReason;
import io.mitai.compute.session.LocalNetwork;
import io.mitai.compute.session.PartyChannel;
import io.mitai.compute.session.PartyId;
import io.mitai.compute.session.SessionFailedException;
import io.mitai.compute.session.SessionId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** OT-extension PSI against the plaintext intersection, its transcript, and its failure modes. */
class OtPsiTest {
  private static final PartyId A = PartyId.of("org1");
  private static final PartyId B = PartyId.of("org2");

  private static PsiSpec spec(PartyId requester) {
    return new PsiSpec(
        Operation.PSI, new Roles(List.of(A, B), requester, Optional.empty()), "id", PsiProtocol.OT);
  }

  private static Table keys(List<String> keys) {
    List<List<String>> rows = new ArrayList<>();
    for (String k : keys) {
      rows.add(List.of(k, "v"));
    }
    return new Table(List.of("id", "x"), rows);
  }

  private static PsiResult psi(PartyId requester, Table a, Table b) {
    PsiSpec spec = spec(requester);
    return (PsiResult) Sessions.requesterResult(spec, Sessions.runLocal(spec, Map.of(A, a, B, b)));
  }

  private static void assertMatchesReference(PartyId requester, Table a, Table b, String what) {
    Table mine = requester.equals(A) ? a : b;
    Table theirs = requester.equals(A) ? b : a;
    TreeSet<String> want = References.psi(mine, theirs, "id");
    PsiResult got = psi(requester, a, b);
    assertThat(got.keys()).as(what).contains(List.copyOf(want));
    assertThat(got.size()).as(what).isEqualTo(want.size());
  }

  @Nested
  class Spec {
    @Test
    void ecdh_stays_the_default_and_ot_is_its_own_variant_with_its_own_label() {
      Roles roles = new Roles(List.of(A, B), A, Optional.empty());
      assertThat(new PsiSpec(Operation.PSI, roles, "id").protocol()).isEqualTo(PsiProtocol.ECDH);
      assertThat(new PsiSpec(Operation.PSI, roles, "id").variant()).isEqualTo(PsiVariant.ECDH);
      assertThat(spec(A).variant()).isEqualTo(PsiVariant.OT);
      assertThat(PsiVariant.OT.protocol()).startsWith("OT-PSI/KKRT16");
    }

    @Test
    void ot_refuses_cardinality_and_a_requester_without_input() {
      assertThatThrownBy(
              () ->
                  new PsiSpec(
                      Operation.PSI_CARDINALITY,
                      new Roles(List.of(A, B), A, Optional.empty()),
                      "id",
                      PsiProtocol.OT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("PSI_CARDINALITY");
      assertThatThrownBy(
              () ->
                  new PsiSpec(
                      Operation.PSI,
                      new Roles(List.of(A, B), PartyId.of("org3"), Optional.empty()),
                      "id",
                      PsiProtocol.OT))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class EqualsThePlaintextIntersection {
    @Test
    void on_random_sets_with_duplicates_and_missing_keys() {
      for (int iter = 0; iter < 4; iter++) {
        Random r = new Random(7000 + iter);
        int space = 1 + r.nextInt(300);
        Table ta = RandomTables.table(r, List.of("id", "x"), r.nextInt(400), space, 1);
        Table tb = RandomTables.table(r, List.of("x", "id"), r.nextInt(400), space, 1);
        assertMatchesReference(r.nextBoolean() ? A : B, ta, tb, "iteration " + iter);
      }
    }

    @Test
    void on_empty_full_and_disjoint_sets() {
      List<String> some = List.of("a", "b", "c", "d");
      assertMatchesReference(A, keys(List.of()), keys(some), "empty requester");
      assertMatchesReference(A, keys(some), keys(List.of()), "empty sender");
      assertMatchesReference(A, keys(List.of()), keys(List.of()), "both empty");
      assertMatchesReference(B, keys(some), keys(some), "full");
      assertMatchesReference(A, keys(some), keys(List.of("e", "f", "a")), "disjoint but one");
      assertMatchesReference(A, keys(List.of("a", "a", "b", "a")), keys(List.of("a", "a")), "dups");
    }

    @Test
    void on_keys_of_varied_length_and_unicode() {
      List<String> a = new ArrayList<>();
      List<String> b = new ArrayList<>();
      StringBuilder longKey = new StringBuilder();
      for (int i = 0; i < 3000; i++) {
        longKey.append((char) ('a' + i % 26));
      }
      List<String> shared =
          List.of(
              "",
              " ",
              "x",
              "Zoë",
              "Zoe\u0308",
              "東京都",
              "😀🎉",
              "a\u0000b",
              "customer-000001",
              longKey.toString());
      a.addAll(shared);
      b.addAll(shared);
      a.addAll(List.of("zoë", "東京", "😀", "customer-000002", longKey.substring(1)));
      b.addAll(List.of("ZOË", "京都", "🎉", "customer-1", longKey + "!"));
      assertMatchesReference(A, keys(a), keys(b), "unicode");
    }

    @Test
    void with_very_unequal_sizes_in_both_directions() {
      List<String> big = new ArrayList<>();
      for (int i = 0; i < 100_000; i++) {
        big.add("k" + i);
      }
      Table one = keys(List.of("k77777"));
      Table many = keys(big);
      assertThat(psi(A, one, many).keys()).contains(List.of("k77777"));
      assertThat(psi(B, one, many).keys()).contains(List.of("k77777"));
    }
  }

  private static Map<PartyId, Sessions.Outcome> runTampered(
      PartyId requester,
      PartyId tamperer,
      Table a,
      Table b,
      BiFunction<Integer, byte[], byte[]> edit) {
    return Sessions.runTampered(spec(requester), Map.of(A, a, B, b), tamperer, edit);
  }

  private static List<String> range(String prefix, int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  @Nested
  class Tampering {
    private final Table a = keys(range("k", 0, 3000));
    private final Table b = keys(range("k", 1500, 4000));

    private void assertFailsWithoutResult(Map<PartyId, Sessions.Outcome> out) {
      assertThat(out.get(A).result()).isEmpty();
      SessionFailedException f = out.get(A).failure().orElseThrow();
      assertThat(f.reason())
          .isIn(FailureReason.PROTOCOL_VIOLATION, FailureReason.MALFORMED_MESSAGE);
      assertThat(f.culprit()).contains(B);
    }

    @Test
    void a_flipped_bit_in_the_corrections_fails_the_session_instead_of_a_wrong_answer() {
      boolean[] done = new boolean[1];
      assertFailsWithoutResult(
          runTampered(
              A,
              A,
              a,
              b,
              (round, p) -> {
                if (round == OtPsi.ROUND_CORRECTIONS && !done[0]) {
                  p[p.length / 2] ^= 4;
                  done[0] = true;
                }
                return p;
              }));
    }

    @Test
    void a_flipped_bit_in_the_senders_encodings_fails_the_session() {
      boolean[] done = new boolean[1];
      assertFailsWithoutResult(
          runTampered(
              A,
              B,
              a,
              b,
              (round, p) -> {
                if (round == OtPsi.ROUND_ENCODINGS && !done[0] && p.length > 0) {
                  p[0] ^= 1;
                  done[0] = true;
                }
                return p;
              }));
    }

    @Test
    void a_dropped_encoding_or_a_bad_header_is_malformed() {
      Map<PartyId, Sessions.Outcome> out =
          runTampered(
              A,
              B,
              a,
              b,
              (round, p) ->
                  round == OtPsi.ROUND_ENCODINGS ? java.util.Arrays.copyOf(p, p.length - 1) : p);
      assertThat(out.get(A).failure().orElseThrow().reason())
          .isEqualTo(FailureReason.MALFORMED_MESSAGE);
      assertThat(out.get(A).result()).isEmpty();

      out =
          runTampered(
              A,
              A,
              a,
              b,
              (round, p) -> {
                if (round == OtPsi.ROUND_RECEIVER_HELLO) {
                  p[7] ^= 1; // the bin count no longer follows from the item count
                }
                return p;
              });
      assertThat(out.get(B).failure().orElseThrow().reason())
          .isEqualTo(FailureReason.MALFORMED_MESSAGE);
      assertThat(out.get(A).failure()).isPresent();
      assertThat(out.get(A).result()).isEmpty();
    }

    @Test
    void a_tampered_base_ot_message_fails_the_session() {
      Map<PartyId, Sessions.Outcome> out =
          runTampered(
              A,
              B,
              a,
              b,
              (round, p) -> {
                if (round == OtPsi.ROUND_SENDER_HELLO) {
                  p[4 + 4 + 10] ^= 1; // a byte of B_0
                }
                return p;
              });
      assertThat(out.get(A).failure()).isPresent();
      assertThat(out.get(A).result()).isEmpty();
    }
  }

  @Test
  void over_mutual_tls_the_result_equals_the_plaintext_intersection() throws Exception {
    try (io.mitai.compute.session.TlsFixture f =
        io.mitai.compute.session.TlsFixture.start(List.of(A, B))) {
      Random r = new Random(4242);
      Table ta = RandomTables.table(r, List.of("id", "x"), 1000, 3000, 1);
      Table tb = RandomTables.table(r, List.of("id", "x"), 5000, 3000, 1);
      PsiSpec spec = spec(B);
      SessionId sid = SessionId.of("task-ot-tls");
      PsiResult got =
          (PsiResult)
              Sessions.requesterResult(
                  spec,
                  Sessions.run(
                      spec,
                      Map.of(A, ta, B, tb),
                      p -> {
                        try {
                          return f.transports
                              .get(p)
                              .openSession(
                                  sid, spec.roles().participants(), Duration.ofSeconds(20));
                        } catch (SessionFailedException e) {
                          throw new AssertionError(e);
                        }
                      }));
      assertThat(got.keys()).contains(List.copyOf(References.psi(tb, ta, "id")));
    }
  }

  @Test
  void a_party_stopped_mid_protocol_fails_the_other_cleanly() {
    PsiSpec spec = spec(A);
    Map<PartyId, PartyChannel> chans =
        LocalNetwork.create(
            SessionId.of("t-ot-stop"), spec.roles().participants(), Duration.ofSeconds(20));
    // B stops (closes its channel) right after it has received the first correction batch.
    PartyChannel stopping =
        new TranscriptTest.Recording(chans.get(B)) {
          @Override
          public byte[] receive(PartyId from, int round) throws SessionFailedException {
            byte[] p = super.receive(from, round);
            if (round == OtPsi.ROUND_CORRECTIONS) {
              close();
              throw new SessionFailedException(
                  FailureReason.CANCELLED, session(), Optional.empty(), "stopped");
            }
            return p;
          }
        };
    long start = System.nanoTime();
    Map<PartyId, Sessions.Outcome> out =
        Sessions.run(
            spec,
            Map.of(A, keys(range("k", 0, 20_000)), B, keys(range("k", 0, 20_000))),
            p -> p.equals(B) ? stopping : chans.get(p));
    assertThat(out.get(A).result()).isEmpty();
    assertThat(out.get(A).failure().orElseThrow().reason())
        .isIn(FailureReason.PEER_DISCONNECTED, FailureReason.PEER_ABORTED, FailureReason.TIMEOUT);
    assertThat(out.get(B).failure().orElseThrow().reason()).isEqualTo(FailureReason.CANCELLED);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));
  }

  @Nested
  class Transcript {
    @Test
    void neither_party_receives_the_others_keys_or_item_ids_and_corrections_look_uniform() {
      List<String> ka = range("customer-", 0, 2000);
      List<String> kb = range("customer-", 1000, 3000);
      PsiSpec spec = spec(A);
      Map<PartyId, PartyChannel> chans =
          LocalNetwork.create(
              SessionId.of("t-ot-transcript"), spec.roles().participants(), Duration.ofSeconds(20));
      Map<PartyId, TranscriptTest.Recording> rec =
          Map.of(
              A, new TranscriptTest.Recording(chans.get(A)),
              B, new TranscriptTest.Recording(chans.get(B)));
      PsiResult got =
          (PsiResult)
              Sessions.requesterResult(
                  spec, Sessions.run(spec, Map.of(A, keys(ka), B, keys(kb)), rec::get));
      assertThat(got.size()).isEqualTo(1000);
      byte[] idsA = Kkrt.ids(ka);
      byte[] idsB = Kkrt.ids(kb);
      for (int i = 0; i < 2000; i += 7) {
        assertThat(contains(rec.get(B).received, ka.get(i).getBytes(StandardCharsets.UTF_8)))
            .isFalse();
        assertThat(contains(rec.get(A).received, kb.get(i).getBytes(StandardCharsets.UTF_8)))
            .isFalse();
        assertThat(contains(rec.get(B).received, slice(idsA, i, 8))).isFalse();
        assertThat(contains(rec.get(A).received, slice(idsB, i, 8))).isFalse();
      }
      // The corrections R sends are one-time padded: about half their bits are set even though
      // a quarter of the bins are empty (all-zero code words) and the items are near-identical.
      long ones = 0;
      long bits = 0;
      for (byte[] p : rec.get(B).received) {
        if (p.length >= Kkrt.CODE_BITS * 8) {
          for (byte x : p) {
            ones += Integer.bitCount(x & 0xff);
          }
          bits += 8L * p.length;
        }
      }
      assertThat(bits).isPositive();
      assertThat(Math.abs(ones - bits / 2.0)).isLessThan(6 * Math.sqrt(bits) / 2);
      // What S receives is only: the hello (sizes, seeds, A), the corrections, nothing else.
      long total = rec.get(B).received.stream().mapToLong(p -> p.length).sum();
      assertThat(total).isEqualTo(bits / 8 + 4 + 4 + 4 + 16 + 4 + 16 + 4 + 33);
    }

    private static byte[] slice(byte[] ids, int i, int n) {
      return java.util.Arrays.copyOfRange(ids, i * Kkrt.ID_BYTES, i * Kkrt.ID_BYTES + n);
    }

    private static boolean contains(List<byte[]> transcript, byte[] needle) {
      for (byte[] t : transcript) {
        for (int i = 0; i + needle.length <= t.length; i++) {
          if (java.util.Arrays.equals(t, i, i + needle.length, needle, 0, needle.length)) {
            return true;
          }
        }
      }
      return false;
    }
  }
}
