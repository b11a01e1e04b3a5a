package io.mitai.compute.ops;

import io.mitai.compute.psi.EcdhBlinding;
import io.mitai.compute.session.FailureReason;
import io.mitai.compute.session.PartyChannel;
import io.mitai.compute.session.PartyId;
import io.mitai.compute.session.SessionFailedException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * PSI and PSI_CARDINALITY: two-party ECDH-PSI over curve25519 when the requester holds one of the
 * inputs (or {@link OtPsi} when the spec asks for {@link PsiProtocol#OT}); {@link DelegatedPsi}
 * when it holds neither.
 *
 * <p>Flow (R = requester with secret a, S = the other input party with secret b, H = RFC 9380 hash
 * to curve): both hash and blind their distinct keys at once (both cores busy); R sends H(r)^a in
 * its own order (round 1); S sends H(s)^b shuffled (round 2); S returns (H(r)^a)^b in R's order for
 * PSI, or shuffled for PSI_CARDINALITY (round 3); R raises S's values to a and compares. R learns
 * the intersection (or its size) and |S|; S learns |R|; nothing else.
 */
public final class PsiOperation {
  static final int ROUND_REQUESTER_BLINDED = 1;
  static final int ROUND_SENDER_BLINDED = 2;
  static final int ROUND_DOUBLE_BLINDED = 3;

  private PsiOperation() {}

  /**
   * Runs this party's side of the spec's variant. Returns the result at the requester, empty at
   * every other party.
   *
   * @param input this party's table if it holds an input, else empty
   */
  public static Optional<OperationResult> run(PartyChannel ch, PsiSpec spec, Optional<Table> input)
      throws SessionFailedException {
    return switch (spec.variant()) {
      case DELEGATED -> DelegatedPsi.run(ch, spec, input);
      case OT -> OtPsi.run(ch, spec, input.orElseThrow());
      case ECDH -> runEcdh(ch, spec, input.orElseThrow());
    };
  }

  private static Optional<OperationResult> runEcdh(PartyChannel ch, PsiSpec spec, Table input)
      throws SessionFailedException {
    Roles roles = spec.roles();
    PartyId self = ch.self();
    PartyId requester = roles.requester();
    PartyId other =
        roles.inputs().get(0).equals(requester) ? roles.inputs().get(1) : roles.inputs().get(0);
    List<String> keys = distinctKeys(ch, input, spec.keyColumn());
    SecureRandom random = new SecureRandom();
    EcdhBlinding secret = new EcdhBlinding(random);
    byte[][] mine = secret.hashAndBlind(keys);
    try (Async async = new Async(ch)) {
      if (self.equals(requester)) {
        async.submit(() -> Points.send(ch, other, ROUND_REQUESTER_BLINDED, mine));
        byte[][] theirs =
            blindPeer(ch, other, secret, Points.receive(ch, other, ROUND_SENDER_BLINDED));
        byte[][] doubled = Points.receive(ch, other, ROUND_DOUBLE_BLINDED);
        async.awaitAll(1 + mine.length / Points.BATCH);
        if (doubled.length != mine.length) {
          throw new SessionFailedException(
              FailureReason.PROTOCOL_VIOLATION,
              ch.session(),
              Optional.of(other),
              "wrong count returned");
        }
        Set<ByteBuffer> theirSet = new HashSet<>(theirs.length * 2);
        for (byte[] t : theirs) {
          theirSet.add(ByteBuffer.wrap(t));
        }
        long size = 0;
        List<String> hits = new ArrayList<>();
        for (int i = 0; i < doubled.length; i++) {
          if (theirSet.contains(ByteBuffer.wrap(doubled[i]))) {
            size++;
            if (spec.operation() == Operation.PSI) {
              hits.add(keys.get(i));
            }
          }
        }
        Collections.sort(hits);
        return Optional.of(
            new PsiResult(
                spec.operation(),
                spec.operation() == Operation.PSI ? Optional.of(hits) : Optional.empty(),
                size));
      }
      List<byte[]> shuffled = new ArrayList<>(Arrays.asList(mine));
      Collections.shuffle(shuffled, random);
      async.submit(
          () -> Points.send(ch, requester, ROUND_SENDER_BLINDED, shuffled.toArray(new byte[0][])));
      byte[][] theirs = Points.receive(ch, requester, ROUND_REQUESTER_BLINDED);
      byte[][] doubled = blindPeer(ch, requester, secret, theirs);
      if (spec.operation() == Operation.PSI_CARDINALITY) {
        List<byte[]> d = new ArrayList<>(Arrays.asList(doubled));
        Collections.shuffle(d, random);
        doubled = d.toArray(new byte[0][]);
      }
      byte[][] reply = doubled;
      async.submit(() -> Points.send(ch, requester, ROUND_DOUBLE_BLINDED, reply));
      async.awaitAll(2 + (mine.length + reply.length) / Points.BATCH);
      return Optional.empty();
    }
  }

  /** Blinds a peer's points, refusing low-order points (only an attack produces them). */
  static byte[][] blindPeer(PartyChannel ch, PartyId from, EcdhBlinding secret, byte[][] points)
      throws SessionFailedException {
    try {
      return secret.blind(points);
    } catch (IllegalArgumentException e) {
      throw new SessionFailedException(
          FailureReason.MALFORMED_MESSAGE, ch.session(), Optional.of(from), e.getMessage());
    }
  }

  /**
   * The distinct, non-missing keys of a column, in first-occurrence order. Duplicates collapse to
   * one (set semantics); missing keys take no part.
   */
  static List<String> distinctKeys(PartyChannel ch, Table input, String column)
      throws SessionFailedException {
    int k =
        input
            .indexOf(column)
            .orElseThrow(
                () ->
                    new SessionFailedException(
                        FailureReason.INVALID_INPUT,
                        ch.session(),
                        Optional.empty(),
                        "no key column '" + column + "'"));
    LinkedHashSet<String> keys = new LinkedHashSet<>();
    long row = 0;
    for (List<String> r : input.rows()) {
      row++;
      if (r.size() != input.columns().size()) {
        throw new SessionFailedException(
            FailureReason.INVALID_INPUT,
            ch.session(),
            Optional.empty(),
            "row " + row + " has the wrong number of cells");
      }
      String key = r.get(k);
      if (!Table.isMissing(key)) {
        keys.add(key);
      }
    }
    return new ArrayList<>(keys);
  }
}
