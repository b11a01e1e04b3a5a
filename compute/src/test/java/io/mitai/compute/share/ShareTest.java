package io.mitai.compute.share;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShareTest {
  private final SecureRandom rnd = new SecureRandom();

  @Test
  void shares_reconstruct_the_secret_for_any_number_of_parties() {
    Random r = new Random(1);
    for (int n = 1; n <= 6; n++) {
      long[] x = r.longs(50).toArray();
      assertThat(AdditiveSharing.reconstruct(AdditiveSharing.share(x, n, rnd))).isEqualTo(x);
      AdditiveSharing.SeededShares s = AdditiveSharing.shareWithSeeds(x, n - 1, false, rnd);
      long[] sum = s.correction();
      for (Seed seed : s.seeds()) {
        Ring64.addInPlace(sum, AdditiveSharing.expand(seed, x.length));
      }
      assertThat(sum).isEqualTo(x);
    }
  }

  @Test
  void ring128_sharing_recovers_signed_values_beyond_64_bits() {
    BigInteger[] v = {
      new BigInteger("-170141183460469231731687303715884105727"),
      new BigInteger("12345678901234567890123456789"),
      BigInteger.ZERO,
      BigInteger.valueOf(-1)
    };
    long[] enc = Ring128.encode(v);
    AdditiveSharing.SeededShares s = AdditiveSharing.shareWithSeeds(enc, 3, true, rnd);
    long[] sum = s.correction();
    for (Seed seed : s.seeds()) {
      Ring128.addInPlace(sum, AdditiveSharing.expand(seed, enc.length));
    }
    assertThat(Ring128.decodeSigned(sum)).containsExactly(v);
  }

  @Test
  void the_prg_is_deterministic_per_seed_and_domain_and_differs_across_domains() {
    Seed s = Seed.random(rnd);
    assertThat(Prg.of(s, "a").nextLongs(100)).isEqualTo(Prg.of(s, "a").nextLongs(100));
    assertThat(Prg.of(s, "a").nextLongs(4)).isNotEqualTo(Prg.of(s, "b").nextLongs(4));
    assertThat(Prg.of(Seed.random(rnd), "a").nextLongs(4))
        .isNotEqualTo(Prg.of(s, "a").nextLongs(4));
  }

  @Test
  void beaver_multiplication_with_seeded_triples_multiplies_shared_vectors() {
    Random r = new Random(3);
    for (int parties = 2; parties <= 4; parties++) {
      int count = 64;
      long[] x = r.longs(count).toArray();
      long[] y = r.longs(count).toArray();
      long[][] xs = AdditiveSharing.share(x, parties, rnd);
      long[][] ys = AdditiveSharing.share(y, parties, rnd);
      List<BeaverTriples.Grant> grants = BeaverTriples.deal(parties, count, rnd);
      assertThat(grants.get(parties - 1).correction()).isPresent();
      assertThat(grants.get(0).correction()).isEmpty();
      BeaverTriples.Shares[] t = new BeaverTriples.Shares[parties];
      long[] d = new long[count];
      long[] e = new long[count];
      for (int p = 0; p < parties; p++) {
        t[p] = BeaverTriples.expand(grants.get(p), count);
        BeaverMultiplication.Masked m = BeaverMultiplication.maskedShares(xs[p], ys[p], t[p]);
        Ring64.addInPlace(d, m.d());
        Ring64.addInPlace(e, m.e());
      }
      long[] z = new long[count];
      for (int p = 0; p < parties; p++) {
        Ring64.addInPlace(z, BeaverMultiplication.productShares(p, d, e, t[p]));
      }
      for (int i = 0; i < count; i++) {
        assertThat(z[i]).isEqualTo(x[i] * y[i]);
      }
    }
  }

  @Test
  void dot_product_triples_give_shares_of_the_mask_inner_products() {
    int parties = 3;
    int k = 3;
    int rows = 100;
    List<DotProductTriples.Pair> pairs =
        List.of(new DotProductTriples.Pair(0, 1), new DotProductTriples.Pair(1, 2));
    List<DotProductTriples.Grant> g = DotProductTriples.deal(parties, k, rows, pairs, rnd);
    long[][] a = new long[k][rows];
    long[] c = new long[pairs.size()];
    for (int p = 0; p < parties; p++) {
      DotProductTriples.MaskStream m = new DotProductTriples.MaskStream(g.get(p).seed(), k);
      long[] row = new long[k];
      for (int r = 0; r < rows; r++) {
        m.nextRow(row);
        for (int j = 0; j < k; j++) {
          a[j][r] += row[j];
        }
      }
      Ring64.addInPlace(c, DotProductTriples.productShares(g.get(p), pairs.size()));
    }
    assertThat(c[0]).isEqualTo(Ring64.dot(a[0], a[1]));
    assertThat(c[1]).isEqualTo(Ring64.dot(a[1], a[2]));
  }

  @Test
  void fixed_point_round_trips_within_half_an_ulp_and_decimal_encoding_is_exact() {
    FixedPoint fp = new FixedPoint(20);
    Random r = new Random(5);
    for (int i = 0; i < 1000; i++) {
      BigDecimal x = BigDecimal.valueOf(r.nextGaussian() * 1e6);
      BigDecimal err = fp.decode(fp.encode(x)).subtract(x).abs();
      assertThat(err).isLessThanOrEqualTo(FixedPoint.scaleByPowerOfTwo(BigDecimal.ONE, -21));
    }
    assertThat(DecimalFixedPoint.decode(DecimalFixedPoint.encode(new BigDecimal("-0.1"))))
        .isEqualByComparingTo("-0.1");
    assertThat(DecimalFixedPoint.encode(new BigDecimal("1.00000050")))
        .isEqualTo(BigInteger.valueOf(1_000_000));
    assertThat(DecimalFixedPoint.encode(new BigDecimal("1.0000015")))
        .isEqualTo(BigInteger.valueOf(1_000_002));
  }
}
