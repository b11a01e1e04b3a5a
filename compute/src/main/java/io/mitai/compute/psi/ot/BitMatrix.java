package io.mitai.compute.psi.ot;

/**
 * Bit-matrix transposition between the column form the OT extension produces (one bit vector per
 * base OT, bit {@code b} of column {@code j} in word {@code b >>> 6}, bit {@code b & 63}) and the
 * row form the OPRF needs (one {@value Kkrt#CODE_BITS}-bit row per bin, {@value Kkrt#CODE_LONGS}
 * longs, bit {@code j} in word {@code j >>> 6}, bit {@code j & 63}). Works in 64 x 64 blocks.
 */
final class BitMatrix {
  private BitMatrix() {}

  /**
   * Transposes a 64 x 64 bit block in place: afterwards bit {@code j} of {@code a[i]} is the old
   * bit {@code i} of {@code a[j]} (bit 0 = least significant).
   */
  static void transpose64(long[] a) {
    long m = 0x00000000FFFFFFFFL;
    for (int j = 32; j != 0; j >>>= 1, m ^= m << j) {
      for (int k = 0; k < 64; k = ((k | j) + 1) & ~j) {
        long t = ((a[k] >>> j) ^ a[k | j]) & m;
        a[k] ^= t << j;
        a[k | j] ^= t;
      }
    }
  }

  /**
   * Columns to rows.
   *
   * @param cols {@value Kkrt#CODE_BITS} columns of {@code words} longs each (64 rows per word)
   * @param rows out: {@code words * 64} rows of {@value Kkrt#CODE_LONGS} longs, concatenated
   */
  static void columnsToRows(long[][] cols, int words, long[] rows) {
    long[] a = new long[64];
    for (int w = 0; w < words; w++) {
      for (int cb = 0; cb < Kkrt.CODE_LONGS; cb++) {
        for (int k = 0; k < 64; k++) {
          a[k] = cols[cb * 64 + k][w];
        }
        transpose64(a);
        int base = w * 64 * Kkrt.CODE_LONGS + cb;
        for (int i = 0; i < 64; i++) {
          rows[base + i * Kkrt.CODE_LONGS] = a[i];
        }
      }
    }
  }

  /** Rows to columns: the inverse of {@link #columnsToRows}. */
  static void rowsToColumns(long[] rows, int words, long[][] cols) {
    long[] a = new long[64];
    for (int w = 0; w < words; w++) {
      for (int cb = 0; cb < Kkrt.CODE_LONGS; cb++) {
        int base = w * 64 * Kkrt.CODE_LONGS + cb;
        for (int i = 0; i < 64; i++) {
          a[i] = rows[base + i * Kkrt.CODE_LONGS];
        }
        transpose64(a);
        for (int k = 0; k < 64; k++) {
          cols[cb * 64 + k][w] = a[k];
        }
      }
    }
  }
}
