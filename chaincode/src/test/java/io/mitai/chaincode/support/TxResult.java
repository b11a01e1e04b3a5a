package io.mitai.chaincode.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * What the peer would report for one transaction routed through the shim.
 *
 * @param txId the transaction id
 * @param status the shim response status (200 success, 500 error)
 * @param message the error message (null on success)
 * @param payload the response payload as UTF-8: the returned JSON, or the error code
 * @param events every {@code setEvent} call of the transaction
 */
public record TxResult(
    String txId, int status, String message, String payload, List<Event> events) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Whether the transaction succeeded. */
  public boolean ok() {
    return status == 200;
  }

  /** The error code payload of a failed transaction. */
  public String errorCode() {
    return ok() ? null : payload;
  }

  /** The returned JSON, parsed (fails the test if the transaction failed). */
  public JsonNode json() {
    if (!ok()) {
      throw new AssertionError("transaction failed: " + message);
    }
    try {
      return JSON.readTree(payload);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + payload, e);
    }
  }

  /** The single event of the transaction (fails if there is not exactly one). */
  public Event event() {
    if (events.size() != 1) {
      throw new AssertionError("expected exactly one event but got " + events);
    }
    return events.get(0);
  }
}
