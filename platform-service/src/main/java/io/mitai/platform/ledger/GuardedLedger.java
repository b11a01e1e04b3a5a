package io.mitai.platform.ledger;

import io.mitai.ledger.Checkpoint;
import io.mitai.ledger.EventListener;
import io.mitai.ledger.Invocation;
import io.mitai.ledger.Ledger;
import io.mitai.ledger.LedgerIdentity;
import io.mitai.ledger.LedgerUnavailableException;
import io.mitai.ledger.SubmitResult;
import io.mitai.ledger.Subscription;

/**
 * The node's ledger with a maintenance switch: while writes are suspended every submit fails with
 * {@link LedgerUnavailableException}, exactly as when the ledger is unreachable, and the outbox
 * holds the writes until they are resumed. Reads pass through. The explorer side ({@link
 * io.mitai.ledger.LedgerExplorer}) is produced separately.
 */
public final class GuardedLedger implements Ledger {

  private final Ledger delegate;
  private volatile boolean suspended;

  public GuardedLedger(Ledger delegate) {
    this.delegate = delegate;
  }

  /** Refuses writes (as "unavailable") until {@link #resumeWrites()}. */
  public void suspendWrites() {
    suspended = true;
  }

  public void resumeWrites() {
    suspended = false;
  }

  public boolean writesSuspended() {
    return suspended;
  }

  @Override
  public SubmitResult submit(LedgerIdentity identity, Invocation invocation) {
    if (suspended) {
      throw new LedgerUnavailableException("ledger writes are suspended for maintenance", null);
    }
    return delegate.submit(identity, invocation);
  }

  @Override
  public String evaluate(LedgerIdentity identity, String function, String... args) {
    return delegate.evaluate(identity, function, args);
  }

  @Override
  public Subscription subscribe(Checkpoint after, EventListener listener) {
    return delegate.subscribe(after, listener);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
