package io.mitai.ledger.merkle;

/** A Merkle proof that does not verify, or whose shape does not fit the tree sizes it claims. */
public final class ProofException extends Exception {

  private static final long serialVersionUID = 1L;

  public ProofException(String message) {
    super(message);
  }
}
