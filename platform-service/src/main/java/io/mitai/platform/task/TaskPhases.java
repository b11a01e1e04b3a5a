package io.mitai.platform.task;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a task this node is running is now: node-local and in memory only (never on the ledger,
 * gone after a restart), set by the task worker and the session runner, shown as {@code phase} in
 * the task view while the task runs here.
 */
@ApplicationScoped
public class TaskPhases {

  /** The phases of a task run, in order; a TEE job goes from STARTING to ENCLAVE to RECORDING. */
  public enum Phase {
    /** Claimed by this node; its start is being recorded on the ledger. */
    STARTING,
    /** Opening the authenticated session to every party (and checking they may take part). */
    CONNECTING,
    /** Attesting the enclave that deals Beaver triples before any key goes to it. */
    ATTESTING,
    /** The parties run the protocol (aligning rows where the operation joins, then computing). */
    COMPUTING,
    /** Attested key release, encrypted inputs and the algorithm, in the enclave worker. */
    ENCLAVE,
    /** Sealing the result to the requester's key and hashing it. */
    SEALING,
    /** Recording the outcome (result hash or failure) on the ledger. */
    RECORDING
  }

  private final ConcurrentHashMap<String, Phase> phases = new ConcurrentHashMap<>();

  public void enter(String taskId, Phase phase) {
    phases.put(taskId, phase);
  }

  public void clear(String taskId) {
    phases.remove(taskId);
  }

  public Optional<Phase> of(String taskId) {
    return Optional.ofNullable(phases.get(taskId));
  }
}
