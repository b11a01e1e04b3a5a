package io.mitai.chaincode.rules;

import io.mitai.contract.error.ErrorCode;
import io.mitai.contract.model.AssetStatus;
import io.mitai.contract.model.Assurance;
import io.mitai.contract.model.Check;
import io.mitai.contract.model.DataAsset;
import io.mitai.contract.model.Grant;
import io.mitai.contract.model.GrantStatus;
import io.mitai.contract.model.Rejection;
import io.mitai.contract.model.RejectionReason;
import io.mitai.contract.model.Task;
import io.mitai.contract.model.TaskInput;
import io.mitai.contract.model.TaskInputRequest;
import io.mitai.contract.model.TaskRequest;
import io.mitai.contract.model.TaskResultRequest;
import io.mitai.contract.model.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Rules of task submission and of the task state machine ({@link TaskStatus#canMoveTo}). */
public final class TaskRules {

  private TaskRules() {}

  /**
   * Decides a task submission. First the task as a whole: every result recipient must be a
   * registered organisation and a TEE_JOB's algorithm measurement must be on the allow-list
   * (whether or not any grant is involved). Then every input is checked, in input order, against
   * the committed state: the asset exists and is ACTIVE and has the requested columns; an input on
   * the requester's own asset needs no grant (unless it names one, which is then checked like any
   * other); otherwise the named grant, or else the first grant on the asset (in key order) issued
   * to the requester that passes {@link GrantCheck}, must cover it. If every input passes, the task
   * is SUBMITTED and one use of each grant is consumed; otherwise the task is REJECTED with the
   * first failure and nothing is consumed.
   *
   * @param request validated input
   * @param requester the caller's MSP ID
   * @param idTaken whether {@code task:<id>} already exists (ALREADY_EXISTS, nothing recorded)
   * @param view committed state
   * @param now the transaction time
   * @return the task to record and the grants to write back
   */
  public static Submission submit(
      TaskRequest request, String requester, boolean idTaken, LedgerView view, Instant now) {
    if (idTaken) {
      throw ErrorCode.ALREADY_EXISTS.exception("task '" + request.id() + "' already exists");
    }
    List<String> recipients =
        request.resultRecipients() == null ? List.of(requester) : request.resultRecipients();
    List<Optional<DataAsset>> assets = new ArrayList<>();
    for (TaskInputRequest input : request.inputs()) {
      assets.add(view.asset(input.assetId()));
    }
    List<TaskInput> recordedInputs = new ArrayList<>();
    for (int i = 0; i < request.inputs().size(); i++) {
      TaskInputRequest input = request.inputs().get(i);
      recordedInputs.add(
          new TaskInput(
              input.assetId(),
              assets.get(i).map(DataAsset::owner).orElse(null),
              input.grantId(),
              input.columns()));
    }

    Optional<Rejection> rejection = Optional.empty();
    for (String recipient : recipients) {
      if (!view.isRegistered(recipient)) {
        rejection =
            Optional.of(
                new Rejection(
                    RejectionReason.RECIPIENT_NOT_REGISTERED,
                    "result recipient '" + recipient + "' is not a registered organisation"));
        break;
      }
    }
    if (rejection.isEmpty()
        && request.computeCentre() != null
        && view.computeCentre(request.computeCentre()).isEmpty()) {
      rejection =
          rejected(
              RejectionReason.COMPUTE_CENTRE_UNKNOWN,
              "compute centre '" + request.computeCentre() + "' is not registered on the ledger");
    }
    if (rejection.isEmpty()
        && request.operation().isTee()
        && view.algorithm(request.algorithmMeasurement()).isEmpty()) {
      rejection =
          rejected(
              RejectionReason.ALGORITHM_NOT_REGISTERED,
              "algorithm measurement "
                  + request.algorithmMeasurement()
                  + " is not registered on the ledger's allow-list");
    }

    List<TaskInput> admittedInputs = new ArrayList<>();
    List<Grant> usedGrants = new ArrayList<>();
    List<String> commitments = new ArrayList<>();
    for (int i = 0; i < request.inputs().size() && rejection.isEmpty(); i++) {
      TaskInputRequest input = request.inputs().get(i);
      String where = "input " + i + " (asset '" + input.assetId() + "'): ";
      Optional<DataAsset> found = assets.get(i);
      if (found.isEmpty()) {
        rejection = rejected(RejectionReason.ASSET_NOT_FOUND, where + "the asset does not exist");
        break;
      }
      DataAsset asset = found.get();
      if (asset.status() == AssetStatus.DESTROYED) {
        rejection = rejected(RejectionReason.ASSET_DESTROYED, where + "the asset was destroyed");
        break;
      }
      for (String column : input.columns()) {
        if (!asset.hasColumn(column)) {
          rejection =
              rejected(
                  RejectionReason.COLUMN_NOT_IN_ASSET,
                  where + "the asset has no column '" + column + "'");
          break;
        }
      }
      if (rejection.isPresent()) {
        break;
      }
      Grant selected = null;
      if (input.grantId() != null) {
        Optional<Grant> named = view.grant(input.grantId());
        if (named.isEmpty()) {
          rejection =
              rejected(
                  RejectionReason.GRANT_NOT_FOUND,
                  where + "grant '" + input.grantId() + "' does not exist");
          break;
        }
        Optional<Rejection> failure =
            check(named.get(), input, request, requester, recipients, now);
        if (failure.isPresent()) {
          rejection = rejected(failure.get().code(), where + failure.get().message());
          break;
        }
        selected = named.get();
      } else if (!asset.owner().equals(requester)) {
        Optional<Rejection> firstFailure = Optional.empty();
        boolean anyCandidate = false;
        for (Grant candidate : view.grantsByAsset(asset.id())) {
          if (!candidate.grantee().equals(requester)) {
            continue;
          }
          Optional<Rejection> failure =
              check(candidate, input, request, requester, recipients, now);
          if (failure.isEmpty()) {
            selected = candidate;
            break;
          }
          if (!anyCandidate) {
            firstFailure = failure;
            anyCandidate = true;
          }
        }
        if (selected == null) {
          rejection =
              anyCandidate
                  ? rejected(firstFailure.get().code(), where + firstFailure.get().message())
                  : rejected(
                      RejectionReason.NO_GRANT,
                      where + "no grant to '" + requester + "' exists for this asset");
          break;
        }
      }
      admittedInputs.add(
          new TaskInput(
              asset.id(), asset.owner(), selected == null ? null : selected.id(), input.columns()));
      commitments.add(asset.commitment());
      if (selected != null) {
        usedGrants.add(selected.withUseConsumed(now));
      }
    }

    if (rejection.isPresent()) {
      Task task =
          new Task(
              request.id(),
              requester,
              request.operation(),
              recordedInputs,
              request.parameterHash(),
              request.algorithmMeasurement(),
              request.protocol(),
              request.assurance(),
              List.of(),
              recipients,
              request.operation().hasGroupFloor() ? request.minGroupSize() : null,
              TaskStatus.REJECTED,
              rejection.get(),
              null,
              null,
              null,
              null,
              now,
              now,
              request.computeCentre());
      return new Submission(task, List.of());
    }
    Task task =
        new Task(
            request.id(),
            requester,
            request.operation(),
            admittedInputs,
            request.parameterHash(),
            request.algorithmMeasurement(),
            request.protocol(),
            request.assurance(),
            commitments,
            recipients,
            floor(request, usedGrants),
            TaskStatus.SUBMITTED,
            null,
            null,
            null,
            null,
            null,
            now,
            now,
            request.computeCentre());
    return new Submission(task, usedGrants);
  }

  /**
   * The floor an admitted task runs at: the requested one (already checked against every grant),
   * else the highest floor of its grants; none for operations without a floor, or when neither the
   * request nor any grant sets one (a task on the requester's own assets only).
   */
  private static Integer floor(TaskRequest request, List<Grant> grants) {
    if (!request.operation().hasGroupFloor()) {
      return null;
    }
    if (request.minGroupSize() != null) {
      return request.minGroupSize();
    }
    Integer highest = null;
    for (Grant grant : grants) {
      int f = grant.effectiveMinGroupSize();
      if (highest == null || f > highest) {
        highest = f;
      }
    }
    return highest;
  }

  private static Optional<Rejection> check(
      Grant grant,
      TaskInputRequest input,
      TaskRequest request,
      String requester,
      List<String> recipients,
      Instant now) {
    return GrantCheck.check(
        grant,
        input.assetId(),
        input.columns(),
        requester,
        request.operation(),
        request.assurance(),
        request.algorithmMeasurement(),
        recipients,
        request.minGroupSize(),
        now);
  }

  private static Optional<Rejection> rejected(RejectionReason reason, String message) {
    return Optional.of(new Rejection(reason, message));
  }

  /**
   * Validates a failure reason given as a transaction argument.
   *
   * @param reason the argument
   * @return the reason
   */
  public static String reason(String reason) {
    return Check.text("reason", reason, Check.MAX_TEXT);
  }

  /**
   * SUBMITTED to RUNNING.
   *
   * @param task the current record
   * @param caller the caller's MSP ID; must be a participant
   * @param now the transaction time
   * @return the record to write
   */
  public static Task start(Task task, String caller, Instant now) {
    requireTransition(task, caller, TaskStatus.RUNNING);
    return task.started(now);
  }

  /**
   * RUNNING to SUCCEEDED with the result hash. A TEE_HARDWARE task must report an attestation hash;
   * reported recipients must be a subset of the task's. A task none of whose input grants may still
   * be used cannot succeed: if a grant it uses was revoked, or an input asset destroyed, while it
   * ran, the result is refused (INVALID_STATE, naming {@code GRANT_REVOKED} or {@code
   * ASSET_DESTROYED}) and the task can only be recorded FAILED, so no result of it is ever released
   * under the ledger's name. A task run at a compute centre needs every input owner's RELEASED
   * record first ({@link CentreRules#requireAllReleased}).
   *
   * @param task the current record
   * @param result validated input
   * @param caller the caller's MSP ID; must be a participant
   * @param view committed state (the inputs' grants and assets)
   * @param now the transaction time
   * @return the record to write
   */
  public static Task succeed(
      Task task, TaskResultRequest result, String caller, LedgerView view, Instant now) {
    requireTransition(task, caller, TaskStatus.SUCCEEDED);
    Optional<String> withdrawn = withdrawn(task, view);
    if (withdrawn.isPresent()) {
      throw ErrorCode.INVALID_STATE.exception(
          "task '"
              + task.id()
              + "' cannot succeed: "
              + withdrawn.get()
              + "; record its failure instead");
    }
    CentreRules.requireAllReleased(task, view);
    if (task.assurance() == Assurance.TEE_HARDWARE && result.attestationHash() == null) {
      throw ErrorCode.INVALID_ARGUMENT.exception(
          "field 'attestationHash' is required for a TEE_HARDWARE task");
    }
    if (result.resultRecipients() != null) {
      for (String recipient : result.resultRecipients()) {
        if (!task.resultRecipients().contains(recipient)) {
          throw ErrorCode.INVALID_ARGUMENT.exception(
              "result recipient '"
                  + recipient
                  + "' is not among the task's recipients "
                  + task.resultRecipients());
        }
      }
    }
    return task.succeeded(
        result.resultHash(), result.attestationHash(), result.tripleSource(), now);
  }

  /**
   * SUBMITTED or RUNNING to FAILED. Consumed grant uses are not returned.
   *
   * @param task the current record
   * @param caller the caller's MSP ID; must be a participant
   * @param reason validated reason
   * @param now the transaction time
   * @return the record to write
   */
  public static Task fail(Task task, String caller, String reason, Instant now) {
    requireTransition(task, caller, TaskStatus.FAILED);
    return task.failed(reason, now);
  }

  /**
   * Why a task may no longer release a result: {@code "GRANT_REVOKED: grant 'g' was revoked"} or
   * {@code "ASSET_DESTROYED: asset 'a' was destroyed"} for the first such input (input order), or
   * empty while every input asset is ACTIVE and every grant it uses is not revoked.
   *
   * @param task the task
   * @param view committed state
   * @return the first withdrawal, if any
   */
  public static Optional<String> withdrawn(Task task, LedgerView view) {
    for (TaskInput input : task.inputs()) {
      Optional<DataAsset> asset = view.asset(input.assetId());
      if (asset.isPresent() && asset.get().status() == AssetStatus.DESTROYED) {
        return Optional.of(
            RejectionReason.ASSET_DESTROYED + ": asset '" + input.assetId() + "' was destroyed");
      }
      if (input.grantId() != null) {
        Optional<Grant> grant = view.grant(input.grantId());
        if (grant.isPresent() && grant.get().status() == GrantStatus.REVOKED) {
          return Optional.of(
              RejectionReason.GRANT_REVOKED + ": grant '" + input.grantId() + "' was revoked");
        }
      }
    }
    return Optional.empty();
  }

  private static void requireTransition(Task task, String caller, TaskStatus next) {
    if (!task.isParticipant(caller)) {
      throw ErrorCode.FORBIDDEN.exception(
          "only the requester or an input owner may update task '"
              + task.id()
              + "', not '"
              + caller
              + "'");
    }
    if (!task.status().canMoveTo(next)) {
      throw ErrorCode.INVALID_STATE.exception(
          "task '" + task.id() + "' is " + task.status() + " and cannot become " + next);
    }
  }
}
