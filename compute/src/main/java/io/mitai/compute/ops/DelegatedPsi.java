package io.mitai.compute.ops;

import io.mitai.compute.psi.DelegatedPsiKey;
import io.mitai.compute.session.FailureReason;
import io.mitai.compute.session.PartyChannel;
import io.mitai.compute.session.PartyId;
import io.mitai.compute.session.SessionFailedException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Delegated PSI and PSI_CARDINALITY: the requester R holds no input; the two holders A (the first
 * input party) and B (the second) never see each other's keys.
 *
 * <p>Flow: (round 1) A and B exchange ephemeral X25519 public keys and derive the session key k
 * ({@link DelegatedPsiKey}). (round 2) Each holder computes, for each of its distinct keys x,
 * tag(x) and sends R its records sorted by tag: for PSI, A sends tag(x) || nonce || AES-256-GCM
 * under key(x) of x padded to a fixed length, and B sends tag(x) || key(x); for PSI_CARDINALITY
 * both send only tag(x). R merges the two sorted streams as they arrive (memory bounded by a batch
 * per link) and, for PSI, opens A's ciphertext of each matching tag with B's key(x).
 *
 * <p>R learns the intersection (or its size), |A|, |B| and, for PSI, A's padded key length; A and B
 * learn only each other's ephemeral public key. Assumes R colludes with neither holder.
 */
final class DelegatedPsi {
  static final int ROUND_SESSION_KEY = 1;
  static final int ROUND_RECORDS = 2;

  /** Bytes of records per message (well under the 3 MiB frame limit). */
  static final int BATCH_BYTES = 1 << 20;

  /** The most records a holder may announce. */
  static final int MAX_RECORDS = 1 << 24;

  private static final int TAG = DelegatedPsiKey.TAG_BYTES;

  /** Overhead of A's PSI record besides the padded plaintext: tag, nonce, GCM tag. */
  private static final int SEALED_OVERHEAD =
      TAG + DelegatedPsiKey.NONCE_BYTES + DelegatedPsiKey.GCM_TAG_BYTES;

  /** Elements per parallel work unit. */
  private static final int CHUNK = 4096;

  private DelegatedPsi() {}

  static Optional<OperationResult> run(PartyChannel ch, PsiSpec spec, Optional<Table> input)
      throws SessionFailedException {
    Roles roles = spec.roles();
    PartyId a = roles.inputs().get(0);
    PartyId b = roles.inputs().get(1);
    PartyId self = ch.self();
    if (self.equals(roles.requester())) {
      return Optional.of(request(ch, spec, a, b));
    }
    hold(ch, spec, self.equals(a), self.equals(a) ? b : a, input.orElseThrow());
    return Optional.empty();
  }

  /** A holder's side: agree on k with the other holder, then send its records to R. */
  private static void hold(PartyChannel ch, PsiSpec spec, boolean isA, PartyId peer, Table input)
      throws SessionFailedException {
    List<String> keys = PsiOperation.distinctKeys(ch, input, spec.keyColumn());
    SecureRandom random = new SecureRandom();
    DelegatedPsiKey.Ephemeral eph = new DelegatedPsiKey.Ephemeral(random);
    // One 32-byte message each way; both fit in the flow-control window, so send then receive.
    ch.send(peer, ROUND_SESSION_KEY, eph.publicKey());
    byte[] peerKey = ch.receive(peer, ROUND_SESSION_KEY);
    DelegatedPsiKey k;
    try {
      k = eph.agree(peerKey, ch.session().value());
    } catch (IllegalArgumentException e) {
      throw new SessionFailedException(
          FailureReason.MALFORMED_MESSAGE, ch.session(), Optional.of(peer), e.getMessage());
    }
    byte[][] utf8 = new byte[keys.size()][];
    int longest = 0;
    for (int i = 0; i < utf8.length; i++) {
      utf8[i] = keys.get(i).getBytes(StandardCharsets.UTF_8);
      longest = Math.max(longest, utf8[i].length);
    }
    if (longest > DelegatedPsiKey.MAX_KEY_BYTES) {
      throw new SessionFailedException(
          FailureReason.INVALID_INPUT,
          ch.session(),
          Optional.empty(),
          "a key is longer than " + DelegatedPsiKey.MAX_KEY_BYTES + " bytes");
    }
    boolean psi = spec.operation() == Operation.PSI;
    byte[][] records;
    if (!psi) {
      records = tags(k, utf8);
    } else if (isA) {
      records = sealed(k, utf8, DelegatedPsiKey.paddedLength(longest), random);
    } else {
      records = tagsAndKeys(k, utf8);
    }
    // Sorting by tag hides the input order; tags are pseudo-random, so this is a random order.
    Arrays.parallelSort(records, (x, y) -> Arrays.compareUnsigned(x, 0, TAG, y, 0, TAG));
    int size = records.length == 0 ? recordSize(psi, isA, longest) : records[0].length;
    send(ch, spec.roles().requester(), records, size);
  }

