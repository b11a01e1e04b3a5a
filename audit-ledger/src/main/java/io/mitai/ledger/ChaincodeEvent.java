package io.mitai.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** A chaincode event of a committed, valid transaction. */
public record ChaincodeEvent(
    long blockNumber, int txIndex, String txId, Instant timestamp, String name, byte[] payload) {

  public ChaincodeEvent {
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  public String payloadUtf8() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  /** The checkpoint to store once this event has been handled. */
  public Checkpoint checkpoint() {
    return new Checkpoint(blockNumber, txIndex);
  }
}
