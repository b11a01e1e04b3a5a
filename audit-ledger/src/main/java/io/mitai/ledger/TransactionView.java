package io.mitai.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A committed transaction as the explorer and the auditor see it. */
public record TransactionView(
    String txId,
    long blockNumber,
    int txIndex,
    long leafIndex,
    Instant timestamp,
    String creatorMspId,
    String function,
    List<String> args,
    String response,
    Optional<String> eventName,
    Optional<String> eventPayload,
    List<Write> writes,
    String leafHash) {

  public TransactionView {
    args = List.copyOf(args);
    writes = List.copyOf(writes);
  }

  /** One key written by the transaction; {@code value} is empty for a delete. */
  public record Write(String key, Optional<String> value) {}
}
