package io.mitai.contract.model;

import java.time.Instant;

/**
 * An input owner's recorded decision on releasing its key to the compute centre's worker of a
 * TEE_JOB. State key {@code release:<taskId>:<inputIndex, two digits>}; written once.
 *
 * @param taskId the task
 * @param inputIndex the input's index in the task
 * @param owner the input's owner (the caller who recorded it)
 * @param decision RELEASED or REFUSED
 * @param evidenceHash SHA-256 of the evidence the owner verified; present when RELEASED
 * @param measurement the measurement the evidence showed, if recorded
 * @param reason why the owner refused; present iff REFUSED
 * @param recordedAt transaction time
 */
public record KeyRelease(
    String taskId,
    int inputIndex,
    String owner,
    KeyReleaseDecision decision,
    String evidenceHash,
    String measurement,
    String reason,
    Instant recordedAt) {
  /** Checks presence. */
  public KeyRelease {
    Check.present("taskId", taskId);
    Check.present("owner", owner);
    Check.present("decision", decision);
    Check.present("recordedAt", recordedAt);
  }
}
