package io.mitai.ledger.evidence;

/**
 * An evidence bundle that does not verify: unparsable, not in canonical form, a proof or the tree
 * head's signature that fails, or PROV statements that the proven ledger records do not imply. The
 * message names what failed.
 */
public final class BundleException extends Exception {

  private static final long serialVersionUID = 1L;

  public BundleException(String message) {
    super(message);
  }

  public BundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
