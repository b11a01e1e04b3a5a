package io.mitai.chaincode.rules;

import io.mitai.contract.error.ErrorCode;
import io.mitai.contract.model.ComputeCentre;
import io.mitai.contract.model.ComputeCentreRequest;
import io.mitai.contract.model.KeyRelease;
import io.mitai.contract.model.KeyReleaseDecision;
import io.mitai.contract.model.KeyReleaseRequest;
import io.mitai.contract.model.Task;
import io.mitai.contract.model.TaskStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * Rules of compute centres (East data, West compute): an organisation registers where its enclave
 * workers listen; a TEE_JOB naming it runs there, and each input's owner records whether it
 * released its key to the centre's attested worker. A result is accepted only when every owner
 * released ({@link #requireAllReleased}).
 */
public final class CentreRules {

  private CentreRules() {}

  /**
   * Registers the caller's compute centre, or updates it (keeping {@code registeredAt}).
   *
   * @param request validated input
   * @param caller the caller's MSP ID (a registered organisation)
   * @param existing the caller's current centre, if any
   * @param now the transaction time
   * @return the record to write
   */
  public static ComputeCentre register(
      ComputeCentreRequest request, String caller, Optional<ComputeCentre> existing, Instant now) {
    Instant registeredAt = existing.map(ComputeCentre::registeredAt).orElse(now);
    return new ComputeCentre(
        caller,
        request.workerEndpoint(),
        request.workerCertificate(),
        request.assurance(),
        registeredAt,
        now);
  }

  /**
   * Records an input owner's decision. Only for a RUNNING task that names a compute centre; only by
   * the owner of that input; once per input.
   *
   * @param request validated input
   * @param task the task it names
   * @param caller the caller's MSP ID
   * @param view committed state (an earlier record of the same input)
   * @param now the transaction time
   * @return the record to write
   */
  public static KeyRelease record(
      KeyReleaseRequest request, Task task, String caller, LedgerView view, Instant now) {
    if (task.computeCentre() == null) {
      throw ErrorCode.INVALID_STATE.exception(
          "task '" + task.id() + "' runs on its requester's node, not at a compute centre");
    }
    if (task.status() != TaskStatus.RUNNING) {
      throw ErrorCode.INVALID_STATE.exception(
          "task '" + task.id() + "' is " + task.status() + "; keys are released while RUNNING");
    }
    int index = request.inputIndex();
    if (index >= task.inputs().size()) {
      throw ErrorCode.INVALID_ARGUMENT.exception(
          "task '" + task.id() + "' has " + task.inputs().size() + " inputs, not " + (index + 1));
    }
    String owner = task.inputs().get(index).owner();
    if (!caller.equals(owner)) {
      throw ErrorCode.FORBIDDEN.exception(
          "only the owner of input "
              + index
              + " ('"
              + owner
              + "') may record its key release, not '"
              + caller
              + "'");
    }
    if (view.keyRelease(task.id(), index).isPresent()) {
      throw ErrorCode.ALREADY_EXISTS.exception(
          "the key release of input " + index + " of task '" + task.id() + "' is recorded");
    }
    return new KeyRelease(
        task.id(),
        index,
        caller,
        request.decision(),
        request.evidenceHash(),
        request.measurement(),
        request.reason(),
        now);
  }

  /**
   * For a task run at a compute centre: every input's owner must have recorded RELEASED before a
   * result is accepted (INVALID_STATE naming the first input that did not).
   */
  public static void requireAllReleased(Task task, LedgerView view) {
    if (task.computeCentre() == null) {
      return;
    }
    for (int i = 0; i < task.inputs().size(); i++) {
      Optional<KeyRelease> release = view.keyRelease(task.id(), i);
      if (release.isEmpty() || release.get().decision() != KeyReleaseDecision.RELEASED) {
        throw ErrorCode.INVALID_STATE.exception(
            "task '"
                + task.id()
                + "' cannot succeed: the owner of input "
                + i
                + (release.isEmpty() ? " has not released its key" : " refused its key"));
      }
    }
  }
}
