package io.mitai.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The ledger's signed statement "my Merkle tree had {@code treeSize} leaves and this root at this
 * time". The signature (ECDSA P-256 with SHA-256, DER) covers exactly {@link #signedBytes()}.
 */
public record SignedTreeHead(long treeSize, byte[] rootHash, Instant timestamp, byte[] signature) {

  /** Domain separator, so a tree-head signature can never be replayed as another statement. */
  static final byte[] CONTEXT = "mitai-tree-head-v1".getBytes(StandardCharsets.US_ASCII);

  public static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

  public SignedTreeHead {
    rootHash = rootHash.clone();
    signature = signature.clone();
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** {@code "mitai-tree-head-v1" || treeSize (8, big-endian) || epoch millis (8) || root (32)}. */
  public byte[] signedBytes() {
    return signedBytes(treeSize, rootHash, timestamp);
  }

  public static byte[] signedBytes(long treeSize, byte[] rootHash, Instant timestamp) {
    return ByteBuffer.allocate(CONTEXT.length + 16 + rootHash.length)
        .put(CONTEXT)
        .putLong(treeSize)
        .putLong(timestamp.toEpochMilli())
        .put(rootHash)
        .array();
  }

  /** Whether {@code key} signed this tree head. */
  public boolean verifySignature(PublicKey key) {
    try {
      Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
      verifier.initVerify(key);
      verifier.update(signedBytes());
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  public String rootHex() {
    return HexFormat.of().formatHex(rootHash);
  }
}
