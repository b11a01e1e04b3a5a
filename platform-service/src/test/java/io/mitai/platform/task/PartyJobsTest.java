package io.mitai.platform.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.contract.model.Assurance;
import io.mitai.contract.model.Operation;
import io.mitai.contract.model.Task;
import io.mitai.contract.model.TaskInput;
import io.mitai.contract.model.TaskStatus;
import io.mitai.platform.ledger.TaskStartedOnLedger;
import io.mitai.platform.task.persistence.JobState;
import io.mitai.platform.task.persistence.PartyJob;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A party job in the one job state machine: its CLAIMED state is still the {@code RUNNING} that
 * {@code party_job} has always stored, and is found and moved as such; and it is queued by the
 * projector's {@link TaskStartedOnLedger} event, in the projector's transaction.
 */
@QuarkusTest
class PartyJobsTest {

  @Inject PartyJobs jobs;
  @Inject EntityManager em;
  @Inject Event<TaskStartedOnLedger> taskStarted;

  @Test
  void a_claimed_part_is_stored_as_running_and_a_gone_instances_part_fails_at_start() {
    String taskId = "party-" + UUID.randomUUID();
    // Claimed by an instance of this node that no longer runs (the worker only claims QUEUED rows).
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              PartyJob job = new PartyJob();
              job.taskId = taskId;
              job.orgId = "org1";
              job.requester = "org9";
              job.state = JobState.CLAIMED;
              job.claimedBy = "node-gone";
              job.createdAt = Instant.now();
              job.updatedAt = job.createdAt;
              job.persist();
            });
    assertThat(column(taskId)).isEqualTo("RUNNING");
    assertThat(read(taskId).state).isEqualTo(JobState.CLAIMED);

    assertThat(jobs.failOrphans("node-here", "NODE_RESTARTED")).contains(taskId);

    assertThat(column(taskId)).isEqualTo("FAILED");
    PartyJob failed = read(taskId);
    assertThat(failed.state).isEqualTo(JobState.FAILED);
    assertThat(failed.lastError).isEqualTo("NODE_RESTARTED");
  }

  @Test
  void the_projectors_task_started_event_queues_a_part_in_its_own_transaction() throws Exception {
    String ours = "party-" + UUID.randomUUID();
    String own = "party-" + UUID.randomUUID();
    Map<String, List<?>> rows;
    QuarkusTransaction.begin();
    try {
      // Another node's requester (org9) with an input owned here (org1): queued.
      taskStarted.fire(new TaskStartedOnLedger(task(ours, "org9", "org1")));
      // This node's own requester leads its task itself: nothing queued.
      taskStarted.fire(new TaskStartedOnLedger(task(own, "org2", "org1")));
      rows = Map.of(ours, columnInTx(ours), own, columnInTx(own));
    } finally {
      // Never committed: the party worker must not try to join an invented task.
      QuarkusTransaction.rollback();
    }
    assertThat(rows).containsEntry(ours, List.of("QUEUED")).containsEntry(own, List.of());
    assertThat(columnAfter(ours)).isEmpty();
  }

  /** A RUNNING task of {@code requester} with one input owned by {@code owner}. */
  private static Task task(String id, String requester, String owner) {
    Instant now = Instant.parse("2026-01-02T03:04:05Z");
    return new Task(
        id,
        requester,
        Operation.SECURE_AGGREGATE,
        List.of(new TaskInput("a1", owner, "g1", List.of("amount"))),
        "00".repeat(32),
        null,
        "ADDITIVE-SHARES/Z2^64",
        Assurance.MPC_SEMI_HONEST,
        List.of(),
        List.of(requester),
        null,
        TaskStatus.RUNNING,
        null,
        null,
        null,
        null,
        null,
        now,
        now);
  }

  private List<?> columnInTx(String taskId) {
    return em.createNativeQuery("select state from party_job where task_id = ?1")
        .setParameter(1, taskId)
        .getResultList();
  }

  /** The job as a fresh transaction reads it (not the test's request-scoped session). */
  private static PartyJob read(String taskId) {
    return QuarkusTransaction.requiringNew().call(() -> PartyJob.findById(taskId));
  }

  private List<?> columnAfter(String taskId) {
    return QuarkusTransaction.requiringNew().call(() -> columnInTx(taskId));
  }

  private String column(String taskId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                (String)
                    em.createNativeQuery("select state from party_job where task_id = ?1")
                        .setParameter(1, taskId)
                        .getSingleResult());
  }
}
