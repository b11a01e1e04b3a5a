package io.mitai.compute.enclave;

import java.util.Objects;

/**
 * An enclave job failed; {@link #failure()} is the stable reason. Messages carry no data values.
 */
public final class EnclaveException extends Exception {
  private static final long serialVersionUID = 1L;

  private final EnclaveFailure failure;

  public EnclaveException(EnclaveFailure failure, String message) {
    super(message);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  public EnclaveException(EnclaveFailure failure, String message, Throwable cause) {
    super(message, cause);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  public EnclaveFailure failure() {
    return failure;
  }

  /** {@code REASON (code): message}, the form recorded on the ledger. */
  public String describe() {
    return failure + " (" + failure.code() + "): " + getMessage();
  }
}
