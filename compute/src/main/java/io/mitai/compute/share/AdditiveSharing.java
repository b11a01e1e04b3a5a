package io.mitai.compute.share;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * n-party additive secret sharing over Z(2^64) (and, for the limb layout, Z(2^128)).
 *
 * <p>A secret vector x is split into shares x_0..x_{n-1} with x = sum x_i (mod 2^64). Any n-1
 * shares are uniformly random and independent of x. To save bandwidth the dealer of a secret sends
 * each other party only a {@link Seed}; that party expands its share with {@link Prg} under {@link
 * #SHARE_DOMAIN}, and the dealer keeps the correction share x - sum(expanded).
 */
public final class AdditiveSharing {
  /** PRG domain for shares expanded from seeds. */
  public static final String SHARE_DOMAIN = "additive-share";

  private AdditiveSharing() {}

  /** Seeds for the other parties plus the dealer's own correction share. */
  public record SeededShares(List<Seed> seeds, long[] correction) {
    public SeededShares {
      seeds = List.copyOf(seeds);
      correction = correction.clone();
    }

    @Override
    public long[] correction() {
      return correction.clone();
    }
  }

  /** Splits x into n explicit shares (used by tests and by small payloads). */
  public static long[][] share(long[] x, int n, SecureRandom random) {
    if (n < 1) {
      throw new IllegalArgumentException("need at least one party");
    }
    long[][] shares = new long[n][x.length];
    long[] last = x.clone();
    for (int p = 0; p < n - 1; p++) {
      for (int i = 0; i < x.length; i++) {
        shares[p][i] = random.nextLong();
        last[i] -= shares[p][i];
      }
    }
    shares[n - 1] = last;
    return shares;
  }

  /** Adds the shares back together. */
  public static long[] reconstruct(long[][] shares) {
    long[] x = new long[shares[0].length];
    for (long[] s : shares) {
      Ring64.addInPlace(x, s);
    }
    return x;
  }

  /**
   * Shares x among {@code others + 1} parties: one fresh seed per other party and the correction
   * share for the caller. Works for Z(2^64) vectors and for Z(2^128) limb vectors ({@code wide =
   * true}).
   */
  public static SeededShares shareWithSeeds(
      long[] x, int others, boolean wide, SecureRandom random) {
    List<Seed> seeds = new ArrayList<>(others);
    long[] correction = x.clone();
    for (int p = 0; p < others; p++) {
      Seed s = Seed.random(random);
      seeds.add(s);
      long[] share = expand(s, x.length);
      if (wide) {
        Ring128.subInPlace(correction, share);
      } else {
        Ring64.subInPlace(correction, share);
      }
    }
    return new SeededShares(seeds, correction);
  }

  /** The share a seed stands for. */
  public static long[] expand(Seed seed, int length) {
    return Prg.of(seed, SHARE_DOMAIN).nextLongs(length);
  }
}
