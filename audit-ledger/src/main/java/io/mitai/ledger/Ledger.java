package io.mitai.ledger;

/**
 * The port through which the node writes and reads the ledger's records. Two adapters implement it:
 * the embedded verifiable ledger (sandbox, default) and the Fabric Gateway client (federation). The
 * explorer and audit side is {@link LedgerExplorer}.
 *
 * <p>Plain Java: no framework types cross this boundary, and no Fabric or JDBC types leak out.
 */
public interface Ledger extends AutoCloseable {

  /**
   * Executes a transaction as {@code identity} and waits until it is committed.
   *
   * @throws EndorsementException the contract refused it; nothing was written
   * @throws LedgerUnavailableException the ledger cannot commit now; retry later
   */
  SubmitResult submit(LedgerIdentity identity, Invocation invocation);

  /**
   * Runs a read-only transaction against committed state; nothing is recorded.
   *
   * @throws EndorsementException the contract refused the query (for example NOT_FOUND)
   * @throws LedgerUnavailableException the ledger cannot be reached now
   */
  String evaluate(LedgerIdentity identity, String function, String... args);

  /** Delivers chaincode events after {@code after}, in order, at least once, until closed. */
  Subscription subscribe(Checkpoint after, EventListener listener);

  @Override
  void close();
}
