package io.mitai.platform.ledger;

import io.mitai.ledger.BlockView;
import io.mitai.ledger.InclusionProof;
import io.mitai.ledger.LedgerExplorer;
import io.mitai.ledger.SignedTreeHead;
import io.mitai.ledger.TransactionView;
import io.mitai.ledger.VerificationReport;
import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.problem.ProblemType;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * The explorer of a node on Fabric: the channel's blocks are not mirrored into the node yet, so
 * every call answers the {@code explorer-unavailable} problem (501).
 */
final class UnavailableExplorer implements LedgerExplorer {

  static final String DETAIL =
      "this node runs on Hyperledger Fabric (mitai.ledger=fabric); the block explorer, proofs and"
          + " verification need the channel's blocks mirrored into the node, which is not"
          + " implemented yet: use the peer's own tools";

  private static ProblemException unavailable() {
    return new ProblemException(ProblemType.EXPLORER_UNAVAILABLE, DETAIL);
  }

  @Override
  public long height() {
    throw unavailable();
  }

  @Override
  public List<BlockView> blocks(long from, int limit) {
    throw unavailable();
  }

  @Override
  public Optional<BlockView> block(long number) {
    throw unavailable();
  }

  @Override
  public Optional<TransactionView> transaction(String txId) {
    throw unavailable();
  }

  @Override
  public VerificationReport verify() {
    throw unavailable();
  }

  @Override
  public Optional<InclusionProof> proveInclusion(String txId) {
    throw unavailable();
  }

  @Override
  public List<InclusionProof> proveInclusion(List<String> txIds) {
    throw unavailable();
  }

  @Override
  public SignedTreeHead treeHead() {
    throw unavailable();
  }

  @Override
  public PublicKey treeHeadKey() {
    throw unavailable();
  }
}
