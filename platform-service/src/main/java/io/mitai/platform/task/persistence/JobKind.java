package io.mitai.platform.task.persistence;

import static io.mitai.platform.task.persistence.JobState.AWAITING_LEDGER;
import static io.mitai.platform.task.persistence.JobState.CLAIMED;
import static io.mitai.platform.task.persistence.JobState.DONE;
import static io.mitai.platform.task.persistence.JobState.FAILED;
import static io.mitai.platform.task.persistence.JobState.QUEUED;
import static io.mitai.platform.task.persistence.JobState.REJECTED;
import static io.mitai.platform.task.persistence.JobState.SKIPPED;

import io.mitai.platform.task.persistence.JobState.Transition;
import java.util.EnumSet;
import java.util.Set;

/**
 * The two kinds of job on this node and the moves of the {@link JobState} machine each may take.
 * Every move of a job goes through {@link #move}.
 */
public enum JobKind {
  /**
   * A task this node's requester leads ({@code task_job}): it waits for the ledger's decision on
   * SubmitTask, is claimed by a worker, and ends with the result or the failure it records.
   */
  TASK(
      "task job",
      AWAITING_LEDGER,
      Set.of(
          new Transition(AWAITING_LEDGER, QUEUED),
          new Transition(AWAITING_LEDGER, REJECTED),
          // The ledger refused the SubmitTask transaction itself.
          new Transition(AWAITING_LEDGER, FAILED),
          new Transition(QUEUED, CLAIMED),
          new Transition(QUEUED, FAILED),
          // RecordTaskStarted is still pending: back to the queue, retried later.
          new Transition(CLAIMED, QUEUED),
          new Transition(CLAIMED, DONE),
          new Transition(CLAIMED, FAILED),
          // The ledger refused the result: the stored result is deleted.
          new Transition(DONE, FAILED))),

  /**
   * This node's part in a session another node leads ({@code party_job}): queued when the ledger
   * reports the task RUNNING; the requester's node records the outcome.
   */
  PARTY(
      "party job",
      QUEUED,
      Set.of(
          new Transition(QUEUED, CLAIMED),
          // The ledger could not be read: back to the queue, retried later.
          new Transition(CLAIMED, QUEUED),
          new Transition(CLAIMED, DONE),
          // The session failed, or this node stopped while it ran.
          new Transition(CLAIMED, FAILED),
          // The task is no longer RUNNING on the ledger.
          new Transition(CLAIMED, SKIPPED)));

  private final String label;
  private final JobState entry;
  private final Set<Transition> moves;

  JobKind(String label, JobState entry, Set<Transition> moves) {
    this.label = label;
    this.entry = entry;
    this.moves = moves;
  }

  /** The state a new job of this kind starts in. */
  public JobState entry() {
    return entry;
  }

  /** The moves a job of this kind may take. */
  public Set<Transition> moves() {
    return moves;
  }

  /** The states a job of this kind passes through. */
  public Set<JobState> states() {
    Set<JobState> states = EnumSet.of(entry);
    moves.forEach(
        m -> {
          states.add(m.from());
          states.add(m.to());
        });
    return states;
  }

  /** Whether a job of this kind may move from {@code from} to {@code to}. */
  public boolean allows(JobState from, JobState to) {
    return moves.contains(new Transition(from, to));
  }

  /**
   * Checks a move of the job of task {@code taskId} and returns the state it moves to.
   *
   * @throws IllegalStateException if this kind of job may not take it
   */
  public JobState move(String taskId, JobState from, JobState to) {
    if (!allows(from, to)) {
      throw new IllegalStateException(
          label + " " + taskId + " cannot move from " + from + " to " + to);
    }
    return to;
  }
}
