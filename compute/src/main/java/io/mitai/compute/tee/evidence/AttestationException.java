package io.mitai.compute.tee.evidence;

/** The attester could not produce evidence (an environment failure, not a refusal). */
public final class AttestationException extends Exception {
  private static final long serialVersionUID = 1L;

  public AttestationException(String message, Throwable cause) {
    super(message, cause);
  }

  public AttestationException(String message) {
    super(message);
  }
}
