package io.mitai.platform.task;

import io.mitai.compute.session.PartyId;
import io.mitai.contract.Tx;
import io.mitai.contract.model.Task;
import io.mitai.ledger.LedgerException;
import io.mitai.platform.ledger.ContractReads;
import io.mitai.platform.outbox.ContractLedger;
import io.mitai.platform.outbox.LedgerWrite;
import io.mitai.platform.task.domain.LedgerTask;
import io.mitai.platform.task.persistence.PartyJob;
import io.mitai.platform.task.session.SessionRunner;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Runs this node's parts in sessions led by other nodes (federation): claims a queued part, checks
 * that the ledger still reports the task RUNNING, and joins the session as the hosted input owner —
 * or, for a TEE_JOB at a compute centre, decides and carries out the owner's key release there
 * ({@link CentreKeyRelease}). The requester's node records the outcome; a part that fails here
 * makes its session fail there.
 */
@ApplicationScoped
public class PartyWorker {

  private static final Logger LOG = Logger.getLogger(PartyWorker.class);

  private final String worker = "node-" + UUID.randomUUID();

  @Inject PartyJobs jobs;
  @Inject SessionRunner sessions;
  @Inject ContractReads reads;
  @Inject Withdrawals withdrawals;
  @Inject ContractLedger contract;
  @Inject CentreKeyRelease centreRelease;

  private volatile boolean paused;

  void onStart(@Observes @Priority(50) StartupEvent event) {
    for (String taskId : jobs.failOrphans(worker, TaskWorker.NODE_RESTARTED)) {
      LOG.warnf("this node's part in task %s was lost when the node stopped", taskId);
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    paused = true;
  }

  @Scheduled(
      every = "${mitai.tasks.poll-every:1s}",
      delayed = "1s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void poll() {
    while (!paused) {
      Optional<PartyJob> claim = jobs.claimNext(worker);
      if (claim.isEmpty()) {
        return;
      }
      if (!join(claim.get())) {
        return;
      }
    }
  }

  /** Runs one part; false if it went back to the queue (try again at the next poll). */
  private boolean join(PartyJob job) {
    // The ledger itself, not the projection: a node catching up replays TaskStarted before it
    // reaches the task's end.
    Optional<LedgerTask> task;
    Task record;
    try {
      record = reads.read(job.orgId, Tx.READ_TASK, job.taskId, Task.class);
      task = Optional.of(LedgerTask.of(record));
    } catch (LedgerException e) {
      LOG.infof(
          "task %s: the ledger cannot be read now (%s); retrying", job.taskId, e.getMessage());
      jobs.requeue(job.taskId);
      return false;
    }
    if (!task.get().isRunning()) {
      jobs.skip(job.taskId, "the task is " + task.get().status() + " on the ledger, not RUNNING");
      return true;
    }
    // The owner's own check: a grant revoked (or an asset destroyed) since the task was admitted
    // keeps this party out of the session, so the requester gets nothing from it.
    Optional<String> withdrawn = withdrawals.check(job.orgId, job.taskId);
    if (withdrawn.isPresent()) {
      // The owner is a participant: it records the task FAILED itself (the requester's session
      // then ends without this party, and its own failure record is refused as a second one).
      LedgerWrite failed = contract.recordTaskFailure(job.orgId, job.taskId, withdrawn.get());
      LOG.infof("task %s: %s (RecordTaskFailure %s)", job.taskId, withdrawn.get(), failed.state());
      jobs.skip(job.taskId, withdrawn.get());
      return true;
    }
    if (record.computeCentre() != null) {
      // A compute centre's job: this owner attaches to the centre's worker and decides its release.
      Optional<String> refused = centreRelease.release(job.orgId, record);
      if (refused.isPresent()) {
        LedgerWrite failed = contract.recordTaskFailure(job.orgId, job.taskId, refused.get());
        LOG.infof(
            "task %s: %s released no key (RecordTaskFailure %s)",
            job.taskId, job.orgId, failed.state());
      }
      jobs.finish(job.taskId, refused);
      return true;
    }
    try {
      sessions.join(PartyId.of(job.orgId), task.get());
      LOG.infof("task %s: %s's part is done", job.taskId, job.orgId);
      jobs.finish(job.taskId, Optional.empty());
    } catch (SessionRunner.Failed e) {
      LOG.infof("task %s: %s's part failed: %s", job.taskId, job.orgId, e.getMessage());
      jobs.finish(job.taskId, Optional.of(e.failure().ledgerReason()));
    } catch (RuntimeException e) {
      LOG.error("task " + job.taskId + ": this node's part failed unexpectedly", e);
      jobs.finish(job.taskId, Optional.of("INTERNAL_ERROR: " + e.getClass().getName()));
    }
    return true;
  }
}
