package io.mitai.compute.share;

import java.math.BigInteger;

/**
 * Additive arithmetic in Z(2^128), as pairs of Z(2^64) limbs with carry.
 *
 * <p>Why a second ring: SECURE_AGGREGATE shares each party's local sums of squares, and a sum of
 * squares of realistic data (10^6 salaries of 10^5 at 6 decimal places is 10^28 units) overflows 63
 * bits. Only addition is needed on these values (no products are taken of shared values), so the
 * wider ring costs two additions instead of one and keeps every share uniformly random. A vector of
 * n elements is a {@code long[2n]}: element i is {@code (hi=v[2i], lo=v[2i+1])}.
 */
public final class Ring128 {
  private static final BigInteger MOD = BigInteger.ONE.shiftLeft(128);
  private static final BigInteger HALF = BigInteger.ONE.shiftLeft(127);
  private static final BigInteger MASK64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private Ring128() {}

  /** a += b element-wise modulo 2^128 (both vectors in limb layout). */
  public static void addInPlace(long[] a, long[] b) {
    requireSameLength(a, b);
    for (int i = 0; i < a.length; i += 2) {
      long lo = a[i + 1] + b[i + 1];
      long carry = Long.compareUnsigned(lo, a[i + 1]) < 0 ? 1 : 0;
      a[i] = a[i] + b[i] + carry;
      a[i + 1] = lo;
    }
  }

  /** a -= b element-wise modulo 2^128. */
  public static void subInPlace(long[] a, long[] b) {
    requireSameLength(a, b);
    for (int i = 0; i < a.length; i += 2) {
      long borrow = Long.compareUnsigned(a[i + 1], b[i + 1]) < 0 ? 1 : 0;
      a[i + 1] = a[i + 1] - b[i + 1];
      a[i] = a[i] - b[i] - borrow;
    }
  }

  /** Encodes integers (reduced modulo 2^128) into limb layout. */
  public static long[] encode(BigInteger[] values) {
    long[] out = new long[values.length * 2];
    for (int i = 0; i < values.length; i++) {
      BigInteger v = values[i].mod(MOD);
      out[2 * i] = v.shiftRight(64).longValue();
      out[2 * i + 1] = v.and(MASK64).longValue();
    }
    return out;
  }

  /** Decodes limb layout into signed integers in [-2^127, 2^127). */
  public static BigInteger[] decodeSigned(long[] limbs) {
    if (limbs.length % 2 != 0) {
      throw new IllegalArgumentException("limb vector must have even length");
    }
    BigInteger[] out = new BigInteger[limbs.length / 2];
    for (int i = 0; i < out.length; i++) {
      BigInteger hi = BigInteger.valueOf(limbs[2 * i]).and(MASK64);
      BigInteger lo = BigInteger.valueOf(limbs[2 * i + 1]).and(MASK64);
      BigInteger v = hi.shiftLeft(64).or(lo);
      out[i] = v.compareTo(HALF) >= 0 ? v.subtract(MOD) : v;
    }
    return out;
  }

  /** Whether a value fits the signed range that {@link #decodeSigned} recovers. */
  public static boolean fitsSigned(BigInteger v) {
    return v.bitLength() < 127;
  }

  private static void requireSameLength(long[] a, long[] b) {
    if (a.length != b.length || a.length % 2 != 0) {
      throw new IllegalArgumentException("limb vectors must have equal, even length");
    }
  }
}
