package io.mitai.platform.task.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** What the task endpoints answer. */
public final class TaskViews {

  private TaskViews() {}

  /**
   * The answer to a submission: 202 with the task id. {@code status} is SUBMITTED when the ledger
   * accepted it (it then runs), PENDING while the SubmitTask write waits in the outbox.
   */
  public record Accepted(
      String id, String status, String operation, String ledgerTxId, String ledgerState) {}

  /**
   * A task as the ledger records it (or, while its SubmitTask waits in the outbox, as submitted:
   * status PENDING). {@code ledgerTxId} wrote the version shown; {@code history} lists every
   * version's status and transaction (single-task reads only). {@code minGroupSize} is the
   * aggregation floor the ledger recorded (absent when the task has none). {@code phase} is where a
   * run on this node is now ({@link io.mitai.platform.task.TaskPhases.Phase}): node-local, not on
   * the ledger, absent when the task is not running here. {@code computeCentre} names the
   * organisation whose compute centre runs a TEE_JOB (absent when the requester's node runs it);
   * its owners' key releases are at {@code /api/v1/tasks/{id}/key-releases}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TaskView(
      String id,
      String requester,
      String operation,
      String status,
      String assurance,
      String protocol,
      String parameterHash,
      Integer minGroupSize,
      List<Input> inputs,
      String resultHash,
      String tripleSource,
      String attestationHash,
      Rejection rejection,
      String failureReason,
      String createdAt,
      String updatedAt,
      String ledgerTxId,
      String ledgerState,
      List<Version> history,
      String phase,
      String computeCentre) {

    /** This view with the node-local phase of a run in progress here (absent otherwise). */
    public TaskView withPhase(String runPhase) {
      return with(history, runPhase);
    }

    public TaskView withHistory(List<Version> versions) {
      return with(versions, phase);
    }

    private TaskView with(List<Version> versions, String runPhase) {
      return new TaskView(
          id,
          requester,
          operation,
          status,
          assurance,
          protocol,
          parameterHash,
          minGroupSize,
          inputs,
          resultHash,
          tripleSource,
          attestationHash,
          rejection,
          failureReason,
          createdAt,
          updatedAt,
          ledgerTxId,
          ledgerState,
          versions,
          runPhase,
          computeCentre);
    }
  }

  /** One input: the asset, its owner, the grant the ledger used (absent for own assets). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Input(String assetId, String owner, String grantId, List<String> columns) {}

  /** Why the ledger refused the task: the chaincode's reason code and message. */
  public record Rejection(String code, String message) {}

  /** One ledger version of the task. */
  public record Version(String status, String txId, String timestamp) {}

  /** The outcome of {@code POST /api/v1/ledger/verify-result}. */
  public record ResultVerification(
      String taskId,
      boolean matches,
      String computedHash,
      String ledgerHash,
      String ledgerStatus,
      String detail) {}

  /** One entry of the TEE allow-list. */
  public record Algorithm(String name, String version, String measurement) {}
}
