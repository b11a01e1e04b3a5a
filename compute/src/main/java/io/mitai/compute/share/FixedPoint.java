package io.mitai.compute.share;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Binary fixed point in Z(2^64): a real x is the integer round(x * 2^f) for {@code f} fractional
 * bits, rounded half-even, as a signed 64-bit ring element.
 *
 * <p>Encoding error: |decode(encode(x)) - x| <= 2^-(f+1). A product of two encodings carries 2f
 * fractional bits; the protocols never truncate inside the ring (which, for additive shares, would
 * need a probabilistic truncation with its own error): they accumulate products at scale 2^(2f) and
 * the result's receiver divides once, exactly, with {@link #decode(long, int)}. The caller is
 * responsible for keeping the true accumulated value below 2^63 in magnitude; see {@code
 * docs/protocols.md} for the bound each protocol guarantees.
 */
public record FixedPoint(int fractionalBits) {
  public FixedPoint {
    if (fractionalBits < 0 || fractionalBits > 62) {
      throw new IllegalArgumentException("fractional bits must be in [0, 62]");
    }
  }

  private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

  /** Encodes x; throws if round(x * 2^f) does not fit a signed 64-bit value. */
  public long encode(BigDecimal x) {
    BigInteger v =
        x.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(fractionalBits)))
            .setScale(0, RoundingMode.HALF_EVEN)
            .toBigIntegerExact();
    if (v.compareTo(MIN) < 0 || v.compareTo(MAX) > 0) {
      throw new ArithmeticException("value out of fixed-point range");
    }
    return v.longValueExact();
  }

  /** The exact rational value of an encoding at scale 2^f. */
  public BigDecimal decode(long v) {
    return decode(v, fractionalBits);
  }

  /** The exact value of a signed ring element at scale 2^bits (e.g. 2f for products). */
  public static BigDecimal decode(long v, int bits) {
    return scaleByPowerOfTwo(new BigDecimal(v), -bits);
  }

  /** x * 2^e, exactly (2^-k has exactly k decimal digits). */
  public static BigDecimal scaleByPowerOfTwo(BigDecimal x, int e) {
    if (e >= 0) {
      return x.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(e)));
    }
    return x.multiply(BigDecimal.ONE.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-e))));
  }
}
