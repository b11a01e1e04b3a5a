package io.mitai.ledger;

import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * The auditor's side of a ledger: blocks, transactions, integrity and proofs. The embedded ledger
 * offers it directly; in federation mode the node serves it from its mirror of Fabric's blocks.
 */
public interface LedgerExplorer {

  /** Number of committed blocks. */
  long height();

  /** Blocks numbered {@code from} upwards, at most {@code limit} of them. */
  List<BlockView> blocks(long from, int limit);

  Optional<BlockView> block(long number);

  Optional<TransactionView> transaction(String txId);

  /** Re-checks every block, transaction, Merkle root and tree-head signature. */
  VerificationReport verify();

  /** Inclusion proof of a committed transaction against the latest signed tree head. */
  Optional<InclusionProof> proveInclusion(String txId);

  /**
   * Inclusion proofs of several committed transactions, in the order given, all against one signed
   * tree head (so a bundle of them needs one head). Throws {@link IllegalArgumentException} if one
   * of them is not committed.
   */
  List<InclusionProof> proveInclusion(List<String> txIds);

  /** The latest signed tree head. */
  SignedTreeHead treeHead();

  /** The key that signs tree heads; auditors should obtain it out of band, not from here. */
  PublicKey treeHeadKey();
}
