package io.mitai.ledger.fabric;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the node's Fabric Gateway is and how long each stage may take.
 *
 * @param channel the application channel
 * @param chaincode the chaincode name the Mitai contract is deployed under
 * @param evaluateTimeout deadline of a query
 * @param endorseTimeout deadline of endorsement
 * @param submitTimeout deadline of handing the endorsed transaction to ordering
 * @param commitTimeout how long to wait for the commit status
 */
public record FabricLedgerConfig(
    String channel,
    String chaincode,
    Duration evaluateTimeout,
    Duration endorseTimeout,
    Duration submitTimeout,
    Duration commitTimeout) {

  public FabricLedgerConfig {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(chaincode, "chaincode");
    Objects.requireNonNull(evaluateTimeout, "evaluateTimeout");
    Objects.requireNonNull(endorseTimeout, "endorseTimeout");
    Objects.requireNonNull(submitTimeout, "submitTimeout");
    Objects.requireNonNull(commitTimeout, "commitTimeout");
  }

  /** The deadlines fabric-samples recommends: 5 s, 15 s, 5 s, 1 min. */
  public static FabricLedgerConfig of(String channel, String chaincode) {
    return new FabricLedgerConfig(
        channel,
        chaincode,
        Duration.ofSeconds(5),
        Duration.ofSeconds(15),
        Duration.ofSeconds(5),
        Duration.ofMinutes(1));
  }
}
