package io.mitai.compute.psi.ot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The OT-PSI building blocks against naive references. */
class OtBuildingBlocksTest {

  @Nested
  class Transposition {
    @Test
    void transpose64_equals_the_naive_bit_transpose() {
      Random r = new Random(1);
      for (int iter = 0; iter < 20; iter++) {
        long[] a = new long[64];
        for (int i = 0; i < 64; i++) {
          a[i] = r.nextLong();
        }
        long[] t = a.clone();
        BitMatrix.transpose64(t);
        for (int i = 0; i < 64; i++) {
          for (int j = 0; j < 64; j++) {
            assertThat((t[i] >>> j) & 1).isEqualTo((a[j] >>> i) & 1);
          }
        }
      }
    }

    @Test
    void columns_to_rows_places_bit_b_of_column_j_at_bit_j_of_row_b_and_back() {
      Random r = new Random(2);
      int words = 3;
      long[][] cols = new long[Kkrt.CODE_BITS][words];
      for (long[] c : cols) {
        for (int w = 0; w < words; w++) {
          c[w] = r.nextLong();
        }
      }
      long[] rows = new long[words * 64 * Kkrt.CODE_LONGS];
      BitMatrix.columnsToRows(cols, words, rows);
      for (int b = 0; b < words * 64; b++) {
        for (int j = 0; j < Kkrt.CODE_BITS; j++) {
          long colBit = (cols[j][b >>> 6] >>> (b & 63)) & 1;
          long rowBit = (rows[b * Kkrt.CODE_LONGS + (j >>> 6)] >>> (j & 63)) & 1;
          assertThat(rowBit).isEqualTo(colBit);
        }
      }
      long[][] back = new long[Kkrt.CODE_BITS][words];
      BitMatrix.rowsToColumns(rows, words, back);
      assertThat(back).isDeepEqualTo(cols);
    }
  }

  @Nested
  class CuckooHashing {
    @Test
    void the_table_size_follows_the_documented_rule() {
      assertThat(Cuckoo.bins(0)).isEqualTo(64);
      // large n: the fitted expansion (40 + log2 n + 256) / 240
      assertThat(Cuckoo.bins(1 << 20))
          .isBetween((int) (1.316 * (1 << 20)), (int) (1.32 * (1 << 20)));
      assertThat(Cuckoo.bins(10_000_000)).isLessThan((int) (1.34 * 10_000_000));
      // small n: the union bound dominates and the table is far larger than 1.27 n
      assertThat(Cuckoo.smallSetLog2Bound(100, Cuckoo.bins(100))).isLessThanOrEqualTo(-41);
      assertThat(Cuckoo.bins(100)).isGreaterThan(1000);
      for (long n : new long[] {1, 2, 10, 1000, 4096, 100_000, 1 << 20}) {
        assertThat(Cuckoo.smallSetLog2Bound(n, Cuckoo.bins(n)))
            .as("n=%d", n)
            .isLessThanOrEqualTo(-41);
        assertThat(Cuckoo.bins(n) % 64).isZero();
      }
    }

