package io.mitai.platform.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Task helpers shared by the end-to-end tests: inputs, and waiting for a task's end. */
public final class Tasks {

  private Tasks() {}

  /** One task input: an asset and the columns the task uses. */
  public static Map<String, Object> input(String assetId, String... columns) {
    return Map.of("assetId", assetId, "columns", List.of(columns));
  }

  /** Waits until the task is terminal on the ledger and returns its view. */
  public static JsonPath finished(String user, String taskId) {
    Set<String> terminal = Set.of("SUCCEEDED", "FAILED", "REJECTED");
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                terminal.contains(
                    Api.as(user).get("/api/v1/tasks/" + taskId).then().extract().path("status")));
    return Api.as(user).get("/api/v1/tasks/" + taskId).then().statusCode(200).extract().jsonPath();
  }

  /** Waits until the task is terminal and asserts it SUCCEEDED (else shows its failure). */
  public static JsonPath succeeded(String user, String taskId) {
    JsonPath task = finished(user, taskId);
    assertThat(task.getString("status"))
        .as("task %s failed: %s", taskId, task.getString("failureReason"))
        .isEqualTo("SUCCEEDED");
    return task;
  }
}
