package io.mitai.ledger;

import java.util.Optional;

/**
 * The contract refused the transaction (a ChaincodeException): nothing was written. Retrying the
 * same call gives the same answer. {@code errorCode} is the contract's error payload.
 */
public final class EndorsementException extends LedgerException {

  private static final long serialVersionUID = 1L;

  private final String function;
  private final String contractMessage;
  private final String errorCode;

  public EndorsementException(String function, String message, String errorCode) {
    super(function + " refused: " + message);
    this.function = function;
    this.contractMessage = message;
    this.errorCode = errorCode;
  }

  public String function() {
    return function;
  }

  /** The contract's machine-readable error code, when it sent one. */
  public Optional<String> errorCode() {
    return Optional.ofNullable(errorCode).filter(c -> !c.isBlank());
  }

  /** The contract's own message, without the function prefix. */
  public String contractMessage() {
    return contractMessage;
  }
}
