package io.mitai.compute.psi.ot;

import java.util.Random;

/**
 * Cuckoo hashing of the receiver's items into bins, three hash functions, no stash, and the table
 * size rule that keeps the failure probability at or below 2^-40 (see {@link #bins(long)} and
 * docs/protocols.md). A failed insertion is retried by the caller under a fresh hash key; the key
 * finally used is the only thing the sender sees, so what it learns about the receiver's set is
 * bounded by the failure probability of the first attempt.
 */
public final class Cuckoo {
  /** Hash functions per item. */
  public static final int HASHES = 3;

  /** Evictions allowed per inserted item before the insertion is declared failed. */
  static final int MAX_KICKS_PER_ITEM = 500;

  private Cuckoo() {}

  /**
   * Bins for {@code n} receiver items: a multiple of 64, at least 64, and the largest of two
   * bounds: (1) the expansion e(n) = (40 + log2 n + 256) / 240, at least 1.27, fitted to
   * experiments for three hash functions without a stash (Pinkas, Schneider, Tkachenko, Yanai,
   * EUROCRYPT 2019, and cryptoTools' CuckooIndex), which covers the large-component failures of
   * large tables; (2) a union bound on the small-set failures the fit does not cover for small n:
   * Pr[some s items have all 3s hashes in s - 1 bins] is at most sum over s = 2..64 of C(n, s) C(m,
   * s - 1) ((s - 1)/m)^(3s), kept at or below 2^-41.
   */
  public static int bins(long n) {
    double log2n = Math.log(Math.max(n, 2)) / Math.log(2);
    double e = Math.max(1.27, (40 + log2n + 256) / 240.0);
    long m = Math.max(64, (long) Math.ceil(e * n));
    while (smallSetLog2Bound(n, m) > -41) {
      m = m + m / 16 + 1;
    }
    m = (m + 63) / 64 * 64;
    if (m > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("too many items: " + n);
    }
    return (int) m;
  }

  /** log2 of the union bound on Hall-condition violations by sets of 2..64 items. */
  static double smallSetLog2Bound(long n, long m) {
    double sum = 0;
    double logChooseN = 0; // ln C(n, s)
    double logChooseM = 0; // ln C(m, s - 1)
    for (int s = 1; s <= Math.min(n, 64); s++) {
      logChooseN += Math.log(n - s + 1) - Math.log(s);
      if (s >= 2) {
        logChooseM += Math.log(m - s + 2) - Math.log(s - 1);
        double ln = logChooseN + logChooseM + 3.0 * s * Math.log((s - 1) / (double) m);
        sum += Math.exp(ln);
      }
    }
    return sum == 0 ? Double.NEGATIVE_INFINITY : Math.log(sum) / Math.log(2);
  }

  /**
   * Inserts items {@code 0..n-1} whose candidate bins are {@code hashes[3i..3i+2]}.
   *
   * @param table out: {@code m} entries, the item in each bin or -1
   * @param which out: {@code n} entries, the hash function each item was placed by
   * @return false if the insertion failed (retry under another hash key)
   */
  public static boolean insert(
      int[] hashes, int n, int m, Random random, int[] table, byte[] which) {
    java.util.Arrays.fill(table, 0, m, -1);
    long budget = (long) MAX_KICKS_PER_ITEM * Math.max(n, 1);
    for (int i = 0; i < n; i++) {
      int cur = i;
      int from = -1; // the bin cur was just pushed out of: it must not go straight back
      while (true) {
        int placed = -1;
        for (int h = 0; h < HASHES; h++) {
          if (table[hashes[3 * cur + h]] < 0) {
            placed = h;
            break;
          }
        }
        if (placed >= 0) {
          table[hashes[3 * cur + placed]] = cur;
          which[cur] = (byte) placed;
          break;
        }
        if (--budget < 0) {
          return false;
        }
        int h = random.nextInt(HASHES);
        for (int t = 0; t < HASHES && hashes[3 * cur + h] == from; t++) {
          h = (h + 1) % HASHES;
        }
        int bin = hashes[3 * cur + h];
        int evicted = table[bin];
        table[bin] = cur;
        which[cur] = (byte) h;
        cur = evicted;
        from = bin;
      }
    }
    return true;
  }
}