  private static int recordSize(boolean psi, boolean isA, int longest) {
    if (!psi) {
      return TAG;
    }
    return isA
        ? SEALED_OVERHEAD + DelegatedPsiKey.paddedLength(longest)
        : TAG + DelegatedPsiKey.KEY_BYTES;
  }

  private static byte[][] tags(DelegatedPsiKey k, byte[][] keys) {
    byte[][] out = new byte[keys.length][];
    parallel(
        keys.length,
        (from, to) -> {
          DelegatedPsiKey.Hasher h = k.hasher();
          for (int i = from; i < to; i++) {
            out[i] = h.tag(keys[i]);
          }
        });
    return out;
  }

  private static byte[][] tagsAndKeys(DelegatedPsiKey k, byte[][] keys) {
    byte[][] out = new byte[keys.length][];
    parallel(
        keys.length,
        (from, to) -> {
          DelegatedPsiKey.Hasher h = k.hasher();
          for (int i = from; i < to; i++) {
            byte[] r = Arrays.copyOf(h.tag(keys[i]), TAG + DelegatedPsiKey.KEY_BYTES);
            System.arraycopy(h.key(keys[i]), 0, r, TAG, DelegatedPsiKey.KEY_BYTES);
            out[i] = r;
          }
        });
    return out;
  }

  private static byte[][] sealed(
      DelegatedPsiKey k, byte[][] keys, int paddedLength, SecureRandom random) {
    byte[] nonces = new byte[keys.length * DelegatedPsiKey.NONCE_BYTES];
    random.nextBytes(nonces);
    byte[][] out = new byte[keys.length][];
    parallel(
        keys.length,
        (from, to) -> {
          DelegatedPsiKey.Hasher h = k.hasher();
          for (int i = from; i < to; i++) {
            byte[] tag = h.tag(keys[i]);
            byte[] r = Arrays.copyOf(tag, SEALED_OVERHEAD + paddedLength);
            byte[] nonce =
                Arrays.copyOfRange(
                    nonces, i * DelegatedPsiKey.NONCE_BYTES, (i + 1) * DelegatedPsiKey.NONCE_BYTES);
            DelegatedPsiKey.seal(
                h.key(keys[i]), nonce, tag, DelegatedPsiKey.pad(keys[i], paddedLength), r, TAG);
            out[i] = r;
          }
        });
    return out;
  }

  private interface Range {
    void run(int from, int to);
  }

