package io.mitai.platform.task;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mitai.compute.deliver.CanonicalJson;
import io.mitai.compute.deliver.ResultSealer;
import io.mitai.compute.ops.JointStatsResult;
import io.mitai.compute.ops.OperationResult;
import io.mitai.compute.ops.TripleSource;
import io.mitai.platform.keys.KeyVault;
import io.mitai.platform.outbox.LedgerWrite;
import io.mitai.platform.outbox.Outbox;
import io.mitai.platform.task.domain.CanonicalValues;
import io.mitai.platform.task.domain.TaskPlan;
import io.mitai.platform.task.persistence.StoredResult;
import io.mitai.platform.task.session.SessionRunner;
import io.mitai.platform.tee.EnclaveDealer;
import io.mitai.platform.tee.TeeJobRunner;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
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
  @Inject ObjectMapper json;
  @Inject TeeJobRunner teeJobs;
  @Inject TaskPhases phases;

  private volatile boolean paused;

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
    String finish;
    try {
      finish = complete(claim.plan());
    } catch (SessionRunner.Failed e) {
      LOG.infof("task %s failed: %s", taskId, e.failure().ledgerReason());
      finish = jobs.fail(taskId, e.failure().ledgerReason());
    } catch (RuntimeException e) {
      LOG.error("task " + taskId + " failed unexpectedly", e);
      finish =
          jobs.fail(taskId, "INTERNAL_ERROR (5099): the node failed: " + e.getClass().getName());
    }
    phases.enter(taskId, TaskPhases.Phase.RECORDING);
    outbox.deliver(finish);
  }

  private String complete(TaskPlan plan) throws SessionRunner.Failed {
    if (plan.tee().isPresent()) {
      phases.enter(plan.taskId(), TaskPhases.Phase.ENCLAVE);
      return teeJobs.complete(plan);
    }
    SessionRunner.Outcome outcome = sessions.run(plan);
    phases.enter(plan.taskId(), TaskPhases.Phase.SEALING);
    OperationResult result = outcome.result();
    byte[] document = CanonicalJson.encode(ResultSealer.document(plan.taskId(), result));
    ResultSealer.SealedResult sealed =
        ResultSealer.seal(
            document, keys.resultKey(plan.requester()).publicKey(), aad(plan.taskId()));
    StoredResult stored = new StoredResult();
    stored.taskId = plan.taskId();
    stored.requester = plan.requester();
    stored.enc = sealed.enc();
    stored.ciphertext = sealed.ciphertext();
    stored.resultHash = CanonicalValues.sha256Hex(document);
    stored.createdAt = Instant.now();
    ObjectNode request = json.createObjectNode();
    request.put("taskId", plan.taskId());
    request.put("resultHash", stored.resultHash);
    request.putArray("resultRecipients").add(plan.requester());
    tripleSource(result, plan, outcome.dealer()).ifPresent(s -> request.put("tripleSource", s));
    outcome.dealer().ifPresent(d -> request.put("attestationHash", d.evidenceSha256()));
    return jobs.succeed(plan.taskId(), stored, request.toString());
  }

  /**
   * JOINT_STATS names its Beaver-triple source on the ledger: the dealing organisation, or the
   * attested enclave with its assurance and measurement (its evidence hash goes into {@code
   * attestationHash}).
   */
  static Optional<String> tripleSource(
      OperationResult result, TaskPlan plan, Optional<EnclaveDealer.Attested> enclave) {
    if (result instanceof JointStatsResult j) {
      if (j.tripleSource() == TripleSource.NONE) {
        return Optional.of(TripleSource.NONE.name());
      }
      return Optional.of(
          enclave
              .map(EnclaveDealer.Attested::tripleSource)
              .orElse(j.tripleSource().name() + " dealer=" + plan.dealer().orElse("?")));
    }
    return Optional.empty();
  }

  /** The HPKE associated data of a sealed result: its task id, so a result cannot be swapped. */
  static byte[] aad(String taskId) {
    return ("mitai-result-v1|" + taskId).getBytes(StandardCharsets.UTF_8);
  }
}
