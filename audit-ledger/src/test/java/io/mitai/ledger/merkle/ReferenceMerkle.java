package io.mitai.ledger.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6962 section 2.1 written as literally as possible: the reference our tree is checked against.
 */
final class ReferenceMerkle {

  private ReferenceMerkle() {}

  static byte[] root(List<byte[]> leafHashes) {
    int n = leafHashes.size();
    if (n == 0) {
      return MerkleHasher.emptyRoot();
    }
    if (n == 1) {
      return leafHashes.get(0);
    }
    int k = Integer.highestOneBit(n - 1);
    return MerkleHasher.nodeHash(root(leafHashes.subList(0, k)), root(leafHashes.subList(k, n)));
  }

  static List<byte[]> path(int m, MerkleTree tree, int size) {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      leaves.add(tree.leafHash(i));
    }
    return path(m, leaves);
  }

  private static List<byte[]> path(int m, List<byte[]> d) {
    int n = d.size();
    List<byte[]> out = new ArrayList<>();
    if (n <= 1) {
      return out;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m < k) {
      out.addAll(path(m, d.subList(0, k)));
      out.add(root(d.subList(k, n)));
    } else {
      out.addAll(path(m - k, d.subList(k, n)));
      out.add(root(d.subList(0, k)));
    }
    return out;
  }
}
