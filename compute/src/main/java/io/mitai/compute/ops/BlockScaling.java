package io.mitai.compute.ops;

import static io.mitai.compute.ops.JointStats.F;

import java.math.BigInteger;

/**
 * The block-scaled fixed-point encoding JOINT_STATS multiplies in (docs/protocols.md): a column
 * centred on its owner's rounded mean, at decimal scale 10^6, is scaled by 2^(F - e) so every
 * encoded value has magnitude at most 2^F; same-party products are summed exactly instead.
 */
final class BlockScaling {
  private static final BigInteger MILLION = BigInteger.valueOf(1_000_000);

  private BlockScaling() {}

  /** The smallest e &gt;= -20 with maxAbs * 10^-6 &lt; 2^e (0 for an all-zero column). */
  static int exponent(long maxAbs) {
    if (maxAbs == 0) {
      return 0;
    }
    // maxAbs < 10^6 * 2^e  <=>  maxAbs * 2^20 < 10^6 * 2^(e + 20), all integers.
    BigInteger lhs = BigInteger.valueOf(maxAbs).shiftLeft(20);
    int e = -20;
    while (lhs.compareTo(MILLION.shiftLeft(e + 20)) >= 0) {
      e++;
    }
    return e;
  }

  /** v = round_half_up(c * 10^-6 * 2^(F - e)), exactly, in long arithmetic. */
  static long[] encode(long[] c, int e) {
    long[] v = new long[c.length];
    int shift = F - e;
    for (int r = 0; r < c.length; r++) {
      long num;
      long den;
      if (shift >= 0) {
        num = c[r] << shift;
        den = 1_000_000L;
      } else {
        num = c[r];
        den = 1_000_000L << -shift;
      }
      v[r] = Math.floorDiv(2 * num + den, 2 * den);
    }
    return v;
  }

  static BigInteger exactDot(long[] a, long[] b) {
    BigInteger s = BigInteger.ZERO;
    long hi = 0;
    long lo = 0;
    // 128-bit accumulation; flushed to BigInteger at the end.
    for (int r = 0; r < a.length; r++) {
      long pLo = a[r] * b[r];
      long pHi = Math.multiplyHigh(a[r], b[r]);
      long nLo = lo + pLo;
      hi += pHi + (Long.compareUnsigned(nLo, lo) < 0 ? 1 : 0);
      lo = nLo;
    }
    s = BigInteger.valueOf(hi).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
    return s;
  }
}
