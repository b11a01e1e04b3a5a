package io.mitai.platform.task.persistence;

import static io.mitai.platform.task.persistence.JobState.AWAITING_LEDGER;
import static io.mitai.platform.task.persistence.JobState.CLAIMED;
import static io.mitai.platform.task.persistence.JobState.DONE;
import static io.mitai.platform.task.persistence.JobState.FAILED;
import static io.mitai.platform.task.persistence.JobState.QUEUED;
import static io.mitai.platform.task.persistence.JobState.REJECTED;
import static io.mitai.platform.task.persistence.JobState.SKIPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.platform.task.persistence.JobState.Transition;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one job state machine allows each kind of job exactly the moves it had before. */
class JobKindTest {

  /** The task job's moves, as {@code TaskJobState.canMoveTo} allowed them. */
  private static final Map<JobState, Set<JobState>> TASK_BEFORE =
      Map.of(
          AWAITING_LEDGER, Set.of(QUEUED, REJECTED, FAILED),
          QUEUED, Set.of(CLAIMED, FAILED),
          CLAIMED, Set.of(QUEUED, DONE, FAILED),
          DONE, Set.of(FAILED));

  /** The party job's moves, as {@code PartyJobState.canMoveTo} allowed them (RUNNING = CLAIMED). */
  private static final Map<JobState, Set<JobState>> PARTY_BEFORE =
      Map.of(QUEUED, Set.of(CLAIMED), CLAIMED, Set.of(QUEUED, DONE, FAILED, SKIPPED));

  @Test
  void each_kind_allows_exactly_the_moves_it_had() {
    assertThat(JobKind.TASK.moves()).isEqualTo(transitions(TASK_BEFORE));
    assertThat(JobKind.PARTY.moves()).isEqualTo(transitions(PARTY_BEFORE));
    for (JobKind kind : JobKind.values()) {
      Map<JobState, Set<JobState>> before = kind == JobKind.TASK ? TASK_BEFORE : PARTY_BEFORE;
      for (JobState from : JobState.values()) {
        for (JobState to : JobState.values()) {
          assertThat(kind.allows(from, to))
              .as("%s %s -> %s", kind, from, to)
              .isEqualTo(before.getOrDefault(from, Set.of()).contains(to));
        }
      }
    }
  }

  @Test
  void each_kind_starts_where_its_rows_are_created_and_uses_only_its_states() {
    assertThat(JobKind.TASK.entry()).isEqualTo(AWAITING_LEDGER);
    assertThat(JobKind.PARTY.entry()).isEqualTo(QUEUED);
    assertThat(JobKind.TASK.states())
        .containsExactlyInAnyOrder(AWAITING_LEDGER, QUEUED, CLAIMED, DONE, FAILED, REJECTED);
    assertThat(JobKind.PARTY.states())
        .containsExactlyInAnyOrder(QUEUED, CLAIMED, DONE, FAILED, SKIPPED);
  }

  @Test
  void a_move_the_kind_does_not_allow_is_refused_naming_the_job() {
    assertThat(JobKind.TASK.move("t1", CLAIMED, DONE)).isEqualTo(DONE);
    assertThatThrownBy(() -> JobKind.PARTY.move("t2", DONE, FAILED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("party job t2 cannot move from DONE to FAILED");
    assertThatThrownBy(() -> JobKind.TASK.move("t3", QUEUED, SKIPPED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("task job t3 cannot move from QUEUED to SKIPPED");
  }

  @Test
  void party_job_rows_keep_their_column_values() {
    PartyJobStateColumn column = new PartyJobStateColumn();
    // The values party_job's check constraint (V3) allows, and nothing else.
    Set<String> stored = new HashSet<>();
    for (JobState state : JobKind.PARTY.states()) {
      String value = column.convertToDatabaseColumn(state);
      stored.add(value);
      assertThat(column.convertToEntityAttribute(value)).isEqualTo(state);
    }
    assertThat(stored).containsExactlyInAnyOrder("QUEUED", "RUNNING", "DONE", "FAILED", "SKIPPED");
  }

  private static Set<Transition> transitions(Map<JobState, Set<JobState>> table) {
    Set<Transition> out = new HashSet<>();
    table.forEach((from, tos) -> tos.forEach(to -> out.add(new Transition(from, to))));
    return out;
  }
}
