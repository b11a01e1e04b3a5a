package io.mitai.chaincode.support;

import org.hyperledger.fabric.protos.peer.ChaincodeEvent;

/**
 * One event a transaction set, its payload as UTF-8 (the contract's events carry JSON).
 *
 * @param txId the transaction that set it
 * @param name the event name
 * @param payload the payload
 */
public record Event(String txId, String name, String payload) {

  static Event of(ChaincodeEvent event) {
    return new Event(event.getTxId(), event.getEventName(), event.getPayload().toStringUtf8());
  }
}
