package io.mitai.platform.task;

import io.mitai.compute.deliver.DocumentJson;
import io.mitai.compute.deliver.ResultSealer;
import io.mitai.compute.ops.JointStatsResult;
import io.mitai.compute.ops.OperationResult;
import io.mitai.compute.ops.TripleSource;
import io.mitai.contract.model.Task;
import io.mitai.contract.model.TaskInput;
import io.mitai.contract.model.TaskResultRequest;
import io.mitai.platform.keys.KeyVault;
import io.mitai.platform.ledger.RightWithdrawn;
import io.mitai.platform.outbox.LedgerWrite;
import io.mitai.platform.outbox.Outbox;
import io.mitai.platform.task.domain.DocumentValues;
import io.mitai.platform.task.domain.TaskPlan;
import io.mitai.platform.task.persistence.StoredResult;
import io.mitai.platform.task.session.AttestedDealer;
import io.mitai.platform.task.session.SessionRunner;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Runs accepted tasks: claims queued jobs from the durable job table, records the start on the
 * ledger, runs the compute session, seals the result to the requester and records its hash (or the
 * failure) on the ledger. At start it fails the tasks a killed node left running, since their
 * sessions died with it.
 */
@ApplicationScoped
public class TaskWorker {

  private static final Logger LOG = Logger.getLogger(TaskWorker.class);

  /** Node-side failure reason of a task whose node stopped while it ran. */
  static final String NODE_RESTARTED =
      "NODE_RESTARTED: the node stopped while this task was running; its session was lost and no"
          + " result was produced";

  /** This node instance, as recorded on the jobs it claims. */
  private final String worker = "node-" + UUID.randomUUID();

  @Inject TaskJobs jobs;
  @Inject Outbox outbox;
  @Inject SessionRunner sessions;
  @Inject KeyVault keys;
  @Inject EnclaveJobRunner teeJobs;
  @Inject Withdrawals withdrawals;
  @Inject ReleasePause pause;
  @Inject TaskPhases phases;

  private volatile boolean paused;

  /** The rights each running task uses ({@code grant:<id>}, {@code asset:<id>}), by task id. */
  private final Map<String, Set<String>> running = new ConcurrentHashMap<>();

  /** Why a running task's session was aborted (a withdrawn right), by task id. */
  private final Map<String, String> aborted = new ConcurrentHashMap<>();

  /** The projector's notice, inside its transaction (a synchronous CDI event). */
  void withdrawn(@Observes RightWithdrawn withdrawn) {
    onWithdrawn(withdrawn.kind().label(), withdrawn.id());
  }

  /**
   * A grant was revoked ({@code kind} "grant") or an asset destroyed ("asset") on the ledger:
   * aborts the sessions of the running tasks that use it. Their failure is then recorded with the
   * withdrawal as its reason. Called by the projector for every such event.
   */
  public void onWithdrawn(String kind, String id) {
    String key = kind + ":" + id;
    for (Map.Entry<String, Set<String>> task : running.entrySet()) {
      if (!task.getValue().contains(key)) {
        continue;
      }
      String reason =
          ("grant".equals(kind) ? "GRANT_REVOKED: grant '" : "ASSET_DESTROYED: asset '")
              + id
              + ("grant".equals(kind) ? "' was revoked" : "' was destroyed")
              + " while task "
              + task.getKey()
              + " ran; its session was aborted and no result was released";
      aborted.put(task.getKey(), reason);
      if (sessions.abort(task.getKey(), reason)) {
        LOG.infof("task %s: %s", task.getKey(), reason);
      }
    }
  }

  void onStart(@Observes @Priority(50) StartupEvent event) {
    recoverOrphans();
  }

  void onStop(@Observes ShutdownEvent event) {
    // The database goes away with the node: stop claiming before it does.
    paused = true;
  }

  /**
   * Fails the tasks another (killed) instance of this node left running: their sessions died with
   * it, so they can never produce a result. One node per database (the data directory lock).
   */
  public void recoverOrphans() {
    for (String taskId : jobs.orphans(worker)) {
      LOG.warnf("task %s was left running by a stopped node; recording its failure", taskId);
      outbox.deliver(jobs.fail(taskId, NODE_RESTARTED));
    }
  }

  @Scheduled(
      every = "${mitai.tasks.poll-every:1s}",
      delayed = "1s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void poll() {
    if (paused) {
      return;
    }
    for (String taskId : jobs.settled()) {
      jobs.settleSubmission(taskId);
    }
    while (!paused) {
      Optional<TaskJobs.Claim> claim = jobs.claimNext(worker);
      if (claim.isEmpty()) {
        return;
      }
      execute(claim.get());
    }
  }

  /** Maintenance switch: stops claiming new jobs (a running one finishes) until resumed. */
  public void pause() {
    paused = true;
  }

  public void resume() {
    paused = false;
  }

  /** Runs one claimed task to its end: a stored result, or a recorded failure. */
  void execute(TaskJobs.Claim claim) {
    String taskId = claim.taskId();
    phases.enter(taskId, TaskPhases.Phase.STARTING);
    try {
      run(claim);
    } finally {
      phases.clear(taskId);
    }
  }

