package io.mitai.contract.model;

/**
 * Lifecycle of a task, an explicit state machine:
 *
 * <pre>
 * (submission) -> SUBMITTED -> RUNNING -> SUCCEEDED
 *                     |           |
 *                     +---------> +----> FAILED
 * (submission) -> REJECTED
 * </pre>
 *
 * {@code REJECTED}, {@code SUCCEEDED} and {@code FAILED} are terminal. {@link #canMoveTo} is the
 * only place the allowed transitions are written down.
 */
public enum TaskStatus {
  /** Admitted: every input passed its checks and one use of each grant was consumed. */
  SUBMITTED,
  /** A participant reported that the computation started. */
  RUNNING,
  /** The computation finished; the result hash is recorded. Terminal. */
  SUCCEEDED,
  /** The computation failed (before or after starting). Terminal. */
  FAILED,
  /** Refused at submission; the rejection says why and nothing was consumed. Terminal. */
  REJECTED;

  /** Whether no transition leaves this status. */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == REJECTED;
  }

  /** Whether a task in this status may move to {@code next}. */
  public boolean canMoveTo(TaskStatus next) {
    return switch (this) {
      case SUBMITTED -> next == RUNNING || next == FAILED;
      case RUNNING -> next == SUCCEEDED || next == FAILED;
      case SUCCEEDED, FAILED, REJECTED -> false;
    };
  }
}
