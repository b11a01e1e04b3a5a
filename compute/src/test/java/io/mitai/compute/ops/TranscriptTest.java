package io.mitai.compute.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.compute.session.LocalNetwork;
import io.mitai.compute.session.PartyChannel;
import io.mitai.compute.session.PartyId;
import io.mitai.compute.session.SessionFailedException;
import io.mitai.compute.session.SessionId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What each party receives: never another party's plaintext, and uniform-looking shares. */
class TranscriptTest {
  private static final PartyId A = PartyId.of("org1");
  private static final PartyId B = PartyId.of("org2");
  private static final PartyId R = PartyId.of("org3");
  private static final PartyId D = PartyId.of("dealer");

  /** A channel that records every payload it receives. */
  static class Recording implements PartyChannel {
    final PartyChannel inner;
    final List<byte[]> received = Collections.synchronizedList(new ArrayList<>());

    Recording(PartyChannel inner) {
      this.inner = inner;
    }

    @Override
    public SessionId session() {
      return inner.session();
    }

    @Override
    public PartyId self() {
      return inner.self();
    }

    @Override
    public List<PartyId> parties() {
      return inner.parties();
    }

    @Override
    public Duration timeout() {
      return inner.timeout();
    }

    @Override
    public void send(PartyId to, int round, byte[] payload) throws SessionFailedException {
      inner.send(to, round, payload);
    }

    @Override
    public byte[] receive(PartyId from, int round) throws SessionFailedException {
      byte[] p = inner.receive(from, round);
      received.add(p.clone());
      return p;
    }

    @Override
    public void abort(SessionFailedException failure) {
      inner.abort(failure);
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  private static Map<PartyId, Recording> run(TaskSpec spec, Map<PartyId, Table> inputs) {
    Map<PartyId, PartyChannel> chans =
        LocalNetwork.create(SessionId.of("t"), spec.roles().participants(), Duration.ofSeconds(20));
    Map<PartyId, Recording> rec = new HashMap<>();
    chans.forEach((p, c) -> rec.put(p, new Recording(c)));
    Sessions.requesterResult(spec, Sessions.run(spec, inputs, rec::get));
    return rec;
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

  /** Every encoding of a value a peer might leak: text, and 64-bit fixed-point forms. */
  private static List<byte[]> encodings(String value, long decimalScaled) {
    return List.of(
        value.getBytes(StandardCharsets.UTF_8),
        ByteBuffer.allocate(8).putLong(decimalScaled).array(),
        ByteBuffer.allocate(8).putLong(decimalScaled * decimalScaled).array());
  }

  @Test
  void no_party_receives_another_partys_values_or_keys_in_any_protocol() {
    List<List<String>> rowsA = new ArrayList<>();
    List<List<String>> rowsB = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rowsA.add(List.of("customer-" + i, Long.toString(7_777_001 + i)));
      rowsB.add(List.of("customer-" + (i + 20), Long.toString(9_999_001 + i)));
    }
    Table ta = new Table(List.of("id", "a"), rowsA);
    Table tb = new Table(List.of("id", "b"), rowsB);
    List<TaskSpec> specs =
        List.of(
            new PsiSpec(Operation.PSI, new Roles(List.of(A, B), A, Optional.empty()), "id"),
            new JointStatsSpec(
                new Roles(List.of(A, B), R, Optional.of(D)),
                "id",
                EnumSet.allOf(Statistic.class),
                Optional.of("a")),
            new AggregateSpec(
                new Roles(List.of(A, B), R, Optional.empty()),
                List.of("v"),
                EnumSet.allOf(Aggregate.class),
                Optional.empty(),
                0));
    for (TaskSpec spec : specs) {
      Map<PartyId, Table> inputs =
          spec instanceof AggregateSpec
              ? Map.of(
                  A, new Table(List.of("id", "v"), rowsA), B, new Table(List.of("id", "v"), rowsB))
              : Map.of(A, ta, B, tb);
      Map<PartyId, Recording> rec = run(spec, inputs);
      for (int i = 0; i < 40; i++) {
        for (byte[] enc : encodings(rowsA.get(i).get(1), (7_777_001L + i) * 1_000_000L)) {
          assertThat(contains(rec.get(B).received, enc))
              .as("%s: B saw A's value %d", spec.operation(), i)
              .isFalse();
        }
        for (byte[] enc : encodings(rowsB.get(i).get(1), (9_999_001L + i) * 1_000_000L)) {
          assertThat(contains(rec.get(A).received, enc))
              .as("%s: A saw B's value %d", spec.operation(), i)
              .isFalse();
        }
        assertThat(
                contains(
                    rec.get(A).received, ("customer-" + (i + 20)).getBytes(StandardCharsets.UTF_8)))
            .isFalse();
        assertThat(
                contains(rec.get(B).received, ("customer-" + i).getBytes(StandardCharsets.UTF_8)))
            .isFalse();
      }
      if (rec.containsKey(D)) {
        assertThat(rec.get(D).received.stream().mapToInt(b -> b.length).sum())
            .as("the dealer receives only the column lists and the row count")
            .isLessThan(200);
      }
    }
  }

  @Test
  void the_opened_masked_values_of_joint_stats_have_uniform_bits() {
    // Constant, tiny inputs: if masking failed, the openings would be nearly all zero bits.
    List<List<String>> rowsA = new ArrayList<>();
    List<List<String>> rowsB = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      rowsA.add(List.of("k" + i, i % 2 == 0 ? "1" : "2"));
      rowsB.add(List.of("k" + i, "3"));
    }
    JointStatsSpec spec =
        new JointStatsSpec(
            new Roles(List.of(A, B), R, Optional.of(D)),
            "id",
            EnumSet.of(Statistic.DOT),
            Optional.empty());
    Map<PartyId, Recording> rec =
        run(
            spec,
            Map.of(
                A, new Table(List.of("id", "a"), rowsA), B, new Table(List.of("id", "b"), rowsB)));
    // The opening batches are the payloads of exactly rows * columns longs.
    byte[] opening =
        rec.get(B).received.stream()
            .filter(p -> p.length == 2000 * 2 * 8)
            .findFirst()
            .orElseThrow();
    long ones = 0;
    ByteBuffer b = ByteBuffer.wrap(opening);
    int[] perBit = new int[64];
    for (int i = 0; i < 4000; i++) {
      long v = b.getLong();
      ones += Long.bitCount(v);
      for (int bit = 0; bit < 64; bit++) {
        perBit[bit] += (int) ((v >>> bit) & 1);
      }
    }
    double n = 4000 * 64;
    // Mean of n fair bits: sd = sqrt(n)/2 = 256; allow 5 sd.
    assertThat(Math.abs(ones - n / 2)).isLessThan(5 * Math.sqrt(n) / 2);
    for (int bit = 0; bit < 64; bit++) {
      // Each bit position over 4000 samples: sd = sqrt(4000)/2 ~ 31.6; allow 5 sd.
      assertThat(Math.abs(perBit[bit] - 2000)).as("bit %d", bit).isLessThan(160);
    }
  }
}
