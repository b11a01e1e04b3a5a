package io.mitai.platform.task;

import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.ledger.TaskStartedOnLedger;
import io.mitai.platform.task.domain.LedgerTask;
import io.mitai.platform.task.domain.TaskPlan;
import io.mitai.platform.task.persistence.JobKind;
import io.mitai.platform.task.persistence.JobState;
import io.mitai.platform.task.persistence.PartyJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The table of this node's parts in sessions led by other nodes, and its transitions: each runs in
 * its own database transaction and goes through {@link #move}, the only place a state is written (a
 * move of the one job state machine, {@link JobKind#PARTY}).
 */
@ApplicationScoped
public class PartyJobs {

  @Inject HostedOrganisations hosted;
  @Inject EntityManager em;

  /** The projector's notice, inside its transaction (a synchronous CDI event). */
  void taskStarted(@Observes TaskStartedOnLedger started) {
    onTaskStarted(LedgerTask.of(started.task()));
  }

  /**
   * Queues this node's part in a task the ledger now reports RUNNING, if another node's requester
   * leads it and an organisation hosted here owns one of its inputs. Runs inside the projection's
   * transaction (so it happens once per task, together with the checkpoint).
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void onTaskStarted(LedgerTask task) {
    if (hosted.hosts(task.requester())) {
      return;
    }
    Optional<String> owner =
        task.inputs().stream().map(TaskPlan.Input::owner).filter(hosted::hosts).findFirst();
    if (owner.isEmpty()) {
      return;
    }
    em.createNativeQuery(
            "insert into party_job (task_id, org_id, requester, state, created_at, updated_at)"
                + " values (?1, ?2, ?3, 'QUEUED', now(), now()) on conflict (task_id) do nothing")
        .setParameter(1, task.id())
        .setParameter(2, owner.get())
        .setParameter(3, task.requester())
        .executeUpdate();
  }

  /** Claims the oldest queued part, skipping rows another worker holds. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Optional<PartyJob> claimNext(String worker) {
    @SuppressWarnings("unchecked")
    List<String> ids =
        em.createNativeQuery(
                "select task_id from party_job where state = 'QUEUED'"
                    + " order by created_at limit 1 for update skip locked")
            .getResultList();
    if (ids.isEmpty()) {
      return Optional.empty();
    }
    PartyJob job = PartyJob.findById(ids.get(0)); // locked by the select above
    job.claimedBy = worker;
    move(job, JobState.CLAIMED);
    return Optional.of(job);
  }

  /** The ledger could not be read: give the part back to the queue. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void requeue(String taskId) {
    PartyJob job = locked(taskId);
    job.claimedBy = null;
    move(job, JobState.QUEUED);
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void skip(String taskId, String why) {
    PartyJob job = locked(taskId);
    job.lastError = why;
    move(job, JobState.SKIPPED);
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void finish(String taskId, Optional<String> failure) {
    PartyJob job = locked(taskId);
    job.lastError = failure.orElse(null);
    move(job, failure.isPresent() ? JobState.FAILED : JobState.DONE);
  }

  /**
   * Ends the parts another (killed) instance of this node left running: their sessions died with
   * it; the requester's node records the task's failure.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public List<String> failOrphans(String worker, String why) {
    List<PartyJob> orphans =
        PartyJob.<PartyJob>list("state = ?1", JobState.CLAIMED).stream()
            .filter(j -> !worker.equals(j.claimedBy))
            .toList();
    for (PartyJob job : orphans) {
      job.lastError = why;
      move(job, JobState.FAILED);
    }
    return orphans.stream().map(j -> j.taskId).toList();
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<PartyJob> find(String taskId) {
    return PartyJob.findByIdOptional(taskId);
  }

  private static PartyJob locked(String taskId) {
    return PartyJob.findById(taskId, LockModeType.PESSIMISTIC_WRITE);
  }

  /** The only place a party job's state changes: a move of {@link JobKind#PARTY}. */
  private static void move(PartyJob job, JobState next) {
    job.state = JobKind.PARTY.move(job.taskId, job.state, next);
    job.updatedAt = Instant.now();
  }
}
