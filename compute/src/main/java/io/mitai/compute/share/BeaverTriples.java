package io.mitai.compute.share;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Beaver multiplication triples (a, b, c = a * b) over Z(2^64), dealt compactly.
 *
 * <p>The dealer draws one seed per party. Party i &lt; n-1 expands its shares a_i, b_i, c_i from
 * its seed (domains {@value #DOMAIN_A}, {@value #DOMAIN_B}, {@value #DOMAIN_C}). The last party
 * expands a_{n-1}, b_{n-1} the same way and receives one correction vector c_{n-1} = a*b -
 * sum_{i<n-1} c_i. Traffic: n seeds plus one vector, instead of 3n vectors. The dealer learns a, b,
 * c and so must never see the openings d and e (it is not a party of the online phase).
 */
public final class BeaverTriples {
  public static final String DOMAIN_A = "beaver/a";
  public static final String DOMAIN_B = "beaver/b";
  public static final String DOMAIN_C = "beaver/c";

  private BeaverTriples() {}

  /** What the dealer sends one party: a seed, and for the last party the c correction. */
  public record Grant(Seed seed, Optional<long[]> correction) {
    public Grant {
      correction = correction.map(long[]::clone);
    }
  }

  /** One party's shares of {@code count} triples. */
  public record Shares(long[] a, long[] b, long[] c) {
    public Shares {
      if (a.length != b.length || b.length != c.length) {
        throw new IllegalArgumentException("triple share vectors differ in length");
      }
    }
  }

  /** The dealer's side: grants for {@code parties} parties and {@code count} triples. */
  public static List<Grant> deal(int parties, int count, SecureRandom random) {
    if (parties < 2) {
      throw new IllegalArgumentException("Beaver triples need at least two parties");
    }
    List<Seed> seeds = new ArrayList<>();
    long[] a = new long[count];
    long[] b = new long[count];
    long[] cSum = new long[count];
    for (int p = 0; p < parties; p++) {
      Seed s = Seed.random(random);
      seeds.add(s);
      Ring64.addInPlace(a, Prg.of(s, DOMAIN_A).nextLongs(count));
      Ring64.addInPlace(b, Prg.of(s, DOMAIN_B).nextLongs(count));
      if (p < parties - 1) {
        Ring64.addInPlace(cSum, Prg.of(s, DOMAIN_C).nextLongs(count));
      }
    }
    long[] correction = new long[count];
    for (int i = 0; i < count; i++) {
      correction[i] = a[i] * b[i] - cSum[i];
    }
    List<Grant> grants = new ArrayList<>();
    for (int p = 0; p < parties; p++) {
      grants.add(
          new Grant(seeds.get(p), p == parties - 1 ? Optional.of(correction) : Optional.empty()));
    }
    return grants;
  }

  /** A party's side: its triple shares from its grant. */
  public static Shares expand(Grant grant, int count) {
    long[] a = Prg.of(grant.seed(), DOMAIN_A).nextLongs(count);
    long[] b = Prg.of(grant.seed(), DOMAIN_B).nextLongs(count);
    long[] c =
        grant.correction().isPresent()
            ? grant.correction().get()
            : Prg.of(grant.seed(), DOMAIN_C).nextLongs(count);
    if (c.length != count) {
      throw new IllegalArgumentException("correction vector has the wrong length");
    }
    return new Shares(a, b, c);
  }
}
