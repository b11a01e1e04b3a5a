package io.mitai.compute.tee.evidence;

import java.util.Objects;

/** Evidence was refused; {@link #reason()} is the stable, typed cause to record. */
public final class EvidenceRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final RefusalReason reason;

  public EvidenceRejectedException(RefusalReason reason, String detail) {
    super(Objects.requireNonNull(reason, "reason") + ": " + detail);
    this.reason = reason;
  }

  public EvidenceRejectedException(RefusalReason reason, String detail, Throwable cause) {
    super(Objects.requireNonNull(reason, "reason") + ": " + detail, cause);
    this.reason = reason;
  }

  public RefusalReason reason() {
    return reason;
  }
}
