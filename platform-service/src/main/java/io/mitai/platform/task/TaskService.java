package io.mitai.platform.task;

import io.mitai.contract.model.Column;
import io.mitai.contract.model.DataAsset;
import io.mitai.contract.model.HistoryEntry;
import io.mitai.contract.model.Task;
import io.mitai.contract.model.TaskInput;
import io.mitai.ledger.EndorsementException;
import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.ledger.ContractReads;
import io.mitai.platform.ledger.LedgerRecords;
import io.mitai.platform.ledger.projection.ProjectedAsset;
import io.mitai.platform.ledger.projection.ProjectedGrant;
import io.mitai.platform.ledger.projection.ProjectedTask;
import io.mitai.platform.outbox.LedgerWrite;
import io.mitai.platform.outbox.Outbox;
import io.mitai.platform.problem.LedgerProblems;
import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.task.api.TaskViews;
import io.mitai.platform.task.domain.AssetSchema;
import io.mitai.platform.task.domain.SessionReach;
import io.mitai.platform.task.domain.TaskPlan;
import io.mitai.platform.task.domain.TaskPlanning;
import io.mitai.platform.task.domain.TaskRequest;
import io.mitai.platform.task.persistence.JobState;
import io.mitai.platform.task.persistence.TaskJob;
import io.mitai.platform.task.session.PartyNetwork;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Task submission and reading. A submission is planned (validated against the ledger's asset
 * records; refusals here touch nothing), then {@code SubmitTask} goes through the outbox as the
 * requester with the job row in the same database transaction. The ledger decides the grants: a
 * REJECTED record becomes a 403 problem typed by its reason; an accepted task is queued for {@link
 * TaskWorker}; a ledger that cannot be reached leaves it PENDING (202), settled when the outbox
 * delivers it.
 */
@ApplicationScoped
public class TaskService {

  @Inject TaskJobs jobs;
  @Inject Outbox outbox;
  @Inject HostedOrganisations hosted;
  @Inject ContractReads reads;
  @Inject PartyNetwork network;
  @Inject TeeJobPlanner tee;
  @Inject TaskPhases phases;

  public TaskViews.Accepted submit(String requester, TaskRequest request) {
    String taskId = "task-" + UUID.randomUUID();
    SessionReach reach = new SessionReach(hosted.ids(), network.remoteParties());
    TaskPlan plan =
        request != null && "TEE_JOB".equals(request.operation())
            ? tee.plan(taskId, requester, request, id -> schemaFor(requester, id))
            : QuarkusTransaction.requiringNew()
                .call(
                    () ->
                        TaskPlanning.plan(
                            taskId, requester, request, id -> schemaFor(requester, id), reach));
    String txId = jobs.create(plan);
    LedgerWrite write = outbox.deliver(txId);
    if (write.refusal().isPresent()) {
      jobs.settleSubmission(taskId);
      throw LedgerProblems.of(write.refusal().get());
    }
    if (!write.isDone()) {
      return new TaskViews.Accepted(
          taskId, "PENDING", plan.operation().name(), txId, write.state().name());
    }
    JobState state = jobs.settleSubmission(taskId);
    if (state == JobState.REJECTED) {
      Task task = write.record(Task.class).orElseThrow();
      String code = task.rejection().code().name();
      String message = task.rejection().message();
      throw LedgerProblems.rejected(
          code,
          "the ledger rejected task "
              + taskId
              + " ("
              + code
              + "): "
              + message
              + "; the refusal is recorded in ledger transaction "
              + txId,
          txId);
    }
    return new TaskViews.Accepted(taskId, "SUBMITTED", plan.operation().name(), txId, "DONE");
  }

