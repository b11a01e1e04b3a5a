package io.mitai.platform.task.persistence;

/**
 * Where a job of this node stands: a task this node's requester leads ({@link JobKind#TASK}, {@code
 * task_job}) or this node's part in a session another node leads ({@link JobKind#PARTY}, {@code
 * party_job}). Both kinds move through this one state machine; which moves each kind may take is
 * {@link JobKind}'s table, and {@link JobKind#move} is the only place a move is checked.
 *
 * <pre>
 * AWAITING_LEDGER -> QUEUED -> CLAIMED -> DONE
 *        |             ^  |      |  |
 *        |             |  |      |  +-> FAILED, SKIPPED
 *        |             +--|------+ (the ledger is not ready yet: retried later)
 *        |                +-> FAILED
 *        +-> REJECTED, FAILED
 * DONE -> FAILED (the ledger refused the result: a right was withdrawn while the task ran)
 * </pre>
 */
public enum JobState {
  /** SubmitTask is in the outbox; the ledger has not decided yet (tasks only). */
  AWAITING_LEDGER,
  /** Waiting for a worker: the ledger recorded the task SUBMITTED, or reported it RUNNING. */
  QUEUED,
  /**
   * A worker of this node holds it: a task's RecordTaskStarted and compute session, or this node's
   * party in another node's session. {@code party_job} stores it as {@code RUNNING}.
   */
  CLAIMED,
  /**
   * Finished: a task's sealed result is stored and RecordTaskResult queued; a party's protocol ran.
   */
  DONE,
  /** No result will come: RecordTaskFailure is queued, or the session failed. */
  FAILED,
  /** The ledger recorded the task REJECTED; nothing runs (tasks only). */
  REJECTED,
  /** Nothing to join: the task had already ended on the ledger (parties only). */
  SKIPPED;

  /** A move from one state to another. */
  public record Transition(JobState from, JobState to) {

    @Override
    public String toString() {
      return from + " -> " + to;
    }
  }
}
