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
 * KDF = SHA-256("mitai-co15-v1" | context | j | A | B_j | P)[0..16)
 * </pre>
 *
 * Semi-honest security (what the OT extension needs): the sender's view (A, B_j) is independent of
 * c_j since B_j is uniform either way; the key the receiver does not choose is a hash of a CDH
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

  private static BigInteger scalar(SecureRandom random) {
    BigInteger k;
    do {
      k = new BigInteger(N.bitLength() + 64, random).mod(N);
    } while (k.signum() == 0);
    return k;
  }

  private static ECPoint base(BigInteger k) {
    return new FixedPointCombMultiplier().multiply(G, k).normalize();
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

  static byte[] kdf(byte[] context, int j, byte[] a, byte[] b, ECPoint shared) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(LABEL);
      d.update(ByteBuffer.allocate(4).putInt(context.length).array());
      d.update(context);
      d.update(ByteBuffer.allocate(4).putInt(j).array());
      d.update(a);
      d.update(b);
      d.update(shared.normalize().getEncoded(true));
      return Arrays.copyOf(d.digest(), Aes.KEY_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The sender's side: ends with two keys per OT. */
  public static final class Sender {
    private final BigInteger a;
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
      ECPoint aa = aPoint.multiply(a).normalize();
      byte[][][] out = new byte[bs.length][][];
      IntStream.range(0, bs.length)
          .parallel()
          .forEach(
              j -> {
                ECPoint k0 = points[j].multiply(a).normalize();
                ECPoint k1 = k0.subtract(aa);
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
    private final BigInteger[] b;

    public Receiver(SecureRandom random, boolean[] choices) {
      this.choices = choices.clone();
      this.b = new BigInteger[choices.length];
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
                keysOut[j] = kdf(context, j, aCanon, out[j], aPoint.multiply(b[j]));
              });
      return out;
    }
  }
}