  /** The caller's tasks: recorded on the ledger, and those still waiting for it. */
  public List<TaskViews.TaskView> list(String org) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Map<String, TaskViews.TaskView> views = new LinkedHashMap<>();
              for (ProjectedTask t :
                  ProjectedTask.<ProjectedTask>list("requester = ?1 order by id", org)) {
                views.put(t.id, withPhase(view(t)));
              }
              for (TaskJob j :
                  TaskJob.<TaskJob>list(
                      "orgId = ?1 and state = ?2 order by createdAt",
                      org,
                      JobState.AWAITING_LEDGER)) {
                views.putIfAbsent(j.taskId, pendingView(j));
              }
              return List.copyOf(views.values());
            });
  }

  /** One task, for its requester and the owners of its inputs, with its ledger history. */
  public TaskViews.TaskView get(String org, String taskId) {
    TaskViews.TaskView found = withPhase(visibleView(org, taskId));
    if ("PENDING".equals(found.ledgerState())) {
      return found;
    }
    return found.withHistory(history(org, taskId));
  }

  /** The task as {@code org} may see it (projected, or its own submission pending), else 404. */
  private TaskViews.TaskView visibleView(String org, String taskId) {
    Optional<TaskViews.TaskView> view =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  ProjectedTask t = ProjectedTask.findById(taskId);
                  if (t != null) {
                    return visible(t, org) ? Optional.of(view(t)) : Optional.empty();
                  }
                  return jobs.find(taskId)
                      .filter(j -> j.orgId.equals(org) && j.state == JobState.AWAITING_LEDGER)
                      .map(this::pendingView);
                });
    return view.orElseThrow(() -> ProblemException.notFound("task", taskId));
  }

  /**
   * The owners' key releases of a task run at a compute centre, from the ledger, for anyone who may
   * see the task (404 otherwise, as for the task itself).
   */
  public List<io.mitai.contract.model.KeyRelease> keyReleases(String org, String taskId) {
    TaskViews.TaskView task = visibleView(org, taskId);
    if (task.computeCentre() == null || "PENDING".equals(task.ledgerState())) {
      return List.of();
    }
    try {
      return reads.list(
          org,
          io.mitai.contract.Tx.LIST_KEY_RELEASES,
          io.mitai.contract.model.KeyRelease.class,
          taskId);
    } catch (io.mitai.ledger.EndorsementException e) {
      throw io.mitai.platform.problem.LedgerProblems.of(e);
    }
  }

  private TaskViews.TaskView withPhase(TaskViews.TaskView v) {
    return phases.of(v.id()).map(p -> v.withPhase(p.name())).orElse(v);
  }

  static boolean visible(ProjectedTask t, String org) {
    return t.requester.equals(org) || owners(t).contains(org);
  }

  static List<String> owners(ProjectedTask t) {
    List<String> owners = new ArrayList<>();
    for (TaskInput input : record(t).inputs()) {
      owners.add(input.owner());
    }
    return owners;
  }

  /** The ledger's record of a projected task. */
  static Task record(ProjectedTask t) {
    return LedgerRecords.decode(t.record, Task.class);
  }

  private List<TaskViews.Version> history(String org, String taskId) {
    try {
      List<TaskViews.Version> out = new ArrayList<>();
      for (HistoryEntry v : reads.history(org, ContractReads.Kind.TASK, taskId)) {
        // The contract never deletes a task; a deleted version would have no status.
        String status =
            v.value() == null ? "" : LedgerRecords.decode(v.value(), Task.class).status().name();
        out.add(new TaskViews.Version(status, v.txId(), v.timestamp().toString()));
      }
      return out;
    } catch (EndorsementException e) {
      throw LedgerProblems.of(e);
    }
  }

  static TaskViews.TaskView view(ProjectedTask t) {
    Task r = record(t);
    List<TaskViews.Input> inputs = new ArrayList<>();
    for (TaskInput i : r.inputs()) {
      inputs.add(new TaskViews.Input(i.assetId(), i.owner(), i.grantId(), i.columns()));
    }
    TaskViews.Rejection rejection =
        r.rejection() == null
            ? null
            : new TaskViews.Rejection(r.rejection().code().name(), r.rejection().message());
    return new TaskViews.TaskView(
        t.id,
        t.requester,
        r.operation().name(),
        t.status,
        r.assurance().name(),
        r.protocol(),
        r.parameterHash(),
        r.minGroupSize(),
        inputs,
        r.resultHash(),
        r.tripleSource(),
        r.attestationHash(),
        rejection,
        r.failureReason(),
        r.createdAt().toString(),
        r.updatedAt().toString(),
        t.txId,
        "DONE",
        null,
        null,
        r.computeCentre());
  }

  private TaskViews.TaskView pendingView(TaskJob j) {
    TaskPlan plan = jobs.plan(j);
    List<TaskViews.Input> inputs =
        plan.inputs().stream()
            .map(i -> new TaskViews.Input(i.assetId(), i.owner(), null, i.columns()))
            .toList();
    return new TaskViews.TaskView(
        j.taskId,
        j.orgId,
        plan.operation().name(),
        "PENDING",
        plan.assurance(),
        plan.protocol(),
        plan.parameterHash(),
        plan.requestedMinGroupSize().orElse(null),
        inputs,
        null,
        null,
        null,
        null,
        null,
        j.createdAt.toString(),
        j.updatedAt.toString(),
        j.submitTx,
        "PENDING",
        null,
        null,
        plan.computeCentre().orElse(null));
  }

  /**
   * An asset as {@code requester} may plan with it: its own, or one it holds (or held) a grant on.
   * Any other asset is absent, exactly like one that does not exist, so a submission never tells
   * which columns a hidden asset has, nor that it exists: the problem is the same 404 for both.
   */
  static Optional<AssetSchema> schemaFor(String requester, String assetId) {
    return schema(assetId)
        .filter(
            a ->
                a.owner().equals(requester)
                    || ProjectedGrant.count("assetId = ?1 and grantee = ?2", assetId, requester)
                        > 0);
  }

  /** An asset as the ledger records it (from the projection). */
  static Optional<AssetSchema> schema(String assetId) {
    ProjectedAsset a = ProjectedAsset.findById(assetId);
    if (a == null) {
      return Optional.empty();
    }
    DataAsset record = LedgerRecords.decode(a.record, DataAsset.class);
    List<AssetSchema.Column> columns = new ArrayList<>();
    for (Column c : record.columns()) {
      columns.add(new AssetSchema.Column(c.name(), c.type().name()));
    }
    return Optional.of(new AssetSchema(a.id, a.owner, a.status, columns, record.rowCount()));
  }
}
