package io.mitai.chaincode.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.contract.model.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskStatusMachineTest {

  @Test
  void allows_exactly_the_documented_transitions() {
    List<String> allowed = new ArrayList<>();
    for (TaskStatus from : TaskStatus.values()) {
      for (TaskStatus to : TaskStatus.values()) {
        if (from.canMoveTo(to)) {
          allowed.add(from + "->" + to);
        }
      }
    }

    assertThat(allowed)
        .containsExactlyInAnyOrder(
            "SUBMITTED->RUNNING", "SUBMITTED->FAILED", "RUNNING->SUCCEEDED", "RUNNING->FAILED");
  }

  @Test
  void rejected_succeeded_and_failed_are_terminal() {
    for (TaskStatus status : TaskStatus.values()) {
      boolean hasExit = false;
      for (TaskStatus to : TaskStatus.values()) {
        hasExit |= status.canMoveTo(to);
      }
      assertThat(status.isTerminal()).as(status.name()).isEqualTo(!hasExit);
    }
    assertThat(List.of(TaskStatus.values()).stream().filter(TaskStatus::isTerminal))
        .containsExactly(TaskStatus.SUCCEEDED, TaskStatus.FAILED, TaskStatus.REJECTED);
  }
}
