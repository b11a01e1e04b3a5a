package io.mitai.compute.share;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Decimal fixed point for values that are only added: x is the integer x * 10^6 after rounding x
 * half-even to {@value #DIGITS} decimal places; squares are encoded at 10^12.
 *
 * <p>Why decimal: CSV inputs are decimal strings, so an input with at most six decimal places is
 * encoded exactly, and sums and sums of squares are then exact - no representation error at all,
 * where binary fixed point would round 0.1. Values with more than six decimal places are rounded
 * half-even to six (error at most 5e-7 per value). Shared in {@link Ring128}, so the exact ranges
 * are |sum x| < 2^127 / 10^6 (about 1.7e32) and |sum x^2| < 2^127 / 10^12 (about 1.7e26).
 */
public final class DecimalFixedPoint {
  /** Decimal places kept from each input value. */
  public static final int DIGITS = 6;

  private DecimalFixedPoint() {}

  /** The input as the half-even rounded decimal the protocol actually uses. */
  public static BigDecimal normalize(BigDecimal x) {
    return x.setScale(DIGITS, RoundingMode.HALF_EVEN);
  }

  /** x at scale 10^6, as an integer (x is normalized first). */
  public static BigInteger encode(BigDecimal x) {
    return normalize(x).unscaledValue();
  }

  /** x^2 at scale 10^12, exactly (x is normalized first). */
  public static BigInteger encodeSquare(BigDecimal x) {
    BigInteger v = encode(x);
    return v.multiply(v);
  }

  /** What {@link #parseScaled} returns for a cell that is not a plain decimal it can read. */
  public static final long NOT_PLAIN = Long.MIN_VALUE;

  /**
   * A fast exact reading of the common case: when {@code cell}, trimmed as {@link String#trim()}
   * does, is a plain ASCII decimal {@code [+-]digits[.digits]} with at most 12 integer digits and
   * at most {@value #DIGITS} decimal places, returns the same value as {@code encode(new
   * BigDecimal(cell.trim()))} (a long: |x| &lt; 10^18); for anything else (more places, exponents,
   * other digits, junk) returns {@link #NOT_PLAIN} and the caller takes the BigDecimal path.
   */
  public static long parseScaled(String cell) {
    int start = 0;
    int end = cell.length();
    while (start < end && cell.charAt(start) <= ' ') {
      start++;
    }
    while (end > start && cell.charAt(end - 1) <= ' ') {
      end--;
    }
    boolean negative = false;
    if (start < end && (cell.charAt(start) == '-' || cell.charAt(start) == '+')) {
      negative = cell.charAt(start) == '-';
      start++;
    }
    long v = 0;
    int intDigits = 0;
    int i = start;
    for (; i < end; i++) {
      int d = cell.charAt(i) - '0';
      if (d < 0 || d > 9) {
        break;
      }
      if (++intDigits > 12) {
        return NOT_PLAIN;
      }
      v = v * 10 + d;
    }
    int places = 0;
    if (i < end && cell.charAt(i) == '.') {
      for (i++; i < end; i++) {
        int d = cell.charAt(i) - '0';
        if (d < 0 || d > 9) {
          break;
        }
        if (++places > DIGITS) {
          return NOT_PLAIN;
        }
        v = v * 10 + d;
      }
    }
    if (i != end || intDigits + places == 0) {
      return NOT_PLAIN;
    }
    for (int k = places; k < DIGITS; k++) {
      v *= 10;
    }
    return negative ? -v : v;
  }

  /** Decodes a sum at scale 10^6. */
  public static BigDecimal decode(BigInteger v) {
    return new BigDecimal(v, DIGITS);
  }

  /** Decodes a sum of squares at scale 10^12. */
  public static BigDecimal decodeSquare(BigInteger v) {
    return new BigDecimal(v, 2 * DIGITS);
  }
}
