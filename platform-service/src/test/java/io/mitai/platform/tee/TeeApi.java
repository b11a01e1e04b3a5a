package io.mitai.platform.tee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mitai.platform.support.Api;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** REST helpers of the TEE end-to-end tests. */
final class TeeApi {
  static final String PROBLEMS = "https://mitai.io/problems/";

  private TeeApi() {}

  static String grant(
      RequestSpecification as,
      String assetId,
      String grantee,
      List<String> columns,
      String minAssurance,
      List<String> algorithms) {
    Map<String, Object> body = new HashMap<>();
    body.put("assetId", assetId);
    body.put("grantee", grantee);
    body.put("operations", List.of("TEE_JOB"));
    body.put("columns", columns);
    body.put("purpose", "churn analysis in an enclave");
    body.put("validUntil", "2099-01-01T00:00:00Z");
    body.put("maxUses", 20);
    body.put("minAssurance", minAssurance);
    body.put("algorithms", algorithms);
    return as.contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/grants")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  static Map<String, Object> input(String assetId, String... columns) {
    return Map.of("assetId", assetId, "columns", List.of(columns));
  }

  static ValidatableResponse submit(
      RequestSpecification as, List<Map<String, Object>> inputs, Map<String, Object> params) {
    Map<String, Object> body = new HashMap<>();
    body.put("operation", "TEE_JOB");
    body.put("inputs", inputs);
    body.put("params", params);
    return as.contentType(ContentType.JSON).body(body).post("/api/v1/tasks").then();
  }

  static String accepted(
      RequestSpecification as, List<Map<String, Object>> inputs, Map<String, Object> params) {
    return submit(as, inputs, params).statusCode(202).extract().path("id");
  }

  static JsonPath finished(String user, String taskId) {
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

  static JsonPath succeeded(String user, String taskId) {
    JsonPath task = finished(user, taskId);
    assertThat(task.getString("status"))
        .as("task %s failed: %s", taskId, task.getString("failureReason"))
        .isEqualTo("SUCCEEDED");
    return task;
  }
}
