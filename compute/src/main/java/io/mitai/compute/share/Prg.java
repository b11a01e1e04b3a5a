package io.mitai.compute.share;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A pseudo-random generator: AES in counter mode keyed by a {@link Seed}, the keystream read as
 * little-endian 64-bit ring elements.
 *
 * <p>The initial counter block is the first 16 bytes of SHA-256("mitai-prg-v1|" + domain), so one
 * seed can feed independent streams for different purposes ("shares", "beaver/a", ...) and two
 * parties expanding the same (seed, domain) get the same stream. A stream of length L longs never
 * wraps the 128-bit counter for any L a session can use.
 */
public final class Prg {
  private static final int BUFFER_BYTES = 8192;

  private final Cipher cipher;
  private final byte[] zeros = new byte[BUFFER_BYTES];
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private final ByteBuffer view = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
  private int available;

  private Prg(Seed seed, String domain) {
    try {
      byte[] iv =
          Arrays.copyOf(
              MessageDigest.getInstance("SHA-256")
                  .digest(("mitai-prg-v1|" + domain).getBytes(StandardCharsets.UTF_8)),
              16);
      cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(seed.bytes(), "AES"), new IvParameterSpec(iv));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR is unavailable in this JVM", e);
    }
  }

  /** A stream for one (seed, domain) pair. */
  public static Prg of(Seed seed, String domain) {
    return new Prg(seed, domain);
  }

  /** The next uniformly random ring element. */
  public long nextLong() {
    if (available < Long.BYTES) {
      refill();
    }
    long v = view.getLong(BUFFER_BYTES - available);
    available -= Long.BYTES;
    return v;
  }

  /** Fills the array with the next ring elements. */
  public void fill(long[] out) {
    for (int i = 0; i < out.length; i++) {
      out[i] = nextLong();
    }
  }

  /** The next {@code n} ring elements as a new array. */
  public long[] nextLongs(int n) {
    long[] out = new long[n];
    fill(out);
    return out;
  }

  /** Fills the array with keystream bytes. */
  public void nextBytes(byte[] out) {
    for (int i = 0; i < out.length; i++) {
      if (available == 0) {
        refill();
      }
      out[i] = buffer[BUFFER_BYTES - available];
      available--;
    }
  }

  private void refill() {
    // Leftover bytes (< 8) are discarded: streams are consumed in whole longs by design.
    try {
      int n = cipher.update(zeros, 0, BUFFER_BYTES, buffer, 0);
      if (n != BUFFER_BYTES) {
        throw new IllegalStateException("short AES-CTR output");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    available = BUFFER_BYTES;
  }
}
