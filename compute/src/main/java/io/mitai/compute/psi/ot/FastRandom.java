package io.mitai.compute.psi.ot;

import java.security.SecureRandom;
import java.util.Random;

/**
 * A cryptographically strong {@link Random}: AES-128-CTR under a key from {@link SecureRandom}. For
 * the bulk randomness of one session (shuffles of millions of items, cuckoo eviction choices),
 * where drawing every int from the operating system's generator would dominate the run time.
 */
final class FastRandom extends Random {
  private static final long serialVersionUID = 1L;
  private static final int WORDS = 512;

  private final transient Aes.Stream stream;
  private final transient long[] buf = new long[WORDS];
  private transient int pos = WORDS * 2;

  FastRandom(SecureRandom seed) {
    byte[] key = new byte[Aes.KEY_BYTES];
    seed.nextBytes(key);
    stream = new Aes.Stream(key);
  }

  @Override
  protected int next(int bits) {
    if (pos == WORDS * 2) {
      stream.next(buf, WORDS);
      pos = 0;
    }
    long w = buf[pos >>> 1];
    int v = (pos & 1) == 0 ? (int) w : (int) (w >>> 32);
    pos++;
    return v >>> (32 - bits);
  }
}
