package io.mitai.platform.outbox;

import io.mitai.ledger.EndorsementException;
import io.mitai.ledger.SubmitResult;
import io.mitai.platform.ledger.LedgerRecords;
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

  /**
   * The record the committed write answered with (every contract write answers with the record it
   * wrote, e.g. the {@code Task} of SubmitTask); empty while not DONE, or if the answer was not
   * kept.
   */
  public <T> Optional<T> record(Class<T> type) {
    return result.map(SubmitResult::payloadUtf8).flatMap(json -> LedgerWrite.decode(json, type));
  }

  /** A record from a stored write answer ({@code ledger_outbox.response}); empty if none. */
  public static <T> Optional<T> decode(String answer, Class<T> type) {
    return answer == null || answer.isEmpty()
        ? Optional.empty()
        : Optional.of(LedgerRecords.decode(answer, type));
  }
}
