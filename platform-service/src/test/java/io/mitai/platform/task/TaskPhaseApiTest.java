package io.mitai.platform.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.platform.support.Api;
import io.mitai.platform.support.Csv;
import io.mitai.platform.support.Tasks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The node-local {@code phase} of a running task in the task view. */
@QuarkusTest
class TaskPhaseApiTest {

  @Test
  void a_running_task_shows_its_phases_in_order_and_none_once_it_is_done() {
    String asset = Csv.uploaded(Api.alice(), "phases", Csv.PEOPLE);
    String taskId =
        Api.alice()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "operation",
                    "SECURE_AGGREGATE",
                    "inputs",
                    List.of(Tasks.input(asset, "balance")),
                    "params",
                    Map.of("aggregates", List.of("SUM"))))
            .post("/api/v1/tasks")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    Set<String> terminal = Set.of("SUCCEEDED", "FAILED", "REJECTED");
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + 90_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonPath view = Api.alice().get("/api/v1/tasks/" + taskId).then().extract().jsonPath();
      String phase = view.getString("phase");
      if (phase != null && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(phase))) {
        seen.add(phase);
      }
      if (terminal.contains(view.getString("status")) && phase == null) {
        break;
      }
    }
    Tasks.succeeded("alice", taskId);
    assertThat(seen).as("phases seen while the task ran").isNotEmpty();
    List<String> order = Arrays.stream(TaskPhases.Phase.values()).map(Enum::name).toList();
    assertThat(seen).allMatch(order::contains);
    assertThat(seen.stream().map(order::indexOf).toList()).isSorted();
    assertThat(
            Api.alice()
                .get("/api/v1/tasks")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("findAll { it.id == '" + taskId + "' }.phase"))
        .containsOnlyNulls();
  }
}
