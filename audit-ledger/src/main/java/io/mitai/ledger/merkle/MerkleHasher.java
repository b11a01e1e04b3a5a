package io.mitai.ledger.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 6962 / RFC 9162 hashing with SHA-256: domain-separated leaf and interior-node hashes, so that
 * a leaf can never be presented as an interior node (second-preimage resistance).
 */
public final class MerkleHasher {

  /** Prefix of a leaf hash input: {@code SHA-256(0x00 || leaf)}. */
  public static final byte LEAF_PREFIX = 0x00;

  /** Prefix of an interior node hash input: {@code SHA-256(0x01 || left || right)}. */
  public static final byte NODE_PREFIX = 0x01;

  /** Length in bytes of every hash this class produces. */
  public static final int HASH_SIZE = 32;

  private MerkleHasher() {}

  /** The root of the empty tree: {@code SHA-256("")}. */
  public static byte[] emptyRoot() {
    return sha256().digest();
  }

  /** {@code SHA-256(0x00 || leaf)}. */
  public static byte[] leafHash(byte[] leaf) {
    MessageDigest digest = sha256();
    digest.update(LEAF_PREFIX);
    return digest.digest(leaf);
  }

  /** {@code SHA-256(0x01 || left || right)}. */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest digest = sha256();
    digest.update(NODE_PREFIX);
    digest.update(left);
    return digest.digest(right);
  }

  static byte[] nodeHash(byte[] buffer, int leftOffset, int rightOffset) {
    MessageDigest digest = sha256();
    digest.update(NODE_PREFIX);
    digest.update(buffer, leftOffset, HASH_SIZE);
    digest.update(buffer, rightOffset, HASH_SIZE);
    return digest.digest();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
