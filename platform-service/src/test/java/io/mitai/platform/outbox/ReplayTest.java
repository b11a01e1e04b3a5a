package io.mitai.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * A retried write that the ledger refuses as a replay is DONE only if the ledger shows exactly what
 * that write leaves behind; anything else stays a refusal.
 */
class ReplayTest {

  /** A ledger holding these records, keyed "Function id". */
  static BiFunction<String, String, Optional<String>> ledger(Map<String, String> records) {
    return (function, id) -> Optional.ofNullable(records.get(function + " " + id));
  }

  @Test
  void a_create_landed_if_the_record_with_its_node_generated_id_exists() {
    String task = "{\"id\":\"task-1\",\"status\":\"SUBMITTED\"}";
    var read = ledger(Map.of("ReadTask task-1", task));
    assertThat(Replay.landed("SubmitTask", List.of("{\"id\":\"task-1\"}"), read)).contains(task);
    assertThat(Replay.landed("SubmitTask", List.of("{\"id\":\"task-2\"}"), read)).isEmpty();
    assertThat(Replay.landed("SubmitTask", List.of("{}"), read)).isEmpty();
  }

  @Test
  void a_transition_landed_only_in_its_target_state_with_its_own_reason_or_result() {
    var read =
        ledger(
            Map.of(
                "ReadGrant g-1", "{\"status\":\"REVOKED\",\"revokedReason\":\"project ended\"}",
                "ReadTask t-1", "{\"status\":\"SUCCEEDED\",\"resultHash\":\"ab\"}",
                "ReadTask t-2", "{\"status\":\"FAILED\",\"failureReason\":\"TIMEOUT\"}"));
    assertThat(Replay.landed("RevokeGrant", List.of("g-1", "project ended"), read)).isPresent();
    assertThat(Replay.landed("RevokeGrant", List.of("g-1", "another reason"), read)).isEmpty();
    assertThat(
            Replay.landed(
                "RecordTaskResult", List.of("{\"taskId\":\"t-1\",\"resultHash\":\"ab\"}"), read))
        .isPresent();
    assertThat(
            Replay.landed(
                "RecordTaskResult", List.of("{\"taskId\":\"t-1\",\"resultHash\":\"cd\"}"), read))
        .isEmpty();
    assertThat(Replay.landed("RecordTaskFailure", List.of("t-2", "TIMEOUT"), read)).isPresent();
    // A task another party failed was not started by this write.
    assertThat(Replay.landed("RecordTaskStarted", List.of("t-2"), read)).isEmpty();
    assertThat(Replay.landed("RecordTaskStarted", List.of("t-1"), read)).isEmpty();
  }

  @Test
  void writes_that_update_in_place_are_never_taken_for_replays() {
    var read = ledger(Map.of("ReadOrganisation org1", "{\"id\":\"org1\"}"));
    assertThat(Replay.landed("RegisterOrganisation", List.of("{\"id\":\"org1\"}"), read)).isEmpty();
  }
}
