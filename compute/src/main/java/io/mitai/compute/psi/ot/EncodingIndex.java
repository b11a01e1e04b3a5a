package io.mitai.compute.psi.ot;

import java.util.Arrays;

/**
 * The receiver's OPRF outputs, looked up by value: open addressing over primitive arrays (about 20
 * bytes per item instead of a boxed hash set's hundred), encodings of at most 16 bytes.
 */
public final class EncodingIndex {
  private final int len;
  private final long[] hi;
  private final long[] lo;
  private final int[] item;
  private final int mask;

  /**
   * @param capacity the most items that will be added
   * @param len encoding length in bytes, 1..16
   */
  public EncodingIndex(int capacity, int len) {
    if (len < 1 || len > 16) {
      throw new IllegalArgumentException("encoding length " + len);
    }
    this.len = len;
    int size = Integer.highestOneBit(Math.max(16, capacity + capacity / 3)) * 2;
    hi = new long[size];
    lo = new long[size];
    item = new int[size];
    Arrays.fill(item, -1);
    mask = size - 1;
  }

  private long word(byte[] b, int off, int from, int to) {
    long v = 0;
    for (int i = from; i < to && i < len; i++) {
      v |= (b[off + i] & 0xffL) << (8 * (i - from));
    }
    return v;
  }

  private int slot(long h, long l) {
    long x = h * 0x9E3779B97F4A7C15L ^ l;
    return (int) (x ^ (x >>> 29)) & mask;
  }

  /** Adds item {@code value}'s encoding {@code b[off..off+len)}. */
  public void put(byte[] b, int off, int value) {
    long h = word(b, off, 0, 8);
    long l = word(b, off, 8, 16);
    int s = slot(h, l);
    while (item[s] >= 0) {
      s = (s + 1) & mask;
    }
    hi[s] = h;
    lo[s] = l;
    item[s] = value;
  }

  /** The item whose encoding is {@code b[off..off+len)}, or -1. */
  public int get(byte[] b, int off) {
    long h = word(b, off, 0, 8);
    long l = word(b, off, 8, 16);
    int s = slot(h, l);
    while (item[s] >= 0) {
      if (hi[s] == h && lo[s] == l) {
        return item[s];
      }
      s = (s + 1) & mask;
    }
    return -1;
  }
}
