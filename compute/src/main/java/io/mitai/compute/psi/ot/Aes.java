package io.mitai.compute.psi.ot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JDK's AES-128 (AES-NI intrinsics on x86) in the two roles the OT extension needs: a
 * pseudorandom generator (CTR keystream under a base-OT key, {@link Stream}) and a keyed
 * pseudorandom permutation over many 16-byte blocks at once (ECB, {@link Prp}).
 */
final class Aes {
  private Aes() {}

  /** 16-byte AES key length. */
  static final int KEY_BYTES = 16;

  /** An AES-128-CTR keystream from a fresh 16-byte key (IV zero: every key is used once). */
  static final class Stream {
    private final Cipher cipher;
    private byte[] zeros = new byte[0];
    private byte[] buf = new byte[0];

    Stream(byte[] key) {
      try {
        cipher = Cipher.getInstance("AES/CTR/NoPadding");
        cipher.init(
            Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-CTR unavailable", e);
      }
    }

    /** The next {@code words * 8} keystream bytes as little-endian longs. */
    void next(long[] out, int words) {
      int n = words * 8;
      if (zeros.length < n) {
        zeros = new byte[n];
        buf = new byte[n];
      }
      try {
        cipher.update(zeros, 0, n, buf, 0);
      } catch (ShortBufferException e) {
        throw new IllegalStateException(e);
      }
      ByteBuffer.wrap(buf, 0, n).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out, 0, words);
    }
  }

  /** AES-128 as a pseudorandom permutation applied to many blocks. Not thread-safe. */
  static final class Prp {
    private final Cipher cipher;

    Prp(byte[] key) {
      try {
        cipher = Cipher.getInstance("AES/ECB/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-ECB unavailable", e);
      }
    }

    /** Encrypts {@code len} bytes (a multiple of 16) of {@code in} into {@code out}. */
    void encrypt(byte[] in, int off, int len, byte[] out, int outOff) {
      try {
        cipher.update(in, off, len, out, outOff);
      } catch (ShortBufferException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
