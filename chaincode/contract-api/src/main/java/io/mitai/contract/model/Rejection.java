package io.mitai.contract.model;

/**
 * Why a task was refused at submission.
 *
 * @param code the machine-readable reason
 * @param message a human explanation naming the input, asset and grant concerned
 */
public record Rejection(RejectionReason code, String message) {
  /** Checks presence. */
  public Rejection {
    Check.present("code", code);
    Check.present("message", message);
  }
}
