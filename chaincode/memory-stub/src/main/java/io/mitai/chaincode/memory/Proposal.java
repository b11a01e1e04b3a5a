package io.mitai.chaincode.memory;

import java.time.Instant;
import java.util.List;

/**
 * What a transaction proposal carries to the contract: its id and channel, the time and creator the
 * client signed, and the function with its string arguments.
 *
 * @param txId the transaction id
 * @param channelId the channel the transaction is on
 * @param timestamp the transaction timestamp: the contract's only clock
 * @param creator a serialized {@code SerializedIdentity}, so the shim's {@code ClientIdentity}
 *     parses it unchanged
 * @param mspId what {@code getMspId()} answers
 * @param function the transaction function's name
 * @param parameters its arguments
 */
public record Proposal(
    String txId,
    String channelId,
    Instant timestamp,
    byte[] creator,
    String mspId,
    String function,
    List<String> parameters) {

  public Proposal {
    creator = creator.clone();
    parameters = List.copyOf(parameters);
  }

  @Override
  public byte[] creator() {
    return creator.clone();
  }
}