    @Test
    void every_item_lands_in_exactly_one_of_its_bins() {
      Random r = new Random(3);
      for (int n : new int[] {0, 1, 7, 500, 20_000}) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          keys.add("k" + i);
        }
        byte[] ids = Kkrt.ids(keys);
        int m = Cuckoo.bins(n);
        byte[] key = new byte[16];
        r.nextBytes(key);
        int[] h = Kkrt.binsOf(key, ids, n, m);
        int[] table = new int[m];
        byte[] which = new byte[n];
        assertThat(Cuckoo.insert(h, n, m, r, table, which)).isTrue();
        boolean[] seen = new boolean[n];
        for (int b = 0; b < m; b++) {
          if (table[b] >= 0) {
            assertThat(seen[table[b]]).isFalse();
            seen[table[b]] = true;
            assertThat(h[3 * table[b] + which[table[b]]]).isEqualTo(b);
          }
        }
        for (boolean s : seen) {
          assertThat(s).isTrue();
        }
      }
    }

    @Test
    void an_impossible_placement_fails_instead_of_looping() {
      // four items whose three hashes all fall in the same two bins cannot be placed
      int[] h = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
      assertThat(Cuckoo.insert(h, 4, 64, new Random(4), new int[64], new byte[4])).isFalse();
    }
  }

  @Nested
  class BaseOts {
    @Test
    void the_receiver_gets_exactly_the_key_its_choice_bit_selects() {
      SecureRandom r = new SecureRandom();
      boolean[] c = new boolean[16];
      for (int j = 0; j < c.length; j++) {
        c[j] = j % 3 == 0;
      }
      byte[] ctx = "ctx".getBytes(StandardCharsets.US_ASCII);
      BaseOt.Sender s = new BaseOt.Sender(r);
      byte[][] chosen = new byte[c.length][];
      byte[][] bs = new BaseOt.Receiver(r, c).respond(ctx, s.firstMessage(), chosen);
      byte[][][] keys = s.keys(ctx, bs);
      Set<String> all = new HashSet<>();
      for (int j = 0; j < c.length; j++) {
        assertThat(chosen[j]).isEqualTo(keys[j][c[j] ? 1 : 0]);
        assertThat(chosen[j]).isNotEqualTo(keys[j][c[j] ? 0 : 1]);
        all.add(Arrays.toString(keys[j][0]));
        all.add(Arrays.toString(keys[j][1]));
      }
      assertThat(all).hasSize(2 * c.length);
      // another context (another session) gives other keys
      assertThat(s.keys("other".getBytes(StandardCharsets.US_ASCII), bs)[0][0])
          .isNotEqualTo(keys[0][0]);
    }

    @Test
    void the_montgomery_u_of_the_weierstrass_generator_is_9_and_x25519_agrees_with_it() {
      org.bouncycastle.asn1.x9.X9ECParameters c =
          org.bouncycastle.crypto.ec.CustomNamedCurves.getByName("curve25519");
      byte[] nine = new byte[32];
      nine[0] = 9;
      assertThat(BaseOt.montgomeryU(c.getG())).isEqualTo(nine);
      byte[] k = BaseOt.scalar(new SecureRandom());
      byte[] viaLadder = new byte[32];
      org.bouncycastle.math.ec.rfc7748.X25519.scalarMult(k, 0, nine, 0, viaLadder, 0);
      byte[] be = new byte[32];
      for (int i = 0; i < 32; i++) {
        be[i] = k[31 - i];
      }
      java.math.BigInteger kk = new java.math.BigInteger(1, be);
      assertThat(BaseOt.montgomeryU(c.getG().multiply(kk))).isEqualTo(viaLadder);
    }

    @Test
    void an_invalid_point_is_refused() {
      SecureRandom r = new SecureRandom();
      BaseOt.Sender s = new BaseOt.Sender(r);
      byte[] bad = new byte[BaseOt.POINT_BYTES];
      bad[0] = 2;
      Arrays.fill(bad, 1, bad.length, (byte) 0xff);
      assertThatThrownBy(() -> s.keys(new byte[0], new byte[][] {bad}))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.keys(new byte[0], new byte[][] {new byte[5]}))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class Oprf {
    @Test
    void outputs_agree_exactly_on_the_receivers_item_in_each_bin() {
      SecureRandom r = new SecureRandom();
      byte[][][] keys = new byte[Kkrt.CODE_BITS][2][16];
      boolean[] s = new boolean[Kkrt.CODE_BITS];
      byte[][] chosen = new byte[Kkrt.CODE_BITS][];
      for (int j = 0; j < Kkrt.CODE_BITS; j++) {
        r.nextBytes(keys[j][0]);
        r.nextBytes(keys[j][1]);
        s[j] = r.nextBoolean();
        chosen[j] = keys[j][s[j] ? 1 : 0];
      }
      Kkrt.Receiver rec = new Kkrt.Receiver(keys);
      Kkrt.Sender snd = new Kkrt.Sender(s, chosen);
      Kkrt.Code code = new Kkrt.Code(new byte[16]);
      int bins = 128;
      List<String> keysR = new ArrayList<>();
      for (int i = 0; i < bins; i++) {
        keysR.add("item-" + i);
      }
      byte[] ids = Kkrt.ids(keysR);
      int[] item = new int[bins];
      int[] hash = new int[bins];
      for (int i = 0; i < bins; i++) {
        item[i] = i % 5 == 4 ? -1 : i;
        hash[i] = i % 3;
      }
      long[] codeRows = new long[bins * Kkrt.CODE_LONGS];
      code.encode(ids, item, hash, bins, codeRows, 0);
      long[] tRows = new long[bins * Kkrt.CODE_LONGS];
      byte[] corr = rec.extend(codeRows, bins, tRows);
      long[] qRows = new long[bins * Kkrt.CODE_LONGS];
      snd.extend(corr, bins, qRows);
      byte[] mine = new byte[16];
      byte[] theirs = new byte[16];
      for (int b = 0; b < bins; b++) {
        if (item[b] < 0) {
          continue;
        }
        rec.output(b, tRows, b, mine, 0, 16);
        snd.output(b, qRows, b, codeRows, b, theirs, 0, 16);
        assertThat(theirs).as("bin %d, same item and hash index", b).isEqualTo(mine);
        // same item, other hash index: a different code word, a different output
        long[] other = new long[Kkrt.CODE_LONGS];
        code.encode(ids, new int[] {item[b]}, new int[] {(hash[b] + 1) % 3}, 1, other, 0);
        snd.output(b, qRows, b, other, 0, theirs, 0, 16);
        assertThat(theirs).isNotEqualTo(mine);
        // another bin's item
        snd.output(b, qRows, b, codeRows, (b + 1) % bins, theirs, 0, 16);
        assertThat(theirs).isNotEqualTo(mine);
      }
      assertThatThrownBy(() -> snd.extend(new byte[10], bins, qRows))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
