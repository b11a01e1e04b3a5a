package io.mitai.compute.psi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * The two holders' shared secret of one delegated-PSI session, and what they derive from it per
 * key: a tag (for matching at the requester) and an element key (to encrypt or reveal the key).
 *
 * <p>Agreement: each holder makes an {@link Ephemeral} X25519 key pair, sends the public key to the
 * other holder (over the mutually authenticated session channel), and derives {@code k =
 * HKDF-SHA256(ikm = X25519 shared secret, salt = UTF-8 session id, info = }{@value #INFO}{@code )},
 * 32 bytes. Per key x (its UTF-8 bytes): {@code tag(x) = HMAC-SHA256(k, "tag" || x)}, {@code key(x)
 * = HMAC-SHA256(k, "key" || x)}; the fixed 3-byte labels separate the two domains.
 *
 * <p>Element ciphertexts ({@link #seal}) are AES-256-GCM under key(x) with a fresh random 96-bit
 * nonce and the tag as associated data, over x padded to a fixed length chosen by the sender
 * ({@link #pad}), so ciphertext sizes do not reveal individual key lengths. {@link Hasher} is not
 * thread-safe: make one per thread.
 */
public final class DelegatedPsiKey {
  /** HKDF info string of the session key. */
  public static final String INFO = "mitai/psi-delegated/v1";

  public static final int TAG_BYTES = 32;
  public static final int KEY_BYTES = 32;
  public static final int NONCE_BYTES = 12;
  public static final int GCM_TAG_BYTES = 16;

  /** Padded plaintexts are a multiple of this many bytes. */
  public static final int PAD_BLOCK = 32;

  /** The longest key (UTF-8 bytes) a holder may encrypt: bounds message and padding sizes. */
  public static final int MAX_KEY_BYTES = 16_384;

  private static final byte[] TAG_LABEL = "tag".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KEY_LABEL = "key".getBytes(StandardCharsets.US_ASCII);

  private final byte[] k;

  private DelegatedPsiKey(byte[] k) {
    this.k = k;
  }

  /** One holder's ephemeral X25519 key pair for one session. */
  public static final class Ephemeral {
    private final byte[] secret = new byte[X25519.SCALAR_SIZE];
    private final byte[] publicKey = new byte[X25519.POINT_SIZE];

    public Ephemeral(SecureRandom random) {
      X25519.generatePrivateKey(random, secret);
      X25519.generatePublicKey(secret, 0, publicKey, 0);
    }

    /** The 32-byte public key to send to the other holder. */
    public byte[] publicKey() {
      return publicKey.clone();
    }

    /**
     * The session key agreed with the other holder.
     *
     * @throws IllegalArgumentException if the peer's key is not 32 bytes or is of low order (the
     *     shared secret would be all zero: only an attack produces that)
     */
    public DelegatedPsiKey agree(byte[] peerPublicKey, String sessionId) {
      if (peerPublicKey.length != X25519.POINT_SIZE) {
        throw new IllegalArgumentException("peer public key of wrong length");
      }
      byte[] shared = new byte[X25519.POINT_SIZE];
      if (!X25519.calculateAgreement(secret, 0, peerPublicKey, 0, shared, 0)) {
        throw new IllegalArgumentException("peer public key of low order");
      }
      HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
      hkdf.init(
          new HKDFParameters(
              shared,
              sessionId.getBytes(StandardCharsets.UTF_8),
              INFO.getBytes(StandardCharsets.US_ASCII)));
      byte[] k = new byte[32];
      hkdf.generateBytes(k, 0, k.length);
      Arrays.fill(shared, (byte) 0);
      return new DelegatedPsiKey(k);
    }
  }

  /** For tests and known-answer checks: a key from given bytes. */
  static DelegatedPsiKey ofBytes(byte[] k) {
    return new DelegatedPsiKey(k.clone());
  }

  /** A per-thread HMAC evaluator under this session key. */
  public Hasher hasher() {
    return new Hasher(k);
  }

  /** Computes tags and element keys; one per thread. */
  public static final class Hasher {
    private final Mac mac;

    private Hasher(byte[] k) {
      try {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(k, "HmacSHA256"));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HMAC-SHA256 unavailable", e);
      }
    }

    /** tag(x) = HMAC-SHA256(k, "tag" || x), 32 bytes. */
    public byte[] tag(byte[] x) {
      mac.update(TAG_LABEL);
      return mac.doFinal(x);
    }

    /** key(x) = HMAC-SHA256(k, "key" || x), 32 bytes (an AES-256 key). */
    public byte[] key(byte[] x) {
      mac.update(KEY_LABEL);
      return mac.doFinal(x);
    }
  }

  /**
   * The padded plaintext length that fits every key up to {@code maxKeyBytes}: 4 length bytes plus
   * the key, rounded up to a multiple of {@value #PAD_BLOCK}.
   */
  public static int paddedLength(int maxKeyBytes) {
    int n = 4 + maxKeyBytes;
    return (n + PAD_BLOCK - 1) / PAD_BLOCK * PAD_BLOCK;
  }

  /** {@code int32 length || x || zeros}, exactly {@code length} bytes. */
  public static byte[] pad(byte[] x, int length) {
    if (4 + x.length > length) {
      throw new IllegalArgumentException("key longer than the padded length");
    }
    return ByteBuffer.allocate(length).putInt(x.length).put(x).array();
  }

  /** The key inside a padded plaintext; empty if the layout is wrong. */
  public static Optional<byte[]> unpad(byte[] padded) {
    if (padded.length < 4) {
      return Optional.empty();
    }
    int n = ByteBuffer.wrap(padded).getInt();
    if (n < 0 || n > padded.length - 4) {
      return Optional.empty();
    }
    for (int i = 4 + n; i < padded.length; i++) {
      if (padded[i] != 0) {
        return Optional.empty();
      }
    }
    return Optional.of(Arrays.copyOfRange(padded, 4, 4 + n));
  }

  /**
   * AES-256-GCM of a padded key under its element key; {@code out} receives nonce || ciphertext ||
   * GCM tag at {@code offset}.
   */
  public static void seal(
      byte[] elementKey, byte[] nonce, byte[] tag, byte[] padded, byte[] out, int offset) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(elementKey, "AES"),
          new GCMParameterSpec(GCM_TAG_BYTES * 8, nonce));
      c.updateAAD(tag);
      System.arraycopy(nonce, 0, out, offset, NONCE_BYTES);
      c.doFinal(padded, 0, padded.length, out, offset + NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /**
   * Opens nonce || ciphertext || GCM tag ({@code length} bytes at {@code offset}); empty if it does
   * not authenticate under this element key and tag.
   */
  public static Optional<byte[]> open(
      byte[] elementKey, byte[] tag, byte[] in, int offset, int length) {
    if (length < NONCE_BYTES + GCM_TAG_BYTES) {
      return Optional.empty();
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(elementKey, "AES"),
          new GCMParameterSpec(GCM_TAG_BYTES * 8, in, offset, NONCE_BYTES));
      c.updateAAD(tag);
      return Optional.of(c.doFinal(in, offset + NONCE_BYTES, length - NONCE_BYTES));
    } catch (AEADBadTagException e) {
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }
}
