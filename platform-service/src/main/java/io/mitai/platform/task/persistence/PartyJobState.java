package io.mitai.platform.task.persistence;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where this node's part in a session led by another node stands. Transitions, each written in one
 * place ({@code PartyJobs}):
 *
 * <pre>
 * QUEUED -> RUNNING -> DONE
 *    ^         |-----> FAILED (the session failed, or this node stopped while it ran)
 *    |         |-----> SKIPPED (the task is no longer RUNNING on the ledger)
 *    +---------+ (the ledger could not be read: retried later)
 * </pre>
 */
public enum PartyJobState {
  /** The ledger reported the task RUNNING; waiting for a worker. */
  QUEUED,
  /** A worker is running this node's party. */
  RUNNING,
  /** The party finished its protocol; the requester holds the result. */
  DONE,
  /** The party's session failed; the requester's node records the failure on the ledger. */
  FAILED,
  /** Nothing to join: the task had already ended. */
  SKIPPED;

  public boolean canMoveTo(PartyJobState next) {
    Set<PartyJobState> allowed =
        switch (this) {
          case QUEUED -> EnumSet.of(RUNNING);
          case RUNNING -> EnumSet.of(QUEUED, DONE, FAILED, SKIPPED);
          case DONE, FAILED, SKIPPED -> EnumSet.noneOf(PartyJobState.class);
        };
    return allowed.contains(next);
  }
}
