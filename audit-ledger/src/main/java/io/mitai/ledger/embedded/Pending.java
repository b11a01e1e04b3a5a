package io.mitai.ledger.embedded;

import io.mitai.ledger.Invocation;
import io.mitai.ledger.LedgerIdentity;
import io.mitai.ledger.SubmitResult;
import java.util.concurrent.CompletableFuture;

/**
 * A queued submission.
 *
 * @param txId the caller's id, or one generated at submission
 */
record Pending(
    LedgerIdentity identity,
    Invocation invocation,
    String txId,
    CompletableFuture<SubmitResult> result) {

  boolean callerChoseId() {
    return invocation.txId().isPresent();
  }
}
