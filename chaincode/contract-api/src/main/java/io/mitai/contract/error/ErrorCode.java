package io.mitai.contract.error;

import java.nio.charset.StandardCharsets;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * The stable error codes of the chaincode. A failed transaction throws a {@link ChaincodeException}
 * whose payload is the code's name in UTF-8 and whose message starts with {@code "<CODE>: "}
 * followed by a human explanation (Fabric Gateway clients only see the message, so the code is in
 * both). A failed transaction writes nothing.
 *
 * <p>A refused task submission is <em>not</em> an error: it is recorded as a {@code REJECTED} task
 * with a {@link io.mitai.contract.model.RejectionReason} and the transaction succeeds.
 */
public enum ErrorCode {
  /** The input is malformed: bad JSON, unknown or missing field, bad id, hex, enum or value. */
  INVALID_ARGUMENT(1000),
  /** A record with the requested id already exists. */
  ALREADY_EXISTS(1001),
  /** The named record does not exist. */
  NOT_FOUND(1002),
  /** The calling organisation may not perform this action (or is not registered). */
  FORBIDDEN(1003),
  /** The record's current status does not allow this transition. */
  INVALID_STATE(1004),
  /** The world state holds something the chaincode cannot read; never caused by the caller. */
  INTERNAL(1999);

  private final int number;

  ErrorCode(int number) {
    this.number = number;
  }

  /** A stable number per code, for clients that prefer numbers to names. */
  public int number() {
    return number;
  }

  /**
   * Creates the exception to throw for this code.
   *
   * @param message a human explanation, without the code prefix
   * @return an exception carrying this code as payload and {@code "<CODE>: message"} as message
   */
  public ChaincodeException exception(String message) {
    return new ChaincodeException(name() + ": " + message, name().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Creates the exception to throw for this code with a cause.
   *
   * @param message a human explanation, without the code prefix
   * @param cause the underlying failure
   * @return an exception carrying this code as payload
   */
  public ChaincodeException exception(String message, Throwable cause) {
    return new ChaincodeException(
        name() + ": " + message, name().getBytes(StandardCharsets.UTF_8), cause);
  }
}
