package io.mitai.compute.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The aggregate's fast accumulator is an exact integer sum, across its spills too. */
class Sum128Test {

  @Test
  void sums_and_sums_of_squares_equal_biginteger_arithmetic() {
    Random r = new Random(128);
    for (int round = 0; round < 50; round++) {
      SecureAggregate.Sum128 sum = new SecureAggregate.Sum128();
      SecureAggregate.Sum128 sq = new SecureAggregate.Sum128();
      BigInteger wantSum = BigInteger.ZERO;
      BigInteger wantSq = BigInteger.ZERO;
      long bound = round % 2 == 0 ? 1_000_000_000_000_000_000L : 1000;
      for (int i = 0; i < 5000; i++) {
        long v = r.nextLong() % bound;
        if (round % 5 == 0) {
          v = i % 2 == 0 ? bound - 1 : -(bound - 1); // extremes, alternating
        } else if (round % 5 == 1) {
          v = bound - 1; // extremes, one sign: forces spills of the squares
        }
        sum.add(v);
        sq.addSquare(v);
        wantSum = wantSum.add(BigInteger.valueOf(v));
        wantSq = wantSq.add(BigInteger.valueOf(v).pow(2));
        if (i % 1000 == 0) {
          BigInteger big = BigInteger.TEN.pow(25).negate();
          sum.add(big);
          wantSum = wantSum.add(big);
        }
      }
      assertThat(sum.value()).as("sum, round %d", round).isEqualTo(wantSum);
      assertThat(sq.value()).as("sum of squares, round %d", round).isEqualTo(wantSq);
    }
  }
}
