package io.mitai.compute.share;

/**
 * Element-wise multiplication of secret-shared vectors with Beaver triples, split into the two
 * local steps around the one opening round.
 *
 * <ol>
 *   <li>Each party publishes its shares of d = x - a and e = y - b ({@link #maskedShares}); d and e
 *       are uniformly random because a and b are, so opening them reveals nothing.
 *   <li>With d and e opened, x*y = c + d*b + e*a + d*e, so party i's share is c_i + d*b_i + e*a_i,
 *       plus d*e for party 0 only ({@link #productShares}).
 * </ol>
 */
public final class BeaverMultiplication {
  private BeaverMultiplication() {}

  /** This party's shares of d = x - a and e = y - b, in that order. */
  public static Masked maskedShares(long[] xShare, long[] yShare, BeaverTriples.Shares t) {
    return new Masked(Ring64.sub(xShare, t.a()), Ring64.sub(yShare, t.b()));
  }

  /** A party's shares of d and e (or, once opened, d and e themselves). */
  public record Masked(long[] d, long[] e) {
    public Masked {
      if (d.length != e.length) {
        throw new IllegalArgumentException("d and e differ in length");
      }
    }
  }

  /** This party's share of x*y, given the opened d and e. */
  public static long[] productShares(int partyIndex, long[] d, long[] e, BeaverTriples.Shares t) {
    long[] z = new long[d.length];
    long[] a = t.a();
    long[] b = t.b();
    long[] c = t.c();
    for (int i = 0; i < z.length; i++) {
      z[i] = c[i] + d[i] * b[i] + e[i] * a[i];
      if (partyIndex == 0) {
        z[i] += d[i] * e[i];
      }
    }
    return z;
  }
}
