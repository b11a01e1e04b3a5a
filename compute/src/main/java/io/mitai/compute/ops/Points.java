package io.mitai.compute.ops;

import io.mitai.compute.psi.EcdhBlinding;
import io.mitai.compute.session.PartyChannel;
import io.mitai.compute.session.PartyId;
import io.mitai.compute.session.SessionFailedException;
import java.nio.ByteBuffer;

/**
 * Streams of curve points between two parties: a header message with the count, then batches of
 * {@value #BATCH} concatenated 32-byte u-coordinates (the last batch may be shorter).
 */
final class Points {
  static final int BATCH = 16384;
  private static final int N = EcdhBlinding.POINT_BYTES;

  /** The most points a peer may announce (bounds what a malicious header can make us allocate). */
  static final int MAX_POINTS = 1 << 24;

  private Points() {}

  static void send(PartyChannel ch, PartyId to, int round, byte[][] points)
      throws SessionFailedException {
    ch.send(to, round, ByteBuffer.allocate(4).putInt(points.length).array());
    for (int start = 0; start < points.length; start += BATCH) {
      int end = Math.min(points.length, start + BATCH);
      byte[] batch = new byte[(end - start) * N];
      for (int i = start; i < end; i++) {
        System.arraycopy(points[i], 0, batch, (i - start) * N, N);
      }
      ch.send(to, round, batch);
    }
  }

  static byte[][] receive(PartyChannel ch, PartyId from, int round) throws SessionFailedException {
    Wire.In header = new Wire.In(ch, from, ch.receive(from, round));
    int count = header.i32();
    header.end();
    if (count < 0 || count > MAX_POINTS) {
      throw header.malformed("bad point count " + count);
    }
    byte[][] out = new byte[count][];
    int filled = 0;
    while (filled < count) {
      byte[] batch = ch.receive(from, round);
      int n = batch.length / N;
      if (batch.length % N != 0 || n == 0 || n > BATCH || filled + n > count) {
        throw new Wire.In(ch, from, batch).malformed("bad point batch");
      }
      for (int i = 0; i < n; i++) {
        byte[] p = new byte[N];
        System.arraycopy(batch, i * N, p, 0, N);
        out[filled++] = p;
      }
    }
    return out;
  }
}
