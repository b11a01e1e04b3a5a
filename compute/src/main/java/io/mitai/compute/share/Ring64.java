package io.mitai.compute.share;

/**
 * Arithmetic in the ring Z(2^64). Java's {@code long} arithmetic wraps modulo 2^64, so the ring
 * operations are the plain operators; this class names them and adds the vector forms used by the
 * protocols. A ring element is read back as a signed value in [-2^63, 2^63): a result is correct as
 * long as the true (integer) value lies in that range, whatever intermediate shares wrapped to.
 */
public final class Ring64 {
  private Ring64() {}

  public static long add(long a, long b) {
    return a + b;
  }

  public static long sub(long a, long b) {
    return a - b;
  }

  public static long mul(long a, long b) {
    return a * b;
  }

  public static long neg(long a) {
    return -a;
  }

  /** a += b, element-wise. */
  public static void addInPlace(long[] a, long[] b) {
    requireSameLength(a, b);
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
  }

  /** a -= b, element-wise. */
  public static void subInPlace(long[] a, long[] b) {
    requireSameLength(a, b);
    for (int i = 0; i < a.length; i++) {
      a[i] -= b[i];
    }
  }

  /** a - b, element-wise, into a new array. */
  public static long[] sub(long[] a, long[] b) {
    requireSameLength(a, b);
    long[] r = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i] - b[i];
    }
    return r;
  }

  /** The inner product modulo 2^64. */
  public static long dot(long[] a, long[] b) {
    requireSameLength(a, b);
    long s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** The sum of all elements modulo 2^64. */
  public static long sum(long[] a) {
    long s = 0;
    for (long v : a) {
      s += v;
    }
    return s;
  }

  private static void requireSameLength(long[] a, long[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("length mismatch: " + a.length + " vs " + b.length);
    }
  }
}
