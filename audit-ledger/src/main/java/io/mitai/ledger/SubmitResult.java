package io.mitai.ledger;

import java.nio.charset.StandardCharsets;

/** A committed transaction: where it landed and what the contract returned. */
public record SubmitResult(String txId, long blockNumber, int txIndex, byte[] payload) {

  public SubmitResult {
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  public String payloadUtf8() {
    return new String(payload, StandardCharsets.UTF_8);
  }
}
