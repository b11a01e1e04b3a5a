package io.mitai.ledger;

import io.mitai.ledger.merkle.MerkleHasher;
import io.mitai.ledger.merkle.MerkleProofs;
import io.mitai.ledger.merkle.ProofException;
import java.security.PublicKey;
import java.util.List;

/**
 * Evidence that one transaction is in the ledger: its leaf (the canonical transaction bytes), its
 * index, the RFC 6962 audit path and a signed tree head. {@link #verify} needs nothing else but the
 * ledger's public key, obtained by the auditor out of band.
 */
public record InclusionProof(
    String txId, long leafIndex, byte[] leaf, List<byte[]> auditPath, SignedTreeHead treeHead) {

  public InclusionProof {
    leaf = leaf.clone();
    auditPath = auditPath.stream().map(byte[]::clone).toList();
  }

  @Override
  public byte[] leaf() {
    return leaf.clone();
  }

  /** Throws unless the tree head is signed by {@code ledgerKey} and the path leads to its root. */
  public void verify(PublicKey ledgerKey) throws ProofException {
    if (!treeHead.verifySignature(ledgerKey)) {
      throw new ProofException("the tree head's signature does not verify with the ledger key");
    }
    MerkleProofs.verifyInclusion(
        leafIndex,
        treeHead.treeSize(),
        MerkleHasher.leafHash(leaf),
        auditPath,
        treeHead.rootHash());
  }
}
