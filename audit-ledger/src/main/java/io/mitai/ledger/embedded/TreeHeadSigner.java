package io.mitai.ledger.embedded;

import io.mitai.ledger.LedgerException;
import io.mitai.ledger.SignedTreeHead;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;

/** Signs this ledger's tree heads with the one key its chain is pinned to. */
final class TreeHeadSigner {

  private static final String META_TREE_HEAD_KEY = "tree-head-public-key";

  private final KeyPair key;

  TreeHeadSigner(KeyPair key) {
    this.key = key;
  }

  PublicKey publicKey() {
    return key.getPublic();
  }

  /**
   * Records this key as the chain's on first use, and refuses a chain already signed by another:
   * every process and every start must sign with the same key.
   */
  void pin(LedgerStore store) {
    byte[] encoded = key.getPublic().getEncoded();
    store.putMetaIfAbsent(META_TREE_HEAD_KEY, encoded);
    byte[] pinned = store.meta(META_TREE_HEAD_KEY).orElseThrow();
    if (!MessageDigest.isEqual(pinned, encoded)) {
      throw new LedgerException(
          "this ledger's tree heads are signed by another key; refusing to continue its chain");
    }
  }

  SignedTreeHead sign(long size, byte[] root, Instant timestamp) {
    try {
      Signature signer = Signature.getInstance(SignedTreeHead.SIGNATURE_ALGORITHM);
      signer.initSign(key.getPrivate());
      signer.update(SignedTreeHead.signedBytes(size, root, timestamp));
      return new SignedTreeHead(size, root, timestamp, signer.sign());
    } catch (GeneralSecurityException e) {
      throw new LedgerException("the tree head could not be signed", e);
    }
  }
}