  private void run(TaskJobs.Claim claim) {
    String taskId = claim.taskId();
    LedgerWrite started = outbox.deliver(claim.startedTx());
    if (started.refusal().isPresent()) {
      // The ledger will not let it run (e.g. it is already FAILED): nothing more to record.
      jobs.abandon(taskId, "the ledger refused RecordTaskStarted: " + started.refusal().get());
      return;
    }
    if (!started.isDone()) {
      jobs.release(taskId);
      return;
    }
    Optional<Task> record = started.record(Task.class);
    Optional<Integer> floor = record.map(Task::minGroupSize);
    running.put(taskId, rights(record));
    String finish;
    try {
      finish = complete(claim.plan(), floor);
    } catch (SessionRunner.Failed e) {
      // A session that failed because a right was withdrawn records the withdrawal.
      String reason =
          Optional.ofNullable(aborted.get(taskId))
              .or(() -> withdrawals.check(claim.plan().requester(), taskId))
              .orElse(e.failure().ledgerReason());
      LOG.infof("task %s failed: %s", taskId, reason);
      finish = jobs.fail(taskId, reason);
    } catch (RuntimeException e) {
      LOG.error("task " + taskId + " failed unexpectedly", e);
      finish =
          jobs.fail(taskId, "INTERNAL_ERROR (5099): the node failed: " + e.getClass().getName());
    } finally {
      running.remove(taskId);
      aborted.remove(taskId);
    }
    phases.enter(taskId, TaskPhases.Phase.RECORDING);
    LedgerWrite done = outbox.deliver(finish);
    if (done.refusal().isPresent() && Withdrawals.isWithdrawal(done.refusal().get().getMessage())) {
      // A revocation landed between the check below and RecordTaskResult: the chaincode refused
      // the result, so it is deleted and the task recorded FAILED.
      String reason =
          withdrawals
              .check(claim.plan().requester(), taskId)
              .orElse("GRANT_REVOKED: " + done.refusal().get().getMessage());
      LOG.infof("task %s: the ledger refused its result: %s", taskId, reason);
      outbox.deliver(jobs.withdraw(taskId, reason));
    }
  }

  private String complete(TaskPlan plan, Optional<Integer> floor) throws SessionRunner.Failed {
    if (plan.tee().isPresent()) {
      phases.enter(plan.taskId(), TaskPhases.Phase.ENCLAVE);
      return teeJobs.complete(plan);
    }
    SessionRunner.Outcome outcome = sessions.run(plan, floor);
    phases.enter(plan.taskId(), TaskPhases.Phase.SEALING);
    OperationResult result = outcome.result();
    // The output exists only in this node's memory: before it is sealed, stored or recorded, ask
    // the ledger whether the owners still allow it (a revocation or destruction ends the task).
    pause.pass(ReleasePause.Point.BEFORE_RELEASE, plan.taskId());
    Optional<String> withdrawn = withdrawals.check(plan.requester(), plan.taskId());
    if (withdrawn.isPresent()) {
      LOG.infof("task %s: %s", plan.taskId(), withdrawn.get());
      return jobs.fail(plan.taskId(), withdrawn.get());
    }
    byte[] document = DocumentJson.encode(ResultSealer.document(plan.taskId(), result));
    ResultSealer.SealedResult sealed =
        ResultSealer.seal(
            document, keys.resultKey(plan.requester()).publicKey(), aad(plan.taskId()));
    StoredResult stored = new StoredResult();
    stored.taskId = plan.taskId();
    stored.requester = plan.requester();
    stored.enc = sealed.enc();
    stored.ciphertext = sealed.ciphertext();
    stored.resultHash = DocumentValues.sha256Hex(document);
    stored.createdAt = Instant.now();
    TaskResultRequest request =
        new TaskResultRequest(
            plan.taskId(),
            stored.resultHash,
            outcome.dealer().map(d -> d.evidenceSha256()).orElse(null),
            List.of(plan.requester()),
            tripleSource(result, plan, outcome.dealer()).orElse(null));
    return jobs.succeed(plan.taskId(), stored, request);
  }

  /** The grants and assets a started task uses, from its ledger record. */
  private static Set<String> rights(Optional<Task> started) {
    Set<String> rights = new HashSet<>();
    started.ifPresent(
        task -> {
          for (TaskInput i : task.inputs()) {
            rights.add("asset:" + i.assetId());
            if (i.grantId() != null) {
              rights.add("grant:" + i.grantId());
            }
          }
        });
    return rights;
  }

  /**
   * JOINT_STATS names its Beaver-triple source on the ledger: the dealing organisation, or the
   * attested enclave with its assurance and measurement (its evidence hash goes into {@code
   * attestationHash}).
   */
  static Optional<String> tripleSource(
      OperationResult result, TaskPlan plan, Optional<AttestedDealer.Attested> enclave) {
    if (result instanceof JointStatsResult j) {
      if (j.tripleSource() == TripleSource.NONE) {
        return Optional.of(TripleSource.NONE.name());
      }
      return Optional.of(
          enclave
              .map(AttestedDealer.Attested::tripleSource)
              .orElse(j.tripleSource().name() + " dealer=" + plan.dealer().orElse("?")));
    }
    return Optional.empty();
  }

  /** The HPKE associated data of a sealed result: its task id, so a result cannot be swapped. */
  static byte[] aad(String taskId) {
    return ("mitai-result-v1|" + taskId).getBytes(StandardCharsets.UTF_8);
  }
}
