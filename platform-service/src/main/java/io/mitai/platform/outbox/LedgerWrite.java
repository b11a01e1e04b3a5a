package io.mitai.platform.outbox;

import io.mitai.ledger.EndorsementException;
import io.mitai.ledger.SubmitResult;
import java.util.Optional;

/**
 * The outcome of one attempt to deliver an outbox entry: DONE with the committed result, PENDING
 * (queued for retry; {@code txId} is already the id it will have on the ledger), or REFUSED with
 * the contract's refusal.
 */
public record LedgerWrite(
    String txId,
    OutboxState state,
    Optional<SubmitResult> result,
    Optional<EndorsementException> refusal) {

  public static LedgerWrite done(SubmitResult result) {
    return new LedgerWrite(result.txId(), OutboxState.DONE, Optional.of(result), Optional.empty());
  }

  public static LedgerWrite pending(String txId) {
    return new LedgerWrite(txId, OutboxState.PENDING, Optional.empty(), Optional.empty());
  }

  public static LedgerWrite refused(String txId, EndorsementException refusal) {
    return new LedgerWrite(txId, OutboxState.REFUSED, Optional.empty(), Optional.of(refusal));
  }

  public boolean isDone() {
    return state == OutboxState.DONE;
  }
}
