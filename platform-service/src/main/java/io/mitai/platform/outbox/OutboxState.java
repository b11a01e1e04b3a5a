package io.mitai.platform.outbox;

/** Where a ledger write stands. */
public enum OutboxState {
  /** Recorded on the node, not yet committed on the ledger; retried with back-off. */
  PENDING,
  /** Committed on the ledger exactly once. */
  DONE,
  /** The contract refused it; it will never be committed. */
  REFUSED
}
