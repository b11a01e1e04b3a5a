package io.mitai.compute.psi;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * RFC 9380 hashing to curve25519 with Elligator 2: suites {@code curve25519_XMD:SHA-512_ELL2_RO_}
 * ({@link #hashToCurve}, a random oracle to the curve, used by PSI) and {@code
 * curve25519_XMD:SHA-512_ELL2_NU_} ({@link #encodeToCurve}). Outputs are affine Montgomery points;
 * {@link Point#uBytes()} is the RFC 7748 little-endian u-coordinate that X25519 takes.
 *
 * <p>Written from the RFC's definitions (expand_message_xmd, hash_to_field with L = 48, the
 * straight-line Elligator 2 map with Z = 2, affine Montgomery addition, clear_cofactor = 8P) with
 * {@link BigInteger} field arithmetic, kept as the readable reference; {@link #hashToCurveU} is the
 * fast path PSI uses, tested equal to it. Neither is constant-time. That is acceptable here because
 * the inputs hashed are a party's own keys, hashed on its own machine; the timing of a party's
 * hashing is not observable by the peers beyond the total duration.
 */
public final class HashToCurve25519 {
  static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
  private static final BigInteger A = BigInteger.valueOf(486662);
  private static final BigInteger Z = BigInteger.TWO;
  private static final BigInteger MINUS_ONE = P.subtract(BigInteger.ONE);
  private static final BigInteger SQRT_EXP = P.add(BigInteger.valueOf(3)).shiftRight(3);
  private static final BigInteger LEGENDRE_EXP = P.subtract(BigInteger.ONE).shiftRight(1);
  private static final BigInteger SQRT_MINUS_ONE =
      BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);
  private static final int L = 48;

  private final byte[] dst;

  /** A hasher for one domain separation tag (at most 255 bytes). */
  public HashToCurve25519(byte[] dst) {
    if (dst.length == 0 || dst.length > 255) {
      throw new IllegalArgumentException("DST must be 1..255 bytes");
    }
    this.dst = dst.clone();
  }

  /** An affine point of curve25519 in Montgomery form v^2 = u^3 + A u^2 + u, or infinity. */
  public record Point(BigInteger u, BigInteger v, boolean infinity) {
    static final Point INFINITY = new Point(BigInteger.ZERO, BigInteger.ZERO, true);

    /** RFC 7748 encoding of u (little-endian, 32 bytes); infinity encodes as u = 0. */
    public byte[] uBytes() {
      byte[] be = u.toByteArray();
      byte[] le = new byte[32];
      for (int i = 0; i < 32 && i < be.length; i++) {
        le[i] = be[be.length - 1 - i];
      }
      return le;
    }
  }

  /** hash_to_curve: a random oracle onto the prime-order subgroup. */
  public Point hashToCurve(byte[] msg) {
    BigInteger[] u = hashToField(msg, 2);
    return clearCofactor(add(mapToCurve(u[0]), mapToCurve(u[1])));
  }

  /**
   * hash_to_curve's output as the RFC 7748 little-endian u-coordinate X25519 takes: the same value
   * as {@code hashToCurve(msg).uBytes()}, about 20 times faster (int-limb field arithmetic, one
   * inversion; see {@link FastHashToCurve25519}). This is what PSI uses.
   */
  public byte[] hashToCurveU(byte[] msg) {
    BigInteger[] u = hashToField(msg, 2);
    return FastHashToCurve25519.hashToU(u[0], u[1]).orElseGet(() -> hashToCurve(msg).uBytes());
  }

  /** encode_to_curve: the nonuniform variant (one map). */
  public Point encodeToCurve(byte[] msg) {
    return clearCofactor(mapToCurve(hashToField(msg, 1)[0]));
  }

  /** hash_to_field for GF(2^255-19), L = 48. */
  public BigInteger[] hashToField(byte[] msg, int count) {
    byte[] uniform = expandMessageXmd(msg, dst, count * L);
    BigInteger[] out = new BigInteger[count];
    for (int i = 0; i < count; i++) {
      out[i] = new BigInteger(1, Arrays.copyOfRange(uniform, i * L, (i + 1) * L)).mod(P);
    }
    return out;
  }

  /** expand_message_xmd with SHA-512 (b_in_bytes = 64, s_in_bytes = 128). */
  public static byte[] expandMessageXmd(byte[] msg, byte[] dst, int lenInBytes) {
    int ell = (lenInBytes + 63) / 64;
    if (ell > 255 || lenInBytes > 65535 || dst.length > 255) {
      throw new IllegalArgumentException("expand_message_xmd parameters out of range");
    }
    MessageDigest h = sha512();
    byte[] dstPrime = Arrays.copyOf(dst, dst.length + 1);
    dstPrime[dst.length] = (byte) dst.length;
    h.update(new byte[128]);
    h.update(msg);
    h.update(new byte[] {(byte) (lenInBytes >>> 8), (byte) lenInBytes, 0});
    h.update(dstPrime);
    byte[] b0 = h.digest();
    byte[] out = new byte[ell * 64];
    byte[] prev = new byte[64];
    for (int i = 1; i <= ell; i++) {
      byte[] x = new byte[64];
      for (int j = 0; j < 64; j++) {
        x[j] = (byte) (b0[j] ^ (i == 1 ? 0 : prev[j]));
      }
      h.update(x);
      h.update((byte) i);
      h.update(dstPrime);
      prev = h.digest();
      System.arraycopy(prev, 0, out, (i - 1) * 64, 64);
    }
    return Arrays.copyOf(out, lenInBytes);
  }

  /** The Elligator 2 map for curve25519 (RFC 9380 section 6.7.1, J = 486662, K = 1, Z = 2). */
  public static Point mapToCurve(BigInteger u) {
    BigInteger tv1 = Z.multiply(u).multiply(u).mod(P);
    if (tv1.equals(MINUS_ONE)) {
      tv1 = BigInteger.ZERO;
    }
    BigInteger x1 = inv0(tv1.add(BigInteger.ONE).mod(P));
    x1 = A.negate().multiply(x1).mod(P);
    BigInteger gx1 = x1.add(A).multiply(x1).add(BigInteger.ONE).multiply(x1).mod(P);
    BigInteger x2 = x1.negate().subtract(A).mod(P);
    BigInteger gx2 = tv1.multiply(gx1).mod(P);
    boolean e2 = isSquare(gx1);
    BigInteger x = e2 ? x1 : x2;
    BigInteger y = sqrt(e2 ? gx1 : gx2);
    boolean e3 = y.testBit(0);
    if (e2 ^ e3) {
      y = y.negate().mod(P);
    }
    return new Point(x, y, false);
  }

  /** Affine Montgomery addition (B = 1). */
  static Point add(Point p, Point q) {
    if (p.infinity()) {
      return q;
    }
    if (q.infinity()) {
      return p;
    }
    BigInteger lambda;
    if (p.u().equals(q.u())) {
      if (p.v().add(q.v()).mod(P).signum() == 0) {
        return Point.INFINITY;
      }
      // Doubling: lambda = (3u^2 + 2Au + 1) / 2v.
      BigInteger num =
          BigInteger.valueOf(3)
              .multiply(p.u())
              .multiply(p.u())
              .add(A.shiftLeft(1).multiply(p.u()))
              .add(BigInteger.ONE);
      lambda = num.multiply(p.v().shiftLeft(1).modInverse(P)).mod(P);
    } else {
      lambda = q.v().subtract(p.v()).multiply(q.u().subtract(p.u()).mod(P).modInverse(P)).mod(P);
    }
    BigInteger u3 = lambda.multiply(lambda).subtract(A).subtract(p.u()).subtract(q.u()).mod(P);
    BigInteger v3 = lambda.multiply(p.u().subtract(u3)).subtract(p.v()).mod(P);
    return new Point(u3, v3, false);
  }

  /** clear_cofactor for curve25519: multiplication by h_eff = 8. */
  static Point clearCofactor(Point p) {
    Point r = p;
    for (int i = 0; i < 3; i++) {
      r = add(r, r);
    }
    return r;
  }

  private static BigInteger inv0(BigInteger x) {
    return x.signum() == 0 ? BigInteger.ZERO : x.modInverse(P);
  }

  private static boolean isSquare(BigInteger x) {
    BigInteger l = x.modPow(LEGENDRE_EXP, P);
    return l.signum() == 0 || l.equals(BigInteger.ONE);
  }

  /** A square root for p = 5 (mod 8); the caller fixes the sign. */
  private static BigInteger sqrt(BigInteger x) {
    BigInteger r = x.modPow(SQRT_EXP, P);
    if (r.multiply(r).mod(P).equals(x.mod(P))) {
      return r;
    }
    return r.multiply(SQRT_MINUS_ONE).mod(P);
  }

  private static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
