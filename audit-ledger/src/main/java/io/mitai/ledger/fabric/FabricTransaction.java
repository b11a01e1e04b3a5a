package io.mitai.ledger.fabric;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One endorser transaction of a Fabric block, decoded: who called which function with which
 * arguments, what the contract returned and emitted, and whether the peers validated it ({@code
 * validationCode} is Fabric's TxValidationCode name, {@code VALID} when committed).
 */
public record FabricTransaction(
    String txId,
    Instant timestamp,
    String creatorMspId,
    String chaincode,
    String function,
    List<String> args,
    String response,
    Optional<String> eventName,
    Optional<String> eventPayload,
    String validationCode) {

  public FabricTransaction {
    args = List.copyOf(args);
  }

  public boolean valid() {
    return "VALID".equals(validationCode);
  }
}
