package io.mitai.compute.ops;

import io.mitai.compute.psi.ot.BaseOt;
import io.mitai.compute.psi.ot.Cuckoo;
import io.mitai.compute.psi.ot.EncodingIndex;
import io.mitai.compute.psi.ot.Kkrt;
import io.mitai.compute.session.FailureReason;
import io.mitai.compute.session.PartyChannel;
import io.mitai.compute.session.PartyId;
import io.mitai.compute.session.SessionFailedException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * PSI by OT extension (KKRT16, see {@link Kkrt}) between the requester R (the OPRF receiver) and
 * the other input party S (the OPRF sender). R learns the intersection and |S|; S learns |R|.
 *
 * <pre>
 * round 1 R -&gt; S  hello: i32 |R|, i32 bins m, bytes code seed (16), bytes bin key (16), bytes A
 * round 2 S -&gt; R  hello: i32 |S|, then 512 x bytes B_j (base OTs, R is their sender)
 * round 3 R -&gt; S  corrections: ceil(m / 8192) messages, 512 columns x (bins / 8) bytes each
 * round 4 S -&gt; R  encodings: for h = 0, 1, 2: |S| encodings of L bytes in S's secret random order,
 *                 at most 131072 per message (L = Kkrt.encodingBytes(|R|, |S|))
 * round 6 R -&gt; S  alignment only ({@link #align}): i32 count, then the matched positions in
 *                 S's order, increasing, i32 each, at most 131072 per message
 * round 5 S -&gt; R  transcript: SHA-256 of all S sent, SHA-256 of all S received
 * </pre>
 *
 * R cuckoo-hashes its items into m bins (one item per bin, by one of three hash functions); S
 * hashes each of its items into all three of its bins. For each bin, R obtains F(b, x_b) and S can
 * evaluate F(b, .) on anything; S sends F(h_i(y), (y, i)) for all y and i, shuffled; R's item x is
 * in the intersection iff its own output appears among them.
 *
 * <p>Integrity: the protocol is semi-honest, but a message altered between the parties (a faulty
 * relay, a bug) would silently change the OPRF outputs and so the answer. Round 5 closes that: R
 * compares S's digests of the whole transcript with its own and reports no result unless both
 * directions match.
 */
final class OtPsi {
  static final int ROUND_RECEIVER_HELLO = 1;
  static final int ROUND_SENDER_HELLO = 2;
  static final int ROUND_CORRECTIONS = 3;
  static final int ROUND_ENCODINGS = 4;
  static final int ROUND_TRANSCRIPT = 5;

  /** Alignment only, receiver to sender before round 5: the matched positions. */
  static final int ROUND_MATCHES = 6;

  /** Encodings per round-4 message (at most 16 bytes each: 2 MiB). */
  static final int ENCODINGS_PER_MESSAGE = 1 << 17;

  /** The most items a party may announce (bounds what a bad header can make the peer allocate). */
  static final int MAX_ITEMS = 1 << 26;

  /** Cuckoo attempts under fresh bin keys before giving up (each fails w.p. at most 2^-40). */
  static final int CUCKOO_ATTEMPTS = 8;

  private OtPsi() {}

  /** The channel with running digests of what was sent and received, for round 5. */
  private static final class Transcript {
    private final PartyChannel ch;
    private final PartyId peer;
    private final int base;
    private final MessageDigest sent = Kkrt.sha256Digest();
    private final MessageDigest received = Kkrt.sha256Digest();

    /** The protocol's rounds are numbered from {@code base} on the channel (0 for PSI). */
    Transcript(PartyChannel ch, PartyId peer, int base) {
      this.ch = ch;
      this.peer = peer;
      this.base = base;
    }

    private static void absorb(MessageDigest d, int round, byte[] p) {
      d.update(ByteBuffer.allocate(8).putInt(round).putInt(p.length).array());
      d.update(p);
    }

    void send(int round, byte[] payload) throws SessionFailedException {
      absorb(sent, round, payload);
      ch.send(peer, base + round, payload);
    }

    byte[] receive(int round) throws SessionFailedException {
      byte[] p = ch.receive(peer, base + round);
      absorb(received, round, p);
      return p;
    }

    /** Round 5, sender side: the digests of everything sent and received so far. */
    void sendDigests() throws SessionFailedException {
      byte[] mySent = sent.digest();
      byte[] myReceived = received.digest();
      ch.send(
          peer, base + ROUND_TRANSCRIPT, new Wire.Out().bytes(mySent).bytes(myReceived).toBytes());
    }

    /** Round 5, receiver side: no result unless both directions arrived as they were sent. */
    void checkDigests() throws SessionFailedException {
      byte[] mySent = sent.digest();
      byte[] myReceived = received.digest();
      Wire.In fin = new Wire.In(ch, peer, ch.receive(peer, base + ROUND_TRANSCRIPT));
      byte[] theirSent = fin.bytes(32);
      byte[] theirReceived = fin.bytes(32);
      fin.end();
      if (!MessageDigest.isEqual(theirSent, myReceived)
          || !MessageDigest.isEqual(theirReceived, mySent)) {
        throw new SessionFailedException(
            FailureReason.PROTOCOL_VIOLATION,
            ch.session(),
            Optional.of(peer),
            "transcripts differ: a message was altered between the parties");
      }
    }

    SessionFailedException malformed(String why) {
      return new SessionFailedException(
          FailureReason.MALFORMED_MESSAGE, ch.session(), Optional.of(peer), why);
    }
  }

  static Optional<OperationResult> run(PartyChannel ch, PsiSpec spec, Table input)
      throws SessionFailedException {
    Roles roles = spec.roles();
    PartyId requester = roles.requester();
    PartyId other =
        roles.inputs().get(0).equals(requester) ? roles.inputs().get(1) : roles.inputs().get(0);
    List<String> keys = PsiOperation.distinctKeys(ch, input, spec.keyColumn());
    checkSize(ch, keys);
    byte[] context = context("mitai-ot-psi-v1", ch, requester, other);
    if (ch.self().equals(requester)) {
      Transcript t = new Transcript(ch, other, 0);
      int[] matchedAt = receive(t, context, keys);
      t.checkDigests();
      List<String> out = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        if (matchedAt[i] >= 0) {
          out.add(keys.get(i));
        }
      }
      Collections.sort(out);
      return Optional.of(new PsiResult(Operation.PSI, Optional.of(out), out.size()));
    }
    Transcript t = new Transcript(ch, requester, 0);
    send(t, context, keys);
    t.sendDigests();
    return Optional.empty();
  }

  /**
   * Two-party alignment for JOINT_STATS: the same OPRF, after which the receiver tells the sender
   * which of the sender's encodings matched, as positions in the sender's secret random order, in
   * increasing order. The aligned order is that order, so the receiver learns nothing from it; the
   * sender learns which of its own keys are aligned (as with ECDH alignment) but not which hash
   * function placed them, so nothing of the receiver's cuckoo table. The positions travel before
   * round 5, so the transcript check covers them.
   *
   * @param base the channel round the protocol's rounds are numbered from
   * @return for each of {@code keys}, its aligned row, or -1
   */
  static int[] align(PartyChannel ch, PartyId receiver, PartyId sender, List<String> keys, int base)
      throws SessionFailedException {
    checkSize(ch, keys);
    byte[] context = context("mitai-ot-align-v1", ch, receiver, sender);
    if (ch.self().equals(receiver)) {
      Transcript t = new Transcript(ch, sender, base);
      int[] matchedAt = receive(t, context, keys);
      int[] position = sendMatches(t, matchedAt);
      t.checkDigests();
      return position;
    }
    Transcript t = new Transcript(ch, receiver, base);
    int[] order = send(t, context, keys);
    int[] position = receiveMatches(t, order);
    t.sendDigests();
    return position;
  }

  /** Receiver: the matched positions, sorted, in batches; returns each own key's aligned row. */
  private static int[] sendMatches(Transcript t, int[] matchedAt) throws SessionFailedException {
    int hits = 0;
    for (int at : matchedAt) {
      hits += at >= 0 ? 1 : 0;
    }
    long[] byPosition = new long[hits];
    int k = 0;
    for (int x = 0; x < matchedAt.length; x++) {
      if (matchedAt[x] >= 0) {
        byPosition[k++] = ((long) matchedAt[x] << 32) | x;
      }
    }
    Arrays.sort(byPosition);
    int[] position = new int[matchedAt.length];
    Arrays.fill(position, -1);
    t.send(ROUND_MATCHES, new Wire.Out().i32(hits).toBytes());
    for (int done = 0; done < hits; done += ENCODINGS_PER_MESSAGE) {
      int c = Math.min(ENCODINGS_PER_MESSAGE, hits - done);
      ByteBuffer batch = ByteBuffer.allocate(c * 4);
      for (int i = done; i < done + c; i++) {
        batch.putInt((int) (byPosition[i] >>> 32));
        position[(int) byPosition[i]] = i;
      }
      t.send(ROUND_MATCHES, batch.array());
    }
    return position;
  }

  /**
   * Sender: reads the matched positions (strictly increasing, below |S|); {@code order[i]} is the
   * secret position of own key i. Returns each own key's aligned row.
   */
  private static int[] receiveMatches(Transcript t, int[] order) throws SessionFailedException {
    int n = order.length;
    Wire.In head = new Wire.In(t.ch, t.peer, t.receive(ROUND_MATCHES));
    int hits = head.i32();
    head.end();
    if (hits < 0 || hits > n) {
      throw t.malformed("bad match count " + hits);
    }
    int[] keyAt = new int[n];
    for (int i = 0; i < n; i++) {
      keyAt[order[i]] = i;
    }
    int[] position = new int[n];
    Arrays.fill(position, -1);
    int last = -1;
    for (int done = 0; done < hits; ) {
      int c = Math.min(ENCODINGS_PER_MESSAGE, hits - done);
      byte[] p = t.receive(ROUND_MATCHES);
      if (p.length != c * 4) {
        throw t.malformed("match batch of " + p.length + " bytes, expected " + c * 4);
      }
      ByteBuffer batch = ByteBuffer.wrap(p);
      for (int i = 0; i < c; i++) {
        int at = batch.getInt();
        if (at <= last || at >= n) {
          throw t.malformed("match positions are not increasing positions below " + n);
        }
        last = at;
        position[keyAt[at]] = done + i;
      }
      done += c;
    }
    return position;
  }

  private static void checkSize(PartyChannel ch, List<String> keys) throws SessionFailedException {
    if (keys.size() > MAX_ITEMS) {
      throw new SessionFailedException(
          FailureReason.INVALID_INPUT,
          ch.session(),
          Optional.empty(),
          "more than " + MAX_ITEMS + " distinct keys");
    }
  }

  private static byte[] context(
      String protocol, PartyChannel ch, PartyId receiver, PartyId sender) {
    return (protocol + "|" + ch.session().value() + "|" + receiver.value() + "|" + sender.value())
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The OPRF receiver: for each of {@code keys}, the position of its match in S's order, or -1. */
  private static int[] receive(Transcript t, byte[] context, List<String> keys)
      throws SessionFailedException {
    SecureRandom random = new SecureRandom();
    int n = keys.size();
    byte[] ids = Kkrt.ids(keys);
    int m = Cuckoo.bins(n);
    int[] table = new int[m];
    byte[] which = new byte[n];
    byte[] binKey = new byte[16];
    Random kicks = Kkrt.fastRandom(random);
    int[] hashes = null;
    for (int attempt = 0; hashes == null; attempt++) {
      if (attempt == CUCKOO_ATTEMPTS) {
        throw new SessionFailedException(
            FailureReason.INTERNAL_ERROR,
            t.ch.session(),
            Optional.empty(),
            "cuckoo hashing failed");
      }
      random.nextBytes(binKey);
      int[] h = Kkrt.binsOf(binKey, ids, n, m);
      if (Cuckoo.insert(h, n, m, kicks, table, which)) {
        hashes = h;
      }
    }
    byte[] codeSeed = new byte[16];
    random.nextBytes(codeSeed);
    BaseOt.Sender base = new BaseOt.Sender(random);
    t.send(
        ROUND_RECEIVER_HELLO,
        new Wire.Out()
            .i32(n)
            .i32(m)
            .bytes(codeSeed)
            .bytes(binKey)
            .bytes(base.firstMessage())
            .toBytes());

    Wire.In hello = new Wire.In(t.ch, t.peer, t.receive(ROUND_SENDER_HELLO));
    int senderItems = hello.i32();
    if (senderItems < 0 || senderItems > MAX_ITEMS) {
      throw hello.malformed("bad item count " + senderItems);
    }
    byte[][] bs = new byte[Kkrt.CODE_BITS][];
    for (int j = 0; j < bs.length; j++) {
      bs[j] = hello.bytes(BaseOt.POINT_BYTES);
    }
    hello.end();
    byte[][][] otKeys;
    try {
      otKeys = base.keys(context, bs);
    } catch (IllegalArgumentException e) {
      throw hello.malformed(e.getMessage());
    }

    int len = Kkrt.encodingBytes(n, senderItems);
    Kkrt.Receiver ext = new Kkrt.Receiver(otKeys);
    Kkrt.Code code = new Kkrt.Code(codeSeed);
    EncodingIndex index = new EncodingIndex(n, len);
    int[] item = new int[Kkrt.BATCH];
    int[] hashOf = new int[Kkrt.BATCH];
    long[] codeRows = new long[Kkrt.BATCH * Kkrt.CODE_LONGS];
    long[] tRows = new long[Kkrt.BATCH * Kkrt.CODE_LONGS];
    byte[] enc = new byte[len];
    for (int b0 = 0; b0 < m; b0 += Kkrt.BATCH) {
      int count = Math.min(Kkrt.BATCH, m - b0);
      for (int i = 0; i < count; i++) {
        item[i] = table[b0 + i];
        hashOf[i] = item[i] >= 0 ? which[item[i]] : 0;
      }
      code.encode(ids, item, hashOf, count, codeRows, 0);
      byte[] corrections = ext.extend(codeRows, count, tRows);
      t.send(ROUND_CORRECTIONS, corrections);
      for (int i = 0; i < count; i++) {
        if (item[i] >= 0) {
          ext.output(b0 + i, tRows, i, enc, 0, len);
          index.put(enc, 0, item[i]);
        }
      }
    }
    // hashes are no longer needed; let them go before the encodings arrive
    hashes = null;

    int[] matchedAt = new int[n];
    Arrays.fill(matchedAt, -1);
    for (int h = 0; h < Cuckoo.HASHES; h++) {
      for (int done = 0; done < senderItems; ) {
        int c = Math.min(ENCODINGS_PER_MESSAGE, senderItems - done);
        byte[] p = t.receive(ROUND_ENCODINGS);
        if (p.length != c * len) {
          throw t.malformed("encoding batch of " + p.length + " bytes, expected " + c * len);
        }
        for (int off = 0, at = done; off < p.length; off += len, at++) {
          int x = index.get(p, off);
          if (x >= 0) {
            matchedAt[x] = at;
          }
        }
        done += c;
      }
    }
    return matchedAt;
  }

  /** The OPRF sender: returns the secret position of each own key in the order it sent. */
  private static int[] send(Transcript t, byte[] context, List<String> keys)
      throws SessionFailedException {
    SecureRandom random = new SecureRandom();
    int n = keys.size();
    byte[] ids = Kkrt.ids(keys);

    Wire.In hello = new Wire.In(t.ch, t.peer, t.receive(ROUND_RECEIVER_HELLO));
    int receiverItems = hello.i32();
    int m = hello.i32();
    byte[] codeSeed = hello.bytes(16);
    byte[] binKey = hello.bytes(16);
    byte[] a = hello.bytes(BaseOt.POINT_BYTES);
    hello.end();
    if (receiverItems < 0 || receiverItems > MAX_ITEMS) {
      throw hello.malformed("bad item count " + receiverItems);
    }
    if (m != Cuckoo.bins(receiverItems) || codeSeed.length != 16 || binKey.length != 16) {
      throw hello.malformed("parameters do not follow from the item count");
    }

    boolean[] s = new boolean[Kkrt.CODE_BITS];
    for (int j = 0; j < s.length; j++) {
      s[j] = random.nextBoolean();
    }
    byte[][] chosen = new byte[Kkrt.CODE_BITS][];
    byte[][] bs;
    try {
      bs = new BaseOt.Receiver(random, s).respond(context, a, chosen);
    } catch (IllegalArgumentException e) {
      throw hello.malformed(e.getMessage());
    }
    Wire.Out reply = new Wire.Out().i32(n);
    for (byte[] b : bs) {
      reply.bytes(b);
    }
    t.send(ROUND_SENDER_HELLO, reply.toBytes());

    // Simple hashing: every (item, hash index) pair, grouped by bin.
    int[] hashes = Kkrt.binsOf(binKey, ids, n, m);
    int[] start = new int[m + 1];
    for (int e = 0; e < hashes.length; e++) {
      start[hashes[e] + 1]++;
    }
    for (int b = 0; b < m; b++) {
      start[b + 1] += start[b];
    }
    int[] entries = new int[hashes.length];
    int[] fill = Arrays.copyOf(start, m);
    for (int e = 0; e < hashes.length; e++) {
      entries[fill[hashes[e]]++] = e;
    }
    fill = null;
    int[] position = new int[n];
    for (int i = 0; i < n; i++) {
      position[i] = i;
    }
    Kkrt.shuffle(Kkrt.fastRandom(random), position, n);

    int len = Kkrt.encodingBytes(receiverItems, n);
    byte[][] out = new byte[Cuckoo.HASHES][n * len];
    Kkrt.Sender ext = new Kkrt.Sender(s, chosen);
    Kkrt.Code code = new Kkrt.Code(codeSeed);
    long[] qRows = new long[Kkrt.BATCH * Kkrt.CODE_LONGS];
    int[] item = new int[0];
    int[] hashOf = new int[0];
    long[] codeRows = new long[0];
    for (int b0 = 0; b0 < m; b0 += Kkrt.BATCH) {
      int count = Math.min(Kkrt.BATCH, m - b0);
      byte[] corrections = t.receive(ROUND_CORRECTIONS);
      try {
        ext.extend(corrections, count, qRows);
      } catch (IllegalArgumentException e) {
        throw t.malformed(e.getMessage());
      }
      int from = start[b0];
      int k = start[b0 + count] - from;
      if (item.length < k) {
        item = new int[k];
        hashOf = new int[k];
        codeRows = new long[k * Kkrt.CODE_LONGS];
      }
      for (int i = 0; i < k; i++) {
        int e = entries[from + i];
        item[i] = e / Cuckoo.HASHES;
        hashOf[i] = e % Cuckoo.HASHES;
      }
      code.encode(ids, item, hashOf, k, codeRows, 0);
      for (int i = 0; i < k; i++) {
        int bin = hashes[entries[from + i]];
        ext.output(bin, qRows, bin - b0, codeRows, i, out[hashOf[i]], position[item[i]] * len, len);
      }
    }
    for (int h = 0; h < Cuckoo.HASHES; h++) {
      for (int done = 0; done < n; done += ENCODINGS_PER_MESSAGE) {
        int c = Math.min(ENCODINGS_PER_MESSAGE, n - done);
        t.send(ROUND_ENCODINGS, Arrays.copyOfRange(out[h], done * len, (done + c) * len));
      }
      out[h] = null;
    }
    return position;
  }
}
