package io.mitai.compute.psi.ot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * The batched OPRF of Kolesnikov, Kumaresan, Rosulek and Trieu (CCS 2016) over an IKNP-style OT
 * extension, one instance per cuckoo bin, processed in batches of {@value #BATCH} bins so memory
 * stays bounded however many bins there are.
 *
 * <p>Notation: w = {@value #CODE_BITS} base OTs. The OPRF receiver holds, for each bin b, a code
 * word c_b = C(x, h) (a pseudorandom code: four AES-128 blocks of the item's id tweaked by its hash
 * index h; all-zero for an empty bin) and both base-OT keys (k_j^0, k_j^1) of every column j; the
 * OPRF sender holds a random s in {0,1}^w and k_j^{s_j}. With G the AES-CTR keystream of a key:
 *
 * <pre>
 * receiver: t_j = G(k_j^0), u_j = t_j ^ G(k_j^1) ^ c_j (column j of the code matrix)  -- u_j -->
 * sender:   q_j = G(k_j^{s_j}) ^ s_j u_j = t_j ^ s_j c_j, so row q_b = t_b ^ (c_b AND s)
 * output:   receiver F(b, x) = H(b, t_b); sender F(b, y) = H(b, q_b ^ (C(y, h) AND s))
 * </pre>
 *
 * F(b, y) = F(b, x) iff C(y, h) = c_b; for any other y the two codes differ in at least 128
 * positions except with negligible probability (see docs/protocols.md), so H (SHA-256, truncated)
 * of the masked row is pseudorandom to the receiver. The sender sees only the u_j, each one-time
 * padded by G(k_j^{1 - s_j}), which it cannot compute.
 */
public final class Kkrt {
  /** Code width = number of base OTs. */
  public static final int CODE_BITS = 512;

  /** Longs per code word / matrix row. */
  public static final int CODE_LONGS = CODE_BITS / 64;

  /** Statistical security parameter (bits). */
  public static final int STAT_SEC = 40;

  /** Bins per correction message: 512 KiB of corrections. */
  public static final int BATCH = 8192;

  /** Item id size: SHA-256 of the key, truncated. */
  public static final int ID_BYTES = 16;

  private static final byte[] ID_LABEL = "mitai-ot-psi-id-v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CODE_LABEL =
      "mitai-ot-psi-code-v1\0".getBytes(StandardCharsets.US_ASCII);

  private Kkrt() {}

  /** A fresh SHA-256 digest. */
  public static MessageDigest sha256Digest() {
    return sha256();
  }

  /** A fast, cryptographically strong generator seeded from {@code seed}. */
  public static java.util.Random fastRandom(java.security.SecureRandom seed) {
    return new FastRandom(seed);
  }

  /** Shuffles {@code a[0..n)} uniformly with a generator from {@link #fastRandom}. */
  public static void shuffle(java.util.Random random, int[] a, int n) {
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** 128-bit item ids, {@value #ID_BYTES} bytes per key, concatenated in key order. */
  public static byte[] ids(List<String> keys) {
    MessageDigest d = sha256();
    byte[] out = new byte[keys.size() * ID_BYTES];
    for (int i = 0; i < keys.size(); i++) {
      d.update(ID_LABEL);
      d.update(keys.get(i).getBytes(StandardCharsets.UTF_8));
      System.arraycopy(d.digest(), 0, out, i * ID_BYTES, ID_BYTES);
    }
    return out;
  }

  /**
   * Bytes of each OPRF output compared: 40 + log2(nR) + log2(3 nS) bits, so a false match among all
   * nR x 3nS comparisons has probability at most 2^-40.
   */
  public static int encodingBytes(long receiverItems, long senderItems) {
    int bits =
        STAT_SEC
            + ceilLog2(Math.max(1, receiverItems))
            + ceilLog2(Math.max(1, Cuckoo.HASHES * senderItems));
    return (bits + 7) / 8;
  }

  private static int ceilLog2(long v) {
    return 64 - Long.numberOfLeadingZeros(v - 1);
  }

  /** The pseudorandom code: four AES-128 keys derived from a public seed. */
  public static final class Code {
    private final Aes.Prp[] prps = new Aes.Prp[CODE_LONGS / 2];
    private byte[] in = new byte[0];
    private byte[] enc = new byte[0];
    private final long[] tmp = new long[2 * BATCH * Cuckoo.HASHES];

    public Code(byte[] seed) {
      MessageDigest d = sha256();
      for (int k = 0; k < prps.length; k++) {
        d.update(CODE_LABEL);
        d.update(seed);
        d.update((byte) k);
        prps[k] = new Aes.Prp(Arrays.copyOf(d.digest(), Aes.KEY_BYTES));
      }
    }

    /**
     * Code words of {@code count} (id, hash index) pairs into {@code rows} from row {@code rowOff};
     * {@code item[i] < 0} leaves row i all zero (an empty bin).
     */
    public void encode(byte[] ids, int[] item, int[] hash, int count, long[] rows, int rowOff) {
      if (in.length < count * 16) {
        in = new byte[count * 16];
        enc = new byte[count * 16];
      }
      for (int i = 0; i < count; i++) {
        if (item[i] >= 0) {
          System.arraycopy(ids, item[i] * ID_BYTES, in, i * 16, 16);
          in[i * 16 + 15] ^= (byte) (hash[i] + 1);
        } else {
          Arrays.fill(in, i * 16, i * 16 + 16, (byte) 0);
        }
      }
      for (int start = 0; start < count; start += tmp.length / 2) {
        int n = Math.min(tmp.length / 2, count - start);
        for (int k = 0; k < prps.length; k++) {
          prps[k].encrypt(in, start * 16, n * 16, enc, 0);
          ByteBuffer.wrap(enc, 0, n * 16)
              .order(ByteOrder.LITTLE_ENDIAN)
              .asLongBuffer()
              .get(tmp, 0, 2 * n);
          for (int i = 0; i < n; i++) {
            int r = (rowOff + start + i) * CODE_LONGS + 2 * k;
            if (item[start + i] >= 0) {
              rows[r] = tmp[2 * i];
              rows[r + 1] = tmp[2 * i + 1];
            } else {
              rows[r] = 0;
              rows[r + 1] = 0;
            }
          }
        }
      }
    }
  }

  /**
   * The three candidate bins of every item under a bin key: AES_key(id) split into three 42-bit
   * values, each reduced mod m (bias at most m / 2^42).
   */
  public static int[] binsOf(byte[] binKey, byte[] ids, int n, int m) {
    Aes.Prp prp = new Aes.Prp(binKey);
    int[] out = new int[3 * n];
    int chunk = 1 << 14;
    byte[] enc = new byte[chunk * 16];
    long[] w = new long[2 * chunk];
    long mask = (1L << 42) - 1;
    for (int start = 0; start < n; start += chunk) {
      int c = Math.min(chunk, n - start);
      prp.encrypt(ids, start * ID_BYTES, c * 16, enc, 0);
      ByteBuffer.wrap(enc, 0, c * 16)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asLongBuffer()
          .get(w, 0, 2 * c);
      for (int i = 0; i < c; i++) {
        long lo = w[2 * i];
        long hi = w[2 * i + 1];
        out[3 * (start + i)] = (int) Long.remainderUnsigned(lo & mask, m);
        out[3 * (start + i) + 1] =
            (int) Long.remainderUnsigned(((lo >>> 42) | (hi << 22)) & mask, m);
        out[3 * (start + i) + 2] = (int) Long.remainderUnsigned((hi >>> 20) & mask, m);
      }
    }
    return out;
  }

  /** H(b, row): SHA-256 of the bin index and the 64-byte row, truncated to {@code len} bytes. */
  static final class OutputHash {
    private final MessageDigest d = sha256();
    private final byte[] buf = new byte[4 + CODE_BITS / 8];
    private final ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);

    /** Hashes row {@code (rows[off..off+8) ^ (code[codeOff..] & mask))} of bin b. */
    void hash(
        int bin,
        long[] rows,
        int off,
        long[] code,
        int codeOff,
        long[] mask,
        byte[] out,
        int outOff,
        int len) {
      bb.clear();
      bb.putInt(bin);
      for (int k = 0; k < CODE_LONGS; k++) {
        long v = rows[off + k];
        if (code != null) {
          v ^= code[codeOff + k] & mask[k];
        }
        bb.putLong(v);
      }
      d.update(buf);
      byte[] h = d.digest();
      System.arraycopy(h, 0, out, outOff, len);
    }
  }

  /** The OPRF receiver's OT-extension side (the PSI receiver). */
  public static final class Receiver {
    private final Aes.Stream[] g0 = new Aes.Stream[CODE_BITS];
    private final Aes.Stream[] g1 = new Aes.Stream[CODE_BITS];
    private final long[][] c = new long[CODE_BITS][BATCH / 64];
    private final long[][] t = new long[CODE_BITS][BATCH / 64];
    private final long[] pad = new long[BATCH / 64];
    private final OutputHash hash = new OutputHash();

    /**
     * @param keys both keys of each base OT, {@code [j][0|1]}, as the base-OT sender
     */
    public Receiver(byte[][][] keys) {
      if (keys.length != CODE_BITS) {
        throw new IllegalArgumentException("need " + CODE_BITS + " base OTs");
      }
      for (int j = 0; j < CODE_BITS; j++) {
        g0[j] = new Aes.Stream(keys[j][0]);
        g1[j] = new Aes.Stream(keys[j][1]);
      }
    }

    /**
     * Extends for the next {@code count} bins (a multiple of 64, at most {@value #BATCH}).
     *
     * @param codeRows the bins' code words, {@value #CODE_LONGS} longs each
     * @param tRows out: the rows t_b
     * @return the corrections u to send: column j's {@code count / 8} bytes at {@code j * count /
     *     8}, little-endian words
     */
    public byte[] extend(long[] codeRows, int count, long[] tRows) {
      int words = count / 64;
      BitMatrix.rowsToColumns(codeRows, words, c);
      ByteBuffer out = ByteBuffer.allocate(CODE_BITS * words * 8).order(ByteOrder.LITTLE_ENDIAN);
      for (int j = 0; j < CODE_BITS; j++) {
        g0[j].next(t[j], words);
        g1[j].next(pad, words);
        long[] tj = t[j];
        long[] cj = c[j];
        for (int w = 0; w < words; w++) {
          out.putLong(tj[w] ^ pad[w] ^ cj[w]);
        }
      }
      BitMatrix.columnsToRows(t, words, tRows);
      return out.array();
    }

    /** The receiver's OPRF output F(b, x) = H(b, t_b) for row {@code row} of {@code tRows}. */
    public void output(int bin, long[] tRows, int row, byte[] out, int outOff, int len) {
      hash.hash(bin, tRows, row * CODE_LONGS, null, 0, null, out, outOff, len);
    }
  }

  /** The OPRF sender's OT-extension side (the PSI sender). */
  public static final class Sender {
    private final Aes.Stream[] g = new Aes.Stream[CODE_BITS];
    private final boolean[] s;
    private final long[] sMask = new long[CODE_LONGS];
    private final long[][] q = new long[CODE_BITS][BATCH / 64];
    private final OutputHash hash = new OutputHash();

    /**
     * @param s the base-OT choice bits
     * @param keys the chosen base-OT keys, k_j^{s_j}
     */
    public Sender(boolean[] s, byte[][] keys) {
      if (s.length != CODE_BITS || keys.length != CODE_BITS) {
        throw new IllegalArgumentException("need " + CODE_BITS + " base OTs");
      }
      this.s = s.clone();
      for (int j = 0; j < CODE_BITS; j++) {
        g[j] = new Aes.Stream(keys[j]);
        if (s[j]) {
          sMask[j >>> 6] |= 1L << (j & 63);
        }
      }
    }

    /**
     * Extends for the next {@code count} bins from the receiver's corrections.
     *
     * @param qRows out: the rows q_b
     * @throws IllegalArgumentException if the corrections have the wrong size
     */
    public void extend(byte[] corrections, int count, long[] qRows) {
      int words = count / 64;
      if (corrections.length != CODE_BITS * words * 8) {
        throw new IllegalArgumentException(
            "corrections of " + corrections.length + " bytes for " + count + " bins");
      }
      LongBuffer u = ByteBuffer.wrap(corrections).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
      for (int j = 0; j < CODE_BITS; j++) {
        long[] qj = q[j];
        g[j].next(qj, words);
        if (s[j]) {
          for (int w = 0; w < words; w++) {
            qj[w] ^= u.get(j * words + w);
          }
        }
      }
      BitMatrix.columnsToRows(q, words, qRows);
    }

    /** F(b, y) = H(b, q_b ^ (C(y, h) AND s)) with q_b at row {@code row} of {@code qRows}. */
    public void output(
        int bin, long[] qRows, int row, long[] code, int codeRow, byte[] out, int outOff, int len) {
      hash.hash(bin, qRows, row * CODE_LONGS, code, codeRow * CODE_LONGS, sMask, out, outOff, len);
    }
  }
}
