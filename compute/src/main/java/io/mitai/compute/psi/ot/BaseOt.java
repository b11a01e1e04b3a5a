package io.mitai.compute.psi.ot;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * Base oblivious transfers: the "simplest OT" of Chou and Orlandi (LATINCRYPT 2015) over the
 * curve25519 group (the group of X25519, in Bouncy Castle's short Weierstrass model, since the
 * protocol needs point addition), with the published fixes applied: every key is derived from the
 * whole transcript of its OT (session context, OT index, A, B) and not from the shared point alone,
 * and every received point is decoded strictly (on the curve, not the identity).
 *
 * <pre>
 * sender:   a random, A = aG                              --- A ---&gt;
 * receiver: b_j random, B_j = b_jG + c_j A                &lt;--- B_j ---
 * sender:   k_j^0 = KDF(j, A, B_j, aB_j), k_j^1 = KDF(j, A, B_j, a(B_j - A))
 * receiver: k_j^{c_j} = KDF(j, A, B_j, b_jA)
 * KDF = SHA-256("mitai-co15-v1" | context | j | A | B_j | u(P))[0..16)
 * </pre>
 *
 * Scalars are RFC 7748 clamped X25519 scalars; the fixed-base multiplications run in the
 * Weierstrass model, the variable-base ones (aB_j, a(B_j - A), b_jA) on the Montgomery u-coordinate
 * with the X25519 ladder, and the KDF hashes that u-coordinate.
 *
 * <p>Semi-honest security (what the OT extension needs): the sender's view (A, B_j) is independent
 * of c_j since B_j is uniform either way; the key the receiver does not choose is a hash of a CDH
 * value it cannot compute.
 */
public final class BaseOt {
  /** Encoded point size (SEC1 compressed). */
  public static final int POINT_BYTES = 33;

  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("curve25519");
  private static final ECCurve C = CURVE.getCurve();
  private static final ECPoint G = CURVE.getG();
  private static final BigInteger N = CURVE.getN();
  private static final byte[] LABEL = "mitai-co15-v1".getBytes(StandardCharsets.US_ASCII);

  private BaseOt() {}

  /** The field prime 2^255 - 19. */
  private static final BigInteger P = C.getField().getCharacteristic();

  /** Weierstrass x = Montgomery u + 486662/3: the map between the two models. */
  private static final BigInteger A_THIRD =
      BigInteger.valueOf(486662).multiply(BigInteger.valueOf(3).modInverse(P)).mod(P);

  /** A random X25519 scalar (RFC 7748 clamped), 32 bytes little-endian. */
  static byte[] scalar(SecureRandom random) {
    byte[] k = new byte[X25519.SCALAR_SIZE];
    random.nextBytes(k);
    k[0] &= (byte) 248;
    k[31] &= 127;
    k[31] |= 64;
    return k;
  }

  /** kG in the Weierstrass model (k reduced mod the group order: G has order N). */
  private static ECPoint base(byte[] k) {
    byte[] be = new byte[k.length];
    for (int i = 0; i < k.length; i++) {
      be[i] = k[k.length - 1 - i];
    }
    return new FixedPointCombMultiplier().multiply(G, new BigInteger(1, be).mod(N)).normalize();
  }

  /** The Montgomery u-coordinate of a (normalized) point, 32 bytes little-endian. */
  static byte[] montgomeryU(ECPoint p) {
    byte[] be =
        p.normalize().getAffineXCoord().toBigInteger().subtract(A_THIRD).mod(P).toByteArray();
    byte[] le = new byte[32];
    for (int i = 0; i < Math.min(32, be.length); i++) {
      le[i] = be[be.length - 1 - i];
    }
    return le;
  }

  /**
   * u(kQ) by Bouncy Castle's X25519 ladder (several times faster than generic point multiplication;
   * the variable-base multiplications are most of the base OTs' cost).
   */
  private static byte[] dh(byte[] k, byte[] u) {
    byte[] out = new byte[X25519.POINT_SIZE];
    if (!X25519.calculateAgreement(k, 0, u, 0, out, 0)) {
      throw new IllegalArgumentException("low-order point");
    }
    return out;
  }

  /**
   * Decodes a peer's point strictly.
   *
   * @throws IllegalArgumentException if not a valid, non-identity curve point
   */
  static ECPoint decode(byte[] enc) {
    if (enc.length != POINT_BYTES) {
      throw new IllegalArgumentException("point of wrong length");
    }
    ECPoint p = C.decodePoint(enc);
    if (p.isInfinity() || !p.isValid()) {
      throw new IllegalArgumentException("invalid point");
    }
    return p.normalize();
  }

  static byte[] kdf(byte[] context, int j, byte[] a, byte[] b, byte[] shared) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(LABEL);
      d.update(ByteBuffer.allocate(4).putInt(context.length).array());
      d.update(context);
      d.update(ByteBuffer.allocate(4).putInt(j).array());
      d.update(a);
      d.update(b);
      d.update(shared);
      return Arrays.copyOf(d.digest(), Aes.KEY_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The sender's side: ends with two keys per OT. */
  public static final class Sender {
    private final byte[] a;
    private final byte[] aEnc;
    private final ECPoint aPoint;

    public Sender(SecureRandom random) {
      a = scalar(random);
      aPoint = base(a);
      aEnc = aPoint.getEncoded(true);
    }

    /** The first message, A. */
    public byte[] firstMessage() {
      return aEnc.clone();
    }

    /**
     * Both keys of every OT: {@code [j][0]} and {@code [j][1]}.
     *
     * @throws IllegalArgumentException if a B_j is not a valid point
     */
    public byte[][][] keys(byte[] context, byte[][] bs) {
      ECPoint[] points = new ECPoint[bs.length];
      for (int j = 0; j < bs.length; j++) {
        points[j] = decode(bs[j]);
      }
      byte[][][] out = new byte[bs.length][][];
      IntStream.range(0, bs.length)
          .parallel()
          .forEach(
              j -> {
                byte[] k0 = dh(a, montgomeryU(points[j]));
                byte[] k1 = dh(a, montgomeryU(points[j].subtract(aPoint)));
                out[j] =
                    new byte[][] {
                      kdf(context, j, aEnc, bs[j], k0), kdf(context, j, aEnc, bs[j], k1)
                    };
              });
      return out;
    }
  }

  /** The receiver's side: one key per OT, the one its choice bit selects. */
  public static final class Receiver {
    private final boolean[] choices;
    private final byte[][] b;

    public Receiver(SecureRandom random, boolean[] choices) {
      this.choices = choices.clone();
      this.b = new byte[choices.length][];
      for (int j = 0; j < b.length; j++) {
        b[j] = scalar(random);
      }
    }

    /**
     * Answers the sender's A: the B_j to send and, in {@code keysOut}, the chosen keys.
     *
     * @throws IllegalArgumentException if A is not a valid point
     */
    public byte[][] respond(byte[] context, byte[] aEnc, byte[][] keysOut) {
      ECPoint aPoint = decode(aEnc);
      byte[] aCanon = aPoint.getEncoded(true);
      byte[] aU = montgomeryU(aPoint);
      byte[][] out = new byte[b.length][];
      IntStream.range(0, b.length)
          .parallel()
          .forEach(
              j -> {
                ECPoint bj = base(b[j]);
                if (choices[j]) {
                  bj = bj.add(aPoint).normalize();
                }
                out[j] = bj.getEncoded(true);
                keysOut[j] = kdf(context, j, aCanon, out[j], dh(b[j], aU));
              });
      return out;
    }
  }
}
