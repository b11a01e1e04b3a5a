package io.mitai.ledger.embedded;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the embedded ledger.
 *
 * @param channel the channel name recorded in every transaction (as on Fabric)
 * @param chaincode the chaincode name recorded in every transaction
 * @param maxBlockTransactions a block is cut when this many transactions are waiting
 * @param submitTimeout how long a submitter waits for its commit before it is told to retry
 */
public record EmbeddedLedgerConfig(
    String channel, String chaincode, int maxBlockTransactions, Duration submitTimeout) {

  public EmbeddedLedgerConfig {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(chaincode, "chaincode");
    Objects.requireNonNull(submitTimeout, "submitTimeout");
    if (maxBlockTransactions < 1) {
      throw new IllegalArgumentException("a block holds at least one transaction");
    }
  }

  public static EmbeddedLedgerConfig defaults() {
    return new EmbeddedLedgerConfig("mitai", "mitai", 500, Duration.ofSeconds(30));
  }
}
