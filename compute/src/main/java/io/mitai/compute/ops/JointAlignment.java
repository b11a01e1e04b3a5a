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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alignment step of {@link JointStats}: which of each input party's keys are present at every
 * input party, and the common row order. By {@link JointStatsSpec#alignment()}: m-party ECDH-PSI,
 * or for two input parties the OT-extension PSI of {@link OtPsi} (the first input party its
 * receiver). Either way each input party learns which of its own keys are aligned and the others'
 * set sizes, and nothing else of their keys.
 */
final class JointAlignment {
  private JointAlignment() {}

  /** For each of {@code keys} (distinct, this party's), its aligned row or -1. */
  static int[] align(PartyChannel ch, JointStatsSpec spec, List<String> keys)
      throws SessionFailedException {
    Roles roles = spec.roles();
    if (spec.alignment() == PsiProtocol.OT) {
      List<PartyId> in = roles.inputs();
      return OtPsi.align(ch, in.get(0), in.get(1), keys, JointStats.ROUND_RING);
    }
    return ecdh(ch, roles, keys);
  }

  /**
   * m-party ECDH-PSI alignment. Each party's blinded set travels the ring of input parties, blinded
   * by each in turn, and returns to its owner fully blinded (in the owner's order). The owners then
   * exchange their fully blinded sets (sorted, so no order leaks); the aligned order is the byte
   * order of the common fully-blinded values. Returns, for each own key, its aligned row or -1.
   */
  private static int[] ecdh(PartyChannel ch, Roles roles, List<String> keys)
      throws SessionFailedException {
    List<PartyId> in = roles.inputs();
    int m = in.size();
    int me = in.indexOf(ch.self());
    PartyId next = in.get((me + 1) % m);
    PartyId prev = in.get((me - 1 + m) % m);
    EcdhBlinding secret = new EcdhBlinding(new SecureRandom());
    byte[][] travelling = secret.hashAndBlind(keys);
    byte[][] full;
    try (Async async = new Async(ch)) {
      for (int step = 1; step < m; step++) {
        byte[][] out = travelling;
        int round = JointStats.ROUND_RING + step;
        async.submit(() -> Points.send(ch, next, round, out));
        travelling =
            PsiOperation.blindPeer(
                ch, prev, secret, Points.receive(ch, prev, JointStats.ROUND_RING + step));
        async.awaitAll(1 + out.length / Points.BATCH);
      }
      byte[][] back = travelling;
      async.submit(() -> Points.send(ch, next, JointStats.ROUND_RETURN, back));
      full = Points.receive(ch, prev, JointStats.ROUND_RETURN);
      async.awaitAll(1 + back.length / Points.BATCH);
      if (full.length != keys.size()) {
        throw new SessionFailedException(
            FailureReason.PROTOCOL_VIOLATION,
            ch.session(),
            Optional.of(prev),
            "returned set has the wrong size");
      }
      byte[][] sorted = full.clone();
      Arrays.sort(sorted, Arrays::compareUnsigned);
      for (PartyId p : in) {
        if (!p.equals(ch.self())) {
          async.submit(() -> Points.send(ch, p, JointStats.ROUND_FULL, sorted));
        }
      }
      Map<ByteBuffer, Integer> hits = new HashMap<>(full.length * 2);
      for (byte[] f : full) {
        hits.put(ByteBuffer.wrap(f), 1);
      }
      for (PartyId p : in) {
        if (p.equals(ch.self())) {
          continue;
        }
        for (byte[] f : Points.receive(ch, p, JointStats.ROUND_FULL)) {
          hits.computeIfPresent(ByteBuffer.wrap(f), (key, count) -> count + 1);
        }
      }
      async.awaitAll((long) m * (1 + sorted.length / Points.BATCH));
      List<byte[]> common = new ArrayList<>();
      hits.forEach(
          (key, count) -> {
            if (count == m) common.add(key.array());
          });
      common.sort(Arrays::compareUnsigned);
      Map<ByteBuffer, Integer> rank = new HashMap<>(common.size() * 2);
      for (int i = 0; i < common.size(); i++) {
        rank.put(ByteBuffer.wrap(common.get(i)), i);
      }
      int[] position = new int[keys.size()];
      for (int i = 0; i < full.length; i++) {
        position[i] = rank.getOrDefault(ByteBuffer.wrap(full[i]), -1);
      }
      return position;
    }
  }
}