  private static void parallel(int n, Range work) {
    IntStream.range(0, (n + CHUNK - 1) / CHUNK)
        .parallel()
        .forEach(c -> work.run(c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
  }

  /** Header (count, record size), then batches of whole fixed-size records. */
  private static void send(PartyChannel ch, PartyId to, byte[][] records, int size)
      throws SessionFailedException {
    ch.send(to, ROUND_RECORDS, new Wire.Out().i32(records.length).i32(size).toBytes());
    int perBatch = Math.max(1, BATCH_BYTES / size);
    for (int start = 0; start < records.length; start += perBatch) {
      int end = Math.min(records.length, start + perBatch);
      byte[] batch = new byte[(end - start) * size];
      for (int i = start; i < end; i++) {
        System.arraycopy(records[i], 0, batch, (i - start) * size, size);
      }
      ch.send(to, ROUND_RECORDS, batch);
    }
  }

  /** The requester's side: merge A's and B's sorted streams. */
  private static OperationResult request(PartyChannel ch, PsiSpec spec, PartyId a, PartyId b)
      throws SessionFailedException {
    boolean psi = spec.operation() == Operation.PSI;
    Stream fromA = new Stream(ch, a);
    Stream fromB = new Stream(ch, b);
    if (psi) {
      fromA.expectSealed();
      fromB.expectSize(TAG + DelegatedPsiKey.KEY_BYTES);
    } else {
      fromA.expectSize(TAG);
      fromB.expectSize(TAG);
    }
    long size = 0;
    List<String> hits = new ArrayList<>();
    boolean more = fromA.next() && fromB.next();
    while (more) {
      int c =
          Arrays.compareUnsigned(
              fromA.buf, fromA.at, fromA.at + TAG, fromB.buf, fromB.at, fromB.at + TAG);
      if (c < 0) {
        more = fromA.next();
      } else if (c > 0) {
        more = fromB.next();
      } else {
        size++;
        if (psi) {
          hits.add(open(ch, fromA, fromB));
        }
        more = fromA.next() & fromB.next();
      }
    }
    fromA.drain();
    fromB.drain();
    Collections.sort(hits);
    return new PsiResult(spec.operation(), psi ? Optional.of(hits) : Optional.empty(), size);
  }

  private static String open(PartyChannel ch, Stream fromA, Stream fromB)
      throws SessionFailedException {
    byte[] tag = Arrays.copyOfRange(fromA.buf, fromA.at, fromA.at + TAG);
    byte[] key =
        Arrays.copyOfRange(fromB.buf, fromB.at + TAG, fromB.at + TAG + DelegatedPsiKey.KEY_BYTES);
    Optional<byte[]> x =
        DelegatedPsiKey.open(key, tag, fromA.buf, fromA.at + TAG, fromA.size - TAG)
            .flatMap(DelegatedPsiKey::unpad);
    if (x.isEmpty()) {
      throw new SessionFailedException(
          FailureReason.MALFORMED_MESSAGE,
          ch.session(),
          Optional.empty(),
          "a matching element does not open under its element key (the holders disagree)");
    }
    return new String(x.get(), StandardCharsets.UTF_8);
  }

  /**
   * One holder's sorted record stream, read a batch at a time. Checks the announced count and
   * record size, whole records per batch, and strictly increasing tags (the sender's promise that
   * makes the merge correct); a violation is MALFORMED_MESSAGE blamed on the sender.
   */
  private static final class Stream {
    private final PartyChannel ch;
    private final PartyId from;
    private final int count;
    private final int size;
    private int read;
    private byte[] buf = new byte[0];
    private int at = -1;
    private int end;

    Stream(PartyChannel ch, PartyId from) throws SessionFailedException {
      this.ch = ch;
      this.from = from;
      Wire.In header = new Wire.In(ch, from, ch.receive(from, ROUND_RECORDS));
      this.count = header.i32();
      this.size = header.i32();
      header.end();
      if (count < 0 || count > MAX_RECORDS) {
        throw header.malformed("bad record count " + count);
      }
    }

    void expectSize(int expected) throws SessionFailedException {
      if (size != expected) {
        throw malformed("records of " + size + " bytes, expected " + expected);
      }
    }

    void expectSealed() throws SessionFailedException {
      int padded = size - SEALED_OVERHEAD;
      if (padded < DelegatedPsiKey.paddedLength(0)
          || padded > DelegatedPsiKey.paddedLength(DelegatedPsiKey.MAX_KEY_BYTES)
          || padded % DelegatedPsiKey.PAD_BLOCK != 0) {
        throw malformed("bad sealed record size " + size);
      }
    }

    /** Advances to the next record; false at the end of the stream. */
    boolean next() throws SessionFailedException {
      if (read == count) {
        at = -1;
        return false;
      }
      int previous = at;
      byte[] previousBuf = buf;
      if (at < 0 || at + size >= end) {
        buf = ch.receive(from, ROUND_RECORDS);
        int n = buf.length / size;
        if (buf.length % size != 0 || n == 0 || read + n > count) {
          throw malformed("bad record batch");
        }
        at = 0;
        end = buf.length;
      } else {
        at += size;
      }
      if (previous >= 0
          && Arrays.compareUnsigned(previousBuf, previous, previous + TAG, buf, at, at + TAG)
              >= 0) {
        throw malformed("records not in strictly increasing tag order");
      }
      read++;
      return true;
    }

    /** Reads (and checks) the rest of the stream. */
    void drain() throws SessionFailedException {
      while (next()) {
        // Every record is consumed so the sender's flow control completes.
      }
    }

    private SessionFailedException malformed(String why) {
      return new SessionFailedException(
          FailureReason.MALFORMED_MESSAGE, ch.session(), Optional.of(from), why);
    }
  }
}
