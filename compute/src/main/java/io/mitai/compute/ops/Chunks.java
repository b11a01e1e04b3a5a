package io.mitai.compute.ops;

import io.mitai.compute.session.PartyChannel;
import io.mitai.compute.session.PartyId;
import io.mitai.compute.session.SessionFailedException;
import java.nio.ByteBuffer;

/**
 * Long vectors of known length sent as consecutive messages of at most {@value #CHUNK} ring
 * elements (2 MiB), so no message exceeds the frame limit and memory per message stays bounded.
 */
final class Chunks {
  static final int CHUNK = 1 << 18;

  private Chunks() {}

  static void sendLongs(PartyChannel ch, PartyId to, int round, long[] v)
      throws SessionFailedException {
    int start = 0;
    do {
      int n = Math.min(CHUNK, v.length - start);
      ByteBuffer b = ByteBuffer.allocate(n * 8);
      b.asLongBuffer().put(v, start, n);
      ch.send(to, round, b.array());
      start += n;
    } while (start < v.length);
  }

  static long[] receiveLongs(PartyChannel ch, PartyId from, int round, int length)
      throws SessionFailedException {
    long[] out = new long[length];
    int start = 0;
    do {
      byte[] p = ch.receive(from, round);
      int n = Math.min(CHUNK, length - start);
      if (p.length != n * 8) {
        throw new Wire.In(ch, from, p)
            .malformed("chunk of " + p.length + " bytes, expected " + n * 8);
      }
      ByteBuffer.wrap(p).asLongBuffer().get(out, start, n);
      start += n;
    } while (start < length);
    return out;
  }
}
