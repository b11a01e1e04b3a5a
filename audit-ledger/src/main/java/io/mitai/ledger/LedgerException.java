package io.mitai.ledger;

/** A ledger operation that did not happen. Subclasses say at which stage and whether to retry. */
public class LedgerException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public LedgerException(String message) {
    super(message);
  }

  public LedgerException(String message, Throwable cause) {
    super(message, cause);
  }
}
