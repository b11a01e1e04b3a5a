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
 * @param followInterval how often the ledger looks for blocks that other processes sharing its
 *     database committed (one indexed query), so that subscribers hear of them within about this
 *     time; reads and commits catch up by themselves whatever it is
 */
public record EmbeddedLedgerConfig(
    String channel,
    String chaincode,
    int maxBlockTransactions,
    Duration maxBlockWait,
    Duration submitTimeout,
    Duration followInterval) {

  /** The default {@link #followInterval()}: 200 ms. */
  public static final Duration DEFAULT_FOLLOW_INTERVAL = Duration.ofMillis(200);

  public EmbeddedLedgerConfig {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(chaincode, "chaincode");
    Objects.requireNonNull(submitTimeout, "submitTimeout");
    Objects.requireNonNull(maxBlockWait, "maxBlockWait");
    Objects.requireNonNull(followInterval, "followInterval");
    if (maxBlockWait.isNegative()) {
      throw new IllegalArgumentException("a block wait cannot be negative");
    }
    if (maxBlockTransactions < 1) {
      throw new IllegalArgumentException("a block holds at least one transaction");
    }
    if (followInterval.toMillis() < 1) {
      throw new IllegalArgumentException("the follow interval is at least one millisecond");
    }
  }

  /** Settings with the default {@link #followInterval()}. */
  public EmbeddedLedgerConfig(
      String channel,
      String chaincode,
      int maxBlockTransactions,
      Duration maxBlockWait,
      Duration submitTimeout) {
    this(
        channel,
        chaincode,
        maxBlockTransactions,
        maxBlockWait,
        submitTimeout,
        DEFAULT_FOLLOW_INTERVAL);
  }

  public static EmbeddedLedgerConfig defaults() {
    return new EmbeddedLedgerConfig("mitai", "mitai", 500, Duration.ZERO, Duration.ofSeconds(30));
  }

  /** These settings with another {@link #followInterval()}. */
  public EmbeddedLedgerConfig withFollowInterval(Duration interval) {
    return new EmbeddedLedgerConfig(
        channel, chaincode, maxBlockTransactions, maxBlockWait, submitTimeout, interval);
  }
}
