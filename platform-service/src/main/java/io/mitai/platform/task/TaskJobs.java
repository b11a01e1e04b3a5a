package io.mitai.platform.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mitai.contract.model.Assurance;
import io.mitai.contract.model.Task;
import io.mitai.contract.model.TaskInputRequest;
import io.mitai.contract.model.TaskRequest;
import io.mitai.contract.model.TaskResultRequest;
import io.mitai.contract.model.TaskStatus;
import io.mitai.platform.outbox.ContractLedger;
import io.mitai.platform.outbox.LedgerWrite;
import io.mitai.platform.outbox.OutboxEntry;
import io.mitai.platform.problem.LedgerProblems;
import io.mitai.platform.task.domain.TaskPlan;
import io.mitai.platform.task.persistence.JobKind;
import io.mitai.platform.task.persistence.JobState;
import io.mitai.platform.task.persistence.StoredResult;
import io.mitai.platform.task.persistence.TaskJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The task job table and its transitions: each transition is one method here, runs in its own
 * database transaction together with the ledger write it implies (enqueued in the outbox), and goes
 * through {@link #move}, the only place a job's state is written (a move of the one job state
 * machine, {@link JobKind#TASK}).
 */
@ApplicationScoped
public class TaskJobs {

  @Inject ContractLedger contract;
  @Inject ObjectMapper json;

  /** A job a worker holds: its plan and the outbox entry of its RecordTaskStarted. */
  public record Claim(String taskId, TaskPlan plan, String startedTx) {}

  /** Queues SubmitTask in the outbox and records the job awaiting the ledger's decision. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public String create(TaskPlan plan) {
    TaskRequest submit = submission(plan);
    TaskJob job = new TaskJob();
    job.taskId = plan.taskId();
    job.orgId = plan.requester();
    job.state = JobKind.TASK.entry();
    job.params = write(plan);
    job.submitTx = contract.enqueueSubmitTask(plan.requester(), submit);
    job.createdAt = Instant.now();
    job.updatedAt = job.createdAt;
    job.persist();
    return job.submitTx;
  }

  /**
   * The SubmitTask request of a plan: its inputs in plan order (the ledger picks the grants), the
   * requester as the one result recipient. The contract's checks of it run here and fail as the
   * ledger's refusal would.
   */
  static TaskRequest submission(TaskPlan plan) {
    return LedgerProblems.checked(
        () ->
            new TaskRequest(
                plan.taskId(),
                plan.operation().ledger(),
                plan.inputs().stream()
                    .map(i -> new TaskInputRequest(i.assetId(), null, i.columns()))
                    .toList(),
                plan.parameterHash(),
                plan.tee().map(t -> t.measurement()).orElse(null),
                plan.protocol(),
                Assurance.valueOf(plan.assurance()),
                List.of(plan.requester()),
                plan.requestedMinGroupSize().orElse(null),
                plan.computeCentre().orElse(null)));
  }

  /**
   * Applies the ledger's decision on SubmitTask once the outbox has one: SUBMITTED queues the job,
   * REJECTED ends it, a refused transaction fails it. Returns the job's state afterwards.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public JobState settleSubmission(String taskId) {
    TaskJob job = locked(taskId);
    if (job.state != JobState.AWAITING_LEDGER) {
      return job.state;
    }
    OutboxEntry entry = OutboxEntry.findById(job.submitTx);
    switch (entry.state) {
      case PENDING -> {
        // Still waiting for the ledger.
      }
      case REFUSED -> {
        job.lastError = entry.errorCode + ": " + entry.lastError;
        move(job, JobState.FAILED);
      }
      case DONE -> {
        Task task = LedgerWrite.decode(entry.response, Task.class).orElseThrow();
        if (task.status() == TaskStatus.REJECTED) {
          job.lastError = task.rejection().code().name();
          move(job, JobState.REJECTED);
        } else {
          move(job, JobState.QUEUED);
        }
      }
    }
    return job.state;
  }

  /** Tasks whose SubmitTask the outbox has settled while they waited. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public List<String> settled() {
    @SuppressWarnings("unchecked")
    List<String> ids =
        TaskJob.getEntityManager()
            .createNativeQuery(
                "select j.task_id from task_job j join ledger_outbox o on o.id = j.submit_tx"
                    + " where j.state = 'AWAITING_LEDGER' and o.state <> 'PENDING'"
                    + " order by j.created_at limit 50")
            .getResultList();
    return ids;
  }

  /**
   * Claims the oldest queued job whose RecordTaskStarted is not still waiting for the ledger,
   * skipping rows another worker holds, and queues RecordTaskStarted (once per job).
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Optional<Claim> claimNext(String worker) {
    @SuppressWarnings("unchecked")
    List<String> ids =
        TaskJob.getEntityManager()
            .createNativeQuery(
                "select j.task_id from task_job j left join ledger_outbox o on o.id = j.started_tx"
                    + " where j.state = 'QUEUED' and (j.started_tx is null or o.state <> 'PENDING')"
                    + " order by j.created_at limit 1 for update of j skip locked")
            .getResultList();
    if (ids.isEmpty()) {
      return Optional.empty();
    }
    TaskJob job = TaskJob.findById(ids.get(0)); // locked by the select above
    job.attempts++;
    job.claimedBy = worker;
    job.claimedAt = Instant.now();
    if (job.startedTx == null) {
      job.startedTx = contract.enqueueTaskStarted(job.orgId, job.taskId);
    }
    move(job, JobState.CLAIMED);
    return Optional.of(new Claim(job.taskId, plan(job), job.startedTx));
  }

  /** RecordTaskStarted is still waiting for the ledger: give the job back to the queue. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void release(String taskId) {
    TaskJob job = locked(taskId);
    job.claimedBy = null;
    job.claimedAt = null;
    move(job, JobState.QUEUED);
  }

  /** Stores the sealed result and queues RecordTaskResult; returns that write's outbox id. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public String succeed(String taskId, StoredResult result, TaskResultRequest resultRequest) {
    TaskJob job = locked(taskId);
    result.persist();
    job.finishTx = contract.enqueueTaskResult(job.orgId, resultRequest);
    move(job, JobState.DONE);
    return job.finishTx;
  }

  /**
   * The ledger refused the result because the task's grant was revoked (or an input destroyed)
   * while it ran: deletes the stored result, ends the job FAILED and queues RecordTaskFailure with
   * the reason; returns that write's outbox id.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public String withdraw(String taskId, String reason) {
    TaskJob job = locked(taskId);
    StoredResult.deleteById(taskId);
    job.lastError = reason;
    job.finishTx = contract.enqueueTaskFailure(job.orgId, taskId, reason);
    move(job, JobState.FAILED);
    return job.finishTx;
  }

  /**
   * Ends the job without a result and queues RecordTaskFailure with the reason; returns that
   * write's outbox id.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public String fail(String taskId, String reason) {
    TaskJob job = locked(taskId);
    job.lastError = reason;
    job.finishTx = contract.enqueueTaskFailure(job.orgId, taskId, reason);
    move(job, JobState.FAILED);
    return job.finishTx;
  }

  /** Ends the job without a ledger write: the ledger refused to start it. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void abandon(String taskId, String reason) {
    TaskJob job = locked(taskId);
    job.lastError = reason;
    move(job, JobState.FAILED);
  }

  /** Jobs left CLAIMED by a node instance other than {@code worker} (a node that was killed). */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public List<String> orphans(String worker) {
    return TaskJob.<TaskJob>list("state = ?1", JobState.CLAIMED).stream()
        .filter(j -> !worker.equals(j.claimedBy))
        .map(j -> j.taskId)
        .toList();
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<TaskJob> find(String taskId) {
    return TaskJob.findByIdOptional(taskId);
  }

  /** The plan stored with a job. */
  public TaskPlan plan(TaskJob job) {
    try {
      return json.readValue(job.params, TaskPlan.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the plan of task " + job.taskId + " is unreadable", e);
    }
  }

  /**
   * Loads a job with its row locked, so that two transitions of the same job (the submitting
   * request and the worker settling it) apply one after the other on fresh state.
   */
  private static TaskJob locked(String taskId) {
    return TaskJob.findById(taskId, LockModeType.PESSIMISTIC_WRITE);
  }

  /** The only place a task job's state changes: a move of {@link JobKind#TASK}. */
  private static void move(TaskJob job, JobState next) {
    job.state = JobKind.TASK.move(job.taskId, job.state, next);
    job.updatedAt = Instant.now();
  }

  private String write(TaskPlan plan) {
    try {
      return json.writeValueAsString(plan);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
