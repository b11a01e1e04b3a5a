package io.mitai.compute.session;

import java.util.Objects;
import java.util.Optional;

/**
 * The one checked failure of a computation session: a typed reason, the session, and the peer at
 * fault when one is known. The message never contains input values, so it can be recorded on the
 * ledger as the task's failure reason.
 */
public final class SessionFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final FailureReason reason;
  private final SessionId session;
  private final transient Optional<PartyId> culprit;

  public SessionFailedException(
      FailureReason reason, SessionId session, Optional<PartyId> culprit, String message) {
    this(reason, session, culprit, message, null);
  }

  public SessionFailedException(
      FailureReason reason,
      SessionId session,
      Optional<PartyId> culprit,
      String message,
      Throwable cause) {
    super(
        reason
            + " in session "
            + session
            + culprit.map(p -> " (peer " + p + ")").orElse("")
            + ": "
            + message,
        cause);
    this.reason = Objects.requireNonNull(reason);
    this.session = Objects.requireNonNull(session);
    this.culprit = Objects.requireNonNull(culprit);
  }

  public FailureReason reason() {
    return reason;
  }

  public SessionId session() {
    return session;
  }

  /** The peer whose behaviour caused the failure, when it is attributable. */
  public Optional<PartyId> culprit() {
    return culprit;
  }
}
