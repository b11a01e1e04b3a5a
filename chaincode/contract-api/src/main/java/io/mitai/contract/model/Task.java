package io.mitai.contract.model;

import java.time.Instant;
import java.util.List;

/**
 * A computation request and its progress. State key {@code task:<id>}. Refused submissions are
 * recorded too, as {@link TaskStatus#REJECTED}.
 *
 * @param id client-chosen id
 * @param requester MSP ID of the submitting organisation
 * @param operation what to compute
 * @param inputs the inputs, in request order
 * @param parameterHash SHA-256 of the canonical task parameters, 64 hex
 * @param algorithmMeasurement the enclave measurement, 64 hex; present iff the operation is TEE_JOB
 * @param protocol the protocol label, e.g. {@code ECDH-PSI/X25519}
 * @param assurance the level the task runs at (its security model)
 * @param inputCommitments each input asset's commitment in input order; empty on a rejected task
 * @param resultRecipients organisations that receive the result, sorted; defaults to the requester
 * @param minGroupSize the aggregation floor the task runs at (participants enforce it): the
 *     requested one, else the highest {@link Grant#effectiveMinGroupSize} of its grants; absent for
 *     operations without a floor, for tasks on the requester's own assets that asked for none, and
 *     on records written before the field existed
 * @param status where the task is in its lifecycle
 * @param rejection why it was refused; present iff REJECTED
 * @param resultHash SHA-256 of the result's canonical encoding; present iff SUCCEEDED
 * @param attestationHash SHA-256 of the enclave attestation, if any
 * @param tripleSource where Beaver triples came from (e.g. TEE dealer), if reported
 * @param failureReason why it failed; present iff FAILED
 * @param createdAt transaction time of submission
 * @param updatedAt transaction time of the latest change
 * @param computeCentre the organisation whose compute centre runs a TEE_JOB, if the requester named
 *     one; each input owner then records its key release ({@link KeyRelease})
 */
public record Task(
    String id,
    String requester,
    Operation operation,
    List<TaskInput> inputs,
    String parameterHash,
    String algorithmMeasurement,
    String protocol,
    Assurance assurance,
    List<String> inputCommitments,
    List<String> resultRecipients,
    Integer minGroupSize,
    TaskStatus status,
    Rejection rejection,
    String resultHash,
    String attestationHash,
    String tripleSource,
    String failureReason,
    Instant createdAt,
    Instant updatedAt,
    String computeCentre) {

  /** A task run by the requester's own node (no compute centre). */
  public Task(
      String id,
      String requester,
      Operation operation,
      List<TaskInput> inputs,
      String parameterHash,
      String algorithmMeasurement,
      String protocol,
      Assurance assurance,
      List<String> inputCommitments,
      List<String> resultRecipients,
      Integer minGroupSize,
      TaskStatus status,
      Rejection rejection,
      String resultHash,
      String attestationHash,
      String tripleSource,
      String failureReason,
      Instant createdAt,
      Instant updatedAt) {
    this(
        id,
        requester,
        operation,
        inputs,
        parameterHash,
        algorithmMeasurement,
        protocol,
        assurance,
        inputCommitments,
        resultRecipients,
        minGroupSize,
        status,
        rejection,
        resultHash,
        attestationHash,
        tripleSource,
        failureReason,
        createdAt,
        updatedAt,
        null);
  }

  /** Checks presence and copies the lists. */
  public Task {
    Check.present("id", id);
    Check.present("requester", requester);
    Check.present("operation", operation);
    inputs = Check.list("inputs", inputs, true);
    Check.present("parameterHash", parameterHash);
    Check.present("protocol", protocol);
    Check.present("assurance", assurance);
    inputCommitments = Check.list("inputCommitments", inputCommitments, false);
    resultRecipients = Check.list("resultRecipients", resultRecipients, true);
    Check.present("status", status);
    Check.present("createdAt", createdAt);
    Check.present("updatedAt", updatedAt);
  }

  /** Whether {@code org} may move this task: the requester or the owner of an input asset. */
  public boolean isParticipant(String org) {
    if (requester.equals(org)) {
      return true;
    }
    for (TaskInput input : inputs) {
      if (org.equals(input.owner())) {
        return true;
      }
    }
    return false;
  }

  /** This task, moved to RUNNING at {@code now}. */
  public Task started(Instant now) {
    return moved(TaskStatus.RUNNING, resultHash, attestationHash, tripleSource, failureReason, now);
  }

  /** This task, SUCCEEDED with a result at {@code now}. */
  public Task succeeded(
      String resultHash, String attestationHash, String tripleSource, Instant now) {
    return moved(
        TaskStatus.SUCCEEDED, resultHash, attestationHash, tripleSource, failureReason, now);
  }

  /** This task, FAILED for {@code reason} at {@code now}. */
  public Task failed(String reason, Instant now) {
    return moved(TaskStatus.FAILED, resultHash, attestationHash, tripleSource, reason, now);
  }

  /** The one place a task changes: its status and outcome fields, at {@code now}. */
  private Task moved(
      TaskStatus to,
      String resultHash,
      String attestationHash,
      String tripleSource,
      String failureReason,
      Instant now) {
    return new Task(
        id,
        requester,
        operation,
        inputs,
        parameterHash,
        algorithmMeasurement,
        protocol,
        assurance,
        inputCommitments,
        resultRecipients,
        minGroupSize,
        to,
        rejection,
        resultHash,
        attestationHash,
        tripleSource,
        failureReason,
        createdAt,
        now,
        computeCentre);
  }
}
