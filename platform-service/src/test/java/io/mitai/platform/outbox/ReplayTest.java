package io.mitai.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.contract.Tx;
import io.mitai.contract.json.RecordJson;
import io.mitai.contract.model.Assurance;
import io.mitai.contract.model.Grant;
import io.mitai.contract.model.GrantStatus;
import io.mitai.contract.model.Operation;
import io.mitai.contract.model.Task;
import io.mitai.contract.model.TaskInput;
import io.mitai.contract.model.TaskInputRequest;
import io.mitai.contract.model.TaskRequest;
import io.mitai.contract.model.TaskResultRequest;
import io.mitai.contract.model.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * A retried write that the ledger refuses as a replay is DONE only if the ledger shows exactly what
 * that write leaves behind; anything else stays a refusal. Arguments and records are the contract's
 * own types in their canonical JSON.
 */
class ReplayTest {

  private static final String HASH_AB = "ab".repeat(32);
  private static final String HASH_CD = "cd".repeat(32);
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  /** A ledger holding these records, keyed "ReadX id". */
  static BiFunction<Tx, String, Optional<String>> ledger(Map<String, String> records) {
    return (tx, id) -> Optional.ofNullable(records.get(tx.txName() + " " + id));
  }

  static String task(String id, TaskStatus status, String resultHash, String failureReason) {
    return RecordJson.toJson(
        new Task(
            id,
            "org1",
            Operation.PSI,
            List.of(
                new TaskInput("a1", "org1", null, List.of("email")),
                new TaskInput("a2", "org2", "g-1", List.of("email"))),
            HASH_AB,
            null,
            "ECDH-PSI/X25519",
            Assurance.MPC_SEMI_HONEST,
            List.of(),
            List.of("org1"),
            null,
            status,
            null,
            resultHash,
            null,
            null,
            failureReason,
            T0,
            T0));
  }

  static String grant(GrantStatus status, String revokedReason) {
    return RecordJson.toJson(
        new Grant(
            "g-1",
            "a2",
            "org2",
            "org1",
            List.of(Operation.PSI),
            List.of("email"),
            "fraud screening",
            "",
            T0,
            T0.plusSeconds(3600),
            10,
            1,
            Assurance.MPC_SEMI_HONEST,
            null,
            List.of(),
            List.of("org1"),
            status,
            revokedReason,
            T0,
            T0));
  }

  static String submission(String taskId) {
    return RecordJson.toJson(
        new TaskRequest(
            taskId,
            Operation.PSI,
            List.of(
                new TaskInputRequest("a1", null, List.of("email")),
                new TaskInputRequest("a2", null, List.of("email"))),
            HASH_AB,
            null,
            "ECDH-PSI/X25519",
            Assurance.MPC_SEMI_HONEST,
            null,
            null));
  }

  @Test
  void a_create_landed_if_the_record_with_its_node_generated_id_exists() {
    String task = task("task-1", TaskStatus.SUBMITTED, null, null);
    var read = ledger(Map.of("ReadTask task-1", task));
    assertThat(Replay.landed(Tx.SUBMIT_TASK, List.of(submission("task-1")), read)).contains(task);
    assertThat(Replay.landed(Tx.SUBMIT_TASK, List.of(submission("task-2")), read)).isEmpty();
    // Arguments that are not the request cannot tell (the ledger would not call them a replay).
    assertThat(Replay.landed(Tx.SUBMIT_TASK, List.of("{\"id\":\"task-1\"}"), read)).isEmpty();
    assertThat(Replay.landed(Tx.SUBMIT_TASK, List.of("{}"), read)).isEmpty();
  }

  @Test
  void a_transition_landed_only_in_its_target_state_with_its_own_reason_or_result() {
    var read =
        ledger(
            Map.of(
                "ReadGrant g-1", grant(GrantStatus.REVOKED, "project ended"),
                "ReadTask t-1", task("t-1", TaskStatus.SUCCEEDED, HASH_AB, null),
                "ReadTask t-2", task("t-2", TaskStatus.FAILED, null, "TIMEOUT")));
    assertThat(Replay.landed(Tx.REVOKE_GRANT, List.of("g-1", "project ended"), read)).isPresent();
    assertThat(Replay.landed(Tx.REVOKE_GRANT, List.of("g-1", "another reason"), read)).isEmpty();
    assertThat(
            Replay.landed(
                Tx.RECORD_TASK_RESULT,
                List.of(RecordJson.toJson(new TaskResultRequest("t-1", HASH_AB, null, null, null))),
                read))
        .isPresent();
    assertThat(
            Replay.landed(
                Tx.RECORD_TASK_RESULT,
                List.of(RecordJson.toJson(new TaskResultRequest("t-1", HASH_CD, null, null, null))),
                read))
        .isEmpty();
    assertThat(Replay.landed(Tx.RECORD_TASK_FAILURE, List.of("t-2", "TIMEOUT"), read)).isPresent();
    // A task another party failed was not started by this write.
    assertThat(Replay.landed(Tx.RECORD_TASK_STARTED, List.of("t-2"), read)).isEmpty();
    assertThat(Replay.landed(Tx.RECORD_TASK_STARTED, List.of("t-1"), read)).isEmpty();
  }

  @Test
  void an_active_grant_was_not_revoked_by_the_write() {
    var read = ledger(Map.of("ReadGrant g-1", grant(GrantStatus.ACTIVE, null)));
    assertThat(Replay.landed(Tx.REVOKE_GRANT, List.of("g-1", "project ended"), read)).isEmpty();
  }

  @Test
  void writes_that_update_in_place_are_never_taken_for_replays() {
    var read = ledger(Map.of("ReadOrganisation org1", "{\"id\":\"org1\"}"));
    assertThat(Replay.landed(Tx.REGISTER_ORGANISATION, List.of("{\"id\":\"org1\"}"), read))
        .isEmpty();
  }

  @Test
  void a_key_release_landed_when_the_ledger_lists_that_decision_for_that_input() {
    io.mitai.contract.model.KeyReleaseRequest released =
        new io.mitai.contract.model.KeyReleaseRequest(
            "t-1", 1, io.mitai.contract.model.KeyReleaseDecision.RELEASED, HASH_AB, null, null);
    String recorded =
        RecordJson.toJson(
            List.of(
                new io.mitai.contract.model.KeyRelease(
                    "t-1",
                    1,
                    "org2",
                    io.mitai.contract.model.KeyReleaseDecision.RELEASED,
                    HASH_AB,
                    null,
                    null,
                    T0)));
    List<String> args = List.of(RecordJson.toJson(released));

    assertThat(
            Replay.landed(
                Tx.RECORD_KEY_RELEASE, args, ledger(Map.of("ListKeyReleases t-1", recorded))))
        .isPresent();
    assertThat(
            Replay.landed(
                Tx.RECORD_KEY_RELEASE,
                List.of(
                    RecordJson.toJson(
                        new io.mitai.contract.model.KeyReleaseRequest(
                            "t-1",
                            1,
                            io.mitai.contract.model.KeyReleaseDecision.RELEASED,
                            HASH_CD,
                            null,
                            null))),
                ledger(Map.of("ListKeyReleases t-1", recorded))))
        .as("another evidence was recorded: not this write")
        .isEmpty();
    assertThat(Replay.landed(Tx.RECORD_KEY_RELEASE, args, ledger(Map.of()))).isEmpty();
  }
}
