package io.mitai.ledger.merkle;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Pure verifiers of RFC 9162 (section 2.1.3.2 and 2.1.4.2) inclusion and consistency proofs.
 *
 * <p>Callers MUST obtain the expected root from a source they trust (a signed tree head whose
 * signature they checked); a proof only ties a leaf or an older root to that root. "Compute the
 * root" is kept apart from "compare the root": the {@code rootFrom...} methods only compute.
 */
public final class MerkleProofs {

  private MerkleProofs() {}

  /** Throws unless {@code proof} shows {@code leafHash} at {@code leafIndex} in the tree. */
  public static void verifyInclusion(
      long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] expectedRoot)
      throws ProofException {
    byte[] computed = rootFromInclusionProof(leafIndex, treeSize, leafHash, proof);
    requireSameRoot(computed, expectedRoot);
  }

  /** The root implied by an inclusion proof; throws when the proof's shape does not fit. */
  public static byte[] rootFromInclusionProof(
      long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof) throws ProofException {
    if (leafIndex < 0 || treeSize <= 0 || leafIndex >= treeSize) {
      throw new ProofException(
          "leaf index " + leafIndex + " is outside a tree of size " + treeSize);
    }
    requireHash(leafHash, "leaf hash");
    long fn = leafIndex;
    long sn = treeSize - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      requireHash(p, "proof element");
      if (sn == 0) {
        throw new ProofException("the inclusion proof is longer than the tree is deep");
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = MerkleHasher.nodeHash(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = MerkleHasher.nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0) {
      throw new ProofException("the inclusion proof is shorter than the tree is deep");
    }
    return r;
  }

  /** Throws unless {@code proof} shows that the tree of {@code size1} is a prefix of size2's. */
  public static void verifyConsistency(
      long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof)
      throws ProofException {
    if (size1 < 0 || size2 < size1) {
      throw new ProofException("sizes " + size1 + " and " + size2 + " are not in order");
    }
    if (size1 == 0) {
      // Every tree extends the empty one: such a "proof" would prove nothing, so it is refused.
      throw new ProofException("a consistency proof from the empty tree proves nothing");
    }
    if (size1 == size2) {
      if (!proof.isEmpty()) {
        throw new ProofException("a proof between equal sizes must be empty");
      }
      if (root1 == null || !MessageDigest.isEqual(root1, root2)) {
        throw new ProofException("equal sizes but different roots");
      }
      return;
    }
    requireHash(root1, "first root");
    requireHash(root2, "second root");
    if (proof.isEmpty()) {
      throw new ProofException("the consistency proof is empty");
    }
    for (byte[] p : proof) {
      requireHash(p, "proof element");
    }
    int index = 0;
    byte[] fr;
    byte[] sr;
    long fn = size1 - 1;
    long sn = size2 - 1;
    if (Long.bitCount(size1) == 1) {
      // size1 is a power of two: the old root is itself the first node of the path.
      fr = root1;
      sr = root1;
    } else {
      fr = proof.get(0);
      sr = proof.get(0);
      index = 1;
    }
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    for (; index < proof.size(); index++) {
      byte[] c = proof.get(index);
      if (sn == 0) {
        throw new ProofException("the consistency proof is longer than needed");
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = MerkleHasher.nodeHash(c, fr);
        sr = MerkleHasher.nodeHash(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        sr = MerkleHasher.nodeHash(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0) {
      throw new ProofException("the consistency proof is shorter than needed");
    }
    requireSameRoot(fr, root1);
    requireSameRoot(sr, root2);
  }

  private static void requireSameRoot(byte[] computed, byte[] expected) throws ProofException {
    requireHash(expected, "expected root");
    if (!MessageDigest.isEqual(computed, expected)) {
      HexFormat hex = HexFormat.of();
      throw new ProofException(
          "root mismatch: computed "
              + hex.formatHex(computed)
              + ", expected "
              + hex.formatHex(expected));
    }
  }

  private static void requireHash(byte[] hash, String what) throws ProofException {
    if (hash == null || hash.length != MerkleHasher.HASH_SIZE) {
      throw new ProofException(what + " must be " + MerkleHasher.HASH_SIZE + " bytes");
    }
  }
}
