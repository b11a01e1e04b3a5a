package io.mitai.ledger;

import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * The port through which the node reads and writes the ledger. Two adapters implement it: the
 * embedded verifiable ledger (sandbox, default) and the Fabric Gateway client (federation).
 *
 * <p>Plain Java: no framework types cross this boundary, and no Fabric or JDBC types leak out.
 */
public interface Ledger extends AutoCloseable {

  /**
   * Executes a transaction as {@code identity} and waits until it is committed.
   *
   * @throws EndorsementException the contract refused it; nothing was written
   * @throws LedgerUnavailableException the ledger cannot commit now; retry later with the same
   *     transaction id
   */
  SubmitResult submit(LedgerIdentity identity, Invocation invocation);

  /** Runs a read-only transaction against committed state; nothing is recorded. */
  String evaluate(LedgerIdentity identity, String function, String... args);

  /** Delivers chaincode events after {@code after}, in order, at least once, until closed. */
  Subscription subscribe(Checkpoint after, EventListener listener);

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

  /** The latest signed tree head. */
  SignedTreeHead treeHead();

  /** The key that signs tree heads; auditors should obtain it out of band, not from here. */
  PublicKey treeHeadKey();

  @Override
  void close();
}
