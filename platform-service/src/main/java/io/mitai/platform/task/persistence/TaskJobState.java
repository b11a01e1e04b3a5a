package io.mitai.platform.task.persistence;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a task stands on this node (the ledger's task status is the shared truth; this is the
 * node's work queue). Transitions, each written in one place ({@code TaskJobs}):
 *
 * <pre>
 * AWAITING_LEDGER -> QUEUED -> CLAIMED -> DONE
 *        |                 ^      |
 *        |                 +------+ (RecordTaskStarted still pending: retried later)
 *        +-> REJECTED             +-> FAILED
 *        +-> FAILED (the ledger refused the transaction itself)
 * DONE -> FAILED (the ledger refused the result: a grant was revoked or an asset destroyed while
 *                 the task ran; the stored result is deleted)
 * </pre>
 */
public enum TaskJobState {
  /** SubmitTask is in the outbox; the ledger has not decided yet. */
  AWAITING_LEDGER,
  /** The ledger recorded the task SUBMITTED; waiting for a worker. */
  QUEUED,
  /** A worker holds it: RecordTaskStarted, then the compute session. */
  CLAIMED,
  /** The sealed result is stored and RecordTaskResult is in the outbox. */
  DONE,
  /** No result will come: RecordTaskFailure is in the outbox (or the ledger refused the task). */
  FAILED,
  /** The ledger recorded the task REJECTED; nothing runs. */
  REJECTED;

  /** Whether a job may move from this state to {@code next}. */
  public boolean canMoveTo(TaskJobState next) {
    Set<TaskJobState> allowed =
        switch (this) {
          case AWAITING_LEDGER -> EnumSet.of(QUEUED, REJECTED, FAILED);
          case QUEUED -> EnumSet.of(CLAIMED, FAILED);
          case CLAIMED -> EnumSet.of(QUEUED, DONE, FAILED);
          case DONE -> EnumSet.of(FAILED);
          case FAILED, REJECTED -> EnumSet.noneOf(TaskJobState.class);
        };
    return allowed.contains(next);
  }
}
