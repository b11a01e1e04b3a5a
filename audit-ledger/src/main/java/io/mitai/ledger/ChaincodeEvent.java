package io.mitai.ledger;

import java.nio.charset.StandardCharsets;

/**
 * A chaincode event of a committed, valid transaction. Its time is in the payload: every record the
 * contract emits carries the transaction timestamp.
 */
public record ChaincodeEvent(
    long blockNumber, int txIndex, String txId, String name, byte[] payload) {

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
