package io.mitai.compute.share;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Correlated randomness for many inner products of column vectors (a Beaver "matrix triple"): a
 * random mask column A_j for each of k columns over {@code rows} rows, and C_jk = &lt;A_j, A_k&gt;
 * for each requested pair.
 *
 * <p>With D_j = X_j - A_j opened, &lt;X_j, X_k&gt; = &lt;D_j, D_k&gt; + &lt;D_j, A_k&gt; + &lt;A_j,
 * D_k&gt; + C_jk, so one opening per column serves every pair it appears in. Dealt like {@link
 * BeaverTriples}: one seed per party (masks under {@value #DOMAIN_A}, row-major so they stream in
 * row batches; C shares under {@value #DOMAIN_C}) and one correction vector over the pairs for the
 * last party. The dealer streams through the rows too, so its memory is O(k * parties), not
 * O(rows).
 */
public final class DotProductTriples {
  public static final String DOMAIN_A = "dot/a";
  public static final String DOMAIN_C = "dot/c";

  private DotProductTriples() {}

  /** A column pair (j, k) whose inner product is wanted; j != k. */
  public record Pair(int j, int k) {}

  /** What the dealer sends one party. */
  public record Grant(Seed seed, Optional<long[]> correction) {
    public Grant {
      correction = correction.map(long[]::clone);
    }
  }

  /** The dealer's side. */
  public static List<Grant> deal(
      int parties, int columns, long rows, List<Pair> pairs, SecureRandom random) {
    if (parties < 2) {
      throw new IllegalArgumentException("need at least two parties");
    }
    List<Seed> seeds = new ArrayList<>();
    List<MaskStream> streams = new ArrayList<>();
    for (int p = 0; p < parties; p++) {
      Seed s = Seed.random(random);
      seeds.add(s);
      streams.add(new MaskStream(s, columns));
    }
    long[] c = new long[pairs.size()];
    long[] row = new long[columns];
    long[] partRow = new long[columns];
    for (long r = 0; r < rows; r++) {
      java.util.Arrays.fill(row, 0L);
      for (MaskStream m : streams) {
        m.nextRow(partRow);
        Ring64.addInPlace(row, partRow);
      }
      for (int q = 0; q < c.length; q++) {
        Pair pr = pairs.get(q);
        c[q] += row[pr.j()] * row[pr.k()];
      }
    }
    for (int p = 0; p < parties - 1; p++) {
      Ring64.subInPlace(c, Prg.of(seeds.get(p), DOMAIN_C).nextLongs(pairs.size()));
    }
    List<Grant> grants = new ArrayList<>();
    for (int p = 0; p < parties; p++) {
      grants.add(new Grant(seeds.get(p), p == parties - 1 ? Optional.of(c) : Optional.empty()));
    }
    return grants;
  }

  /** A party's shares of the C_jk, in pair order. */
  public static long[] productShares(Grant grant, int pairCount) {
    if (grant.correction().isPresent()) {
      long[] c = grant.correction().get();
      if (c.length != pairCount) {
        throw new IllegalArgumentException("correction vector has the wrong length");
      }
      return c;
    }
    return Prg.of(grant.seed(), DOMAIN_C).nextLongs(pairCount);
  }

  /** A party's (or the dealer's) row-major stream of mask shares, one row of k at a time. */
  public static final class MaskStream {
    private final Prg prg;
    private final int columns;

    public MaskStream(Seed seed, int columns) {
      this.prg = Prg.of(seed, DOMAIN_A);
      this.columns = columns;
    }

    /** Fills {@code out[0..k)} with the next row's mask shares. */
    public void nextRow(long[] out) {
      for (int j = 0; j < columns; j++) {
        out[j] = prg.nextLong();
      }
    }
  }
}
