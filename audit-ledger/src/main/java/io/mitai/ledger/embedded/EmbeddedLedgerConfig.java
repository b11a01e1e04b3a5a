package io.mitai.ledger.embedded;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the embedded ledger.
 *
 * @param channel the channel name recorded in every transaction (as on Fabric)
 * @param chaincode the chaincode name recorded in every transaction
 * @param maxBlockTransactions a block is cut as soon as it holds this many transactions
 * @param maxBlockWait otherwise a block is cut when nothing more arrives within this time after the
 *     queue ran dry (zero: cut as soon as the queue is empty — lowest latency; a few milliseconds
 *     trade latency for fewer, larger blocks when submitters arrive in bursts)
 * @param submitTimeout how long a submitter waits for its commit before it is told to retry
 */
public record EmbeddedLedgerConfig(
    String channel,
    String chaincode,
    int maxBlockTransactions,
    Duration maxBlockWait,
    Duration submitTimeout) {

  public EmbeddedLedgerConfig {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(chaincode, "chaincode");
    Objects.requireNonNull(submitTimeout, "submitTimeout");
    Objects.requireNonNull(maxBlockWait, "maxBlockWait");
    if (maxBlockWait.isNegative()) {
      throw new IllegalArgumentException("a block wait cannot be negative");
    }
    if (maxBlockTransactions < 1) {
      throw new IllegalArgumentException("a block holds at least one transaction");
    }
  }

  public static EmbeddedLedgerConfig defaults() {
    return new EmbeddedLedgerConfig("mitai", "mitai", 500, Duration.ZERO, Duration.ofSeconds(30));
  }
}
