package io.mitai.ledger;

/** The ledger could not be reached or could not commit now; the same call may succeed later. */
public final class LedgerUnavailableException extends LedgerException {

  private static final long serialVersionUID = 1L;

  public LedgerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
