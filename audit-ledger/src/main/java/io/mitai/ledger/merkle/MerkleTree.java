package io.mitai.ledger.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An append-only RFC 6962 Merkle tree of leaf hashes that serves roots, inclusion proofs and
 * consistency proofs for any size it has reached.
 *
 * <p>Every complete (perfect, aligned) subtree hash is kept, level by level, in flat byte arrays:
 * about 64 bytes per leaf. A proof then needs O(log² n) cached reads and no re-hashing of leaves,
 * which keeps proof generation far under a millisecond at 10^6 leaves. Not thread-safe: the
 * embedded ledger appends from its single committer thread and reads under its own lock.
 */
public final class MerkleTree {

  private static final int H = MerkleHasher.HASH_SIZE;

  /** levels.get(k) holds the hashes of the complete subtrees of 2^k leaves, left to right. */
  private final List<Level> levels = new ArrayList<>();

  private long size;

  public MerkleTree() {
    levels.add(new Level());
  }

  /** Number of leaves. */
  public long size() {
    return size;
  }

  /** Appends a leaf hash (already {@link MerkleHasher#leafHash}ed) and returns its index. */
  public long append(byte[] leafHash) {
    if (leafHash.length != H) {
      throw new IllegalArgumentException("a leaf hash has " + H + " bytes");
    }
    long index = size;
    levels.get(0).add(leafHash, 0);
    size++;
    // Completing a subtree of 2^(k+1) leaves when the count at level k becomes even.
    int k = 0;
    while (levels.get(k).count % 2 == 0) {
      Level level = levels.get(k);
      byte[] parent =
          MerkleHasher.nodeHash(
              level.data, level.offset(level.count - 2), level.offset(level.count - 1));
      if (levels.size() == k + 1) {
        levels.add(new Level());
      }
      levels.get(k + 1).add(parent, 0);
      k++;
    }
    return index;
  }

  /**
   * Forgets every leaf from {@code newSize} on, as if they had never been appended: used when the
   * block that appended them could not be stored.
   */
  public void truncate(long newSize) {
    if (newSize < 0 || newSize > size) {
      throw new IllegalArgumentException("cannot truncate a tree of " + size + " to " + newSize);
    }
    for (int k = 0; k < levels.size(); k++) {
      levels.get(k).count = newSize >> k;
    }
    size = newSize;
  }

  /** The leaf hash at {@code index}. */
  public byte[] leafHash(long index) {
    checkIndex(index, size);
    return levels.get(0).get(index);
  }

  /** The root of the current tree. */
  public byte[] root() {
    return root(size);
  }

  /** The root the tree had when it held {@code treeSize} leaves. */
  public byte[] root(long treeSize) {
    if (treeSize < 0 || treeSize > size) {
      throw new IllegalArgumentException("tree size " + treeSize + " is outside 0.." + size);
    }
    return treeSize == 0 ? MerkleHasher.emptyRoot() : subtreeHash(0, treeSize);
  }

  /** RFC 6962 PATH(index, D[0:treeSize]), leaf-side first. */
  public List<byte[]> inclusionProof(long index, long treeSize) {
    if (treeSize <= 0 || treeSize > size) {
      throw new IllegalArgumentException("tree size " + treeSize + " is outside 1.." + size);
    }
    checkIndex(index, treeSize);
    List<byte[]> proof = new ArrayList<>();
    path(index, 0, treeSize, proof);
    return proof;
  }

  /** RFC 6962 PROOF(size1, D[0:size2]). */
  public List<byte[]> consistencyProof(long size1, long size2) {
    if (size1 < 0 || size2 < size1 || size2 > size) {
      throw new IllegalArgumentException(
          "sizes " + size1 + ", " + size2 + " do not fit 0.." + size);
    }
    List<byte[]> proof = new ArrayList<>();
    if (size1 == 0 || size1 == size2) {
      return proof;
    }
    subproof(size1, 0, size2, true, proof);
    return proof;
  }

  private void path(long m, long lo, long n, List<byte[]> out) {
    if (n == 1) {
      return;
    }
    long k = largestPowerOfTwoBelow(n);
    if (m < k) {
      path(m, lo, k, out);
      out.add(subtreeHash(lo + k, n - k));
    } else {
      path(m - k, lo + k, n - k, out);
      out.add(subtreeHash(lo, k));
    }
  }

  private void subproof(long m, long lo, long n, boolean complete, List<byte[]> out) {
    if (m == n) {
      if (!complete) {
        out.add(subtreeHash(lo, n));
      }
      return;
    }
    long k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(m, lo, k, complete, out);
      out.add(subtreeHash(lo + k, n - k));
    } else {
      subproof(m - k, lo + k, n - k, false, out);
      out.add(subtreeHash(lo, k));
    }
  }

  /** MTH(D[lo : lo+n]) for n >= 1, from cached complete subtrees. */
  private byte[] subtreeHash(long lo, long n) {
    if (Long.bitCount(n) == 1) {
      int level = Long.numberOfTrailingZeros(n);
      if (lo % n == 0) {
        return levels.get(level).get(lo >> level);
      }
    }
    long k = largestPowerOfTwoBelow(n);
    return MerkleHasher.nodeHash(subtreeHash(lo, k), subtreeHash(lo + k, n - k));
  }

  /** The largest power of two strictly smaller than n (n >= 2). */
  static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }

  private static void checkIndex(long index, long bound) {
    if (index < 0 || index >= bound) {
      throw new IllegalArgumentException("index " + index + " is outside 0.." + (bound - 1));
    }
  }

  /** A growable flat array of 32-byte hashes. */
  private static final class Level {
    private byte[] data = new byte[H * 16];
    private long count;

    void add(byte[] src, int srcOffset) {
      int at = offset(count);
      if (at + H > data.length) {
        long grown = Math.min((long) data.length * 2, Integer.MAX_VALUE - 8);
        if (grown < at + H) {
          throw new IllegalStateException("a Merkle level outgrew one array");
        }
        data = Arrays.copyOf(data, (int) grown);
      }
      System.arraycopy(src, srcOffset, data, at, H);
      count++;
    }

    byte[] get(long i) {
      int at = offset(i);
      return Arrays.copyOfRange(data, at, at + H);
    }

    int offset(long i) {
      return Math.toIntExact(i * H);
    }
  }
}
