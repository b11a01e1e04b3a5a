package io.mitai.platform.task;

import static io.mitai.platform.support.Tasks.finished;
import static io.mitai.platform.support.Tasks.input;
import static io.mitai.platform.support.Tasks.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.mitai.platform.support.Api;
import io.mitai.platform.support.Csv;
import io.mitai.platform.task.persistence.StoredResult;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The aggregation floor of grants (finding 5) and revocation during a running task (finding 15),
 * end to end through the REST API: the ledger refuses tasks below a grant's floor, the parties
 * suppress small groups, refuse a key-like groupBy and a tiny JOINT_STATS intersection, and a
 * revocation while a task runs ends it FAILED with no result.
 */
@QuarkusTest
class AggregationFloorApiTest {

  static final String PROBLEMS = "https://mitai.io/problems/";

  @Inject ReleasePause pause;

  /**
   * 40 rows: id (a key), region (north 30 rows, south 6, west 4) and amount = 100 + id, with a
   * distinct marker in every amount so a leaked row would show.
   */
  static String sales(int firstId, int rows) {
    StringBuilder sb = new StringBuilder("id,region,amount\n");
    for (int i = 0; i < rows; i++) {
      int id = firstId + i;
      String region = i < 30 ? "north" : i < 36 ? "south" : "west";
      sb.append(id).append(',').append(region).append(',').append(100 + id).append(".25\n");
    }
    return sb.toString();
  }

  static String grant(
      RequestSpecification as, String assetId, List<String> operations, Integer minGroupSize) {
    Map<String, Object> body = new HashMap<>();
    body.put("assetId", assetId);
    body.put("grantee", "org3");
    body.put("operations", operations);
    body.put("columns", List.of("id", "region", "amount"));
    body.put("purpose", "floor tests");
    body.put("validUntil", "2099-01-01T00:00:00Z");
    body.put("maxUses", 20);
    body.put("minAssurance", "MPC_SEMI_HONEST");
    if (minGroupSize != null) {
      body.put("minGroupSize", minGroupSize);
    }
    return as.contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/grants")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  static io.restassured.response.ValidatableResponse submit(
      String operation, List<Map<String, Object>> inputs, Map<String, Object> params) {
    Map<String, Object> body = new HashMap<>();
    body.put("operation", operation);
    body.put("inputs", inputs);
    body.put("params", params);
    return Api.carol().contentType(ContentType.JSON).body(body).post("/api/v1/tasks").then();
  }

  static String accepted(
      String operation, List<Map<String, Object>> inputs, Map<String, Object> params) {
    return submit(operation, inputs, params)
        .statusCode(202)
        .body("status", equalTo("SUBMITTED"))
        .extract()
        .path("id");
  }

  static void noResult(String taskId) {
    Api.carol()
        .get("/api/v1/tasks/" + taskId + "/result")
        .then()
        .statusCode(409)
        .body("type", equalTo(PROBLEMS + "result-unavailable"));
    assertThat(
            QuarkusTransaction.requiringNew()
                .call(() -> StoredResult.findByIdOptional(taskId).isPresent()))
        .as("no sealed result is stored")
        .isFalse();
  }

  @Nested
  class Grants {

    @Test
    void a_grant_without_a_floor_carries_the_default_of_ten_and_a_floor_below_two_is_refused() {
      String asset = Csv.uploaded(Api.alice(), "floor-default", sales(1, 40));
      String id = grant(Api.alice(), asset, List.of("SECURE_AGGREGATE"), null);
      String custom = grant(Api.alice(), asset, List.of("SECURE_AGGREGATE"), 25);

      Api.alice()
          .get("/api/v1/grants/" + id)
          .then()
          .statusCode(200)
          .body("minGroupSize", equalTo(10));
      Api.alice()
          .get("/api/v1/grants/" + custom)
          .then()
          .statusCode(200)
          .body("minGroupSize", equalTo(25));
      Map<String, Object> body = new HashMap<>();
      body.put("assetId", asset);
      body.put("grantee", "org3");
      body.put("operations", List.of("SECURE_AGGREGATE"));
      body.put("columns", List.of("amount"));
      body.put("purpose", "too low");
      body.put("validUntil", "2099-01-01T00:00:00Z");
      body.put("maxUses", 1);
      body.put("minGroupSize", 1);
      Api.alice()
          .contentType(ContentType.JSON)
          .body(body)
          .post("/api/v1/grants")
          .then()
          .statusCode(422)
          .body("type", equalTo(PROBLEMS + "invalid-argument"))
          .body("detail", containsString("minGroupSize"));
    }
  }

  @Nested
  class SecureAggregate {

    @Test
    void a_task_asking_for_less_than_the_grants_floor_is_rejected_by_the_ledger() {
      String asset = Csv.uploaded(Api.alice(), "floor-ask-less", sales(1, 40));
      grant(Api.alice(), asset, List.of("SECURE_AGGREGATE"), null);

      submit(
              "SECURE_AGGREGATE",
              List.of(input(asset, "region", "amount")),
              Map.of("aggregates", List.of("SUM"), "groupBy", "region", "minGroupSize", 1))
          .statusCode(403)
          .body("type", equalTo(PROBLEMS + "group-too-small"))
          .body("detail", containsString("at least 10"));
    }

    @Test
    void group_by_the_key_column_is_refused_and_reveals_no_row() {
      String asset = Csv.uploaded(Api.alice(), "floor-key", sales(1, 40));
      grant(Api.alice(), asset, List.of("SECURE_AGGREGATE"), null);

      String task =
          accepted(
              "SECURE_AGGREGATE",
              List.of(input(asset, "id", "amount")),
              Map.of("aggregates", List.of("COUNT", "SUM"), "groupBy", "id"));
      JsonPath view = finished("carol", task);

      assertThat(view.getString("status")).isEqualTo("FAILED");
      assertThat(view.getInt("minGroupSize")).isEqualTo(10);
      assertThat(view.getString("failureReason"))
          .contains("KEY_LIKE_GROUP_BY")
          .doesNotContain("101.25");
      noResult(task);
    }

    @Test
    void groups_smaller_than_the_floor_are_suppressed() {
      String asset = Csv.uploaded(Api.alice(), "floor-small", sales(1, 40));
      grant(Api.alice(), asset, List.of("SECURE_AGGREGATE"), null);

      String task =
          accepted(
              "SECURE_AGGREGATE",
              List.of(input(asset, "region", "amount")),
              Map.of("aggregates", List.of("COUNT", "SUM"), "groupBy", "region"));
      succeeded("carol", task);
      JsonPath result =
          JsonPath.from(
              Api.carol()
                  .get("/api/v1/tasks/" + task + "/result")
                  .then()
                  .statusCode(200)
                  .extract()
                  .asString());

      // south (6 rows) and west (4 rows) are below the default floor of 10: only north is released.
      assertThat(result.getList("result.groups.label")).containsExactly("north");
      assertThat(result.getLong("result.groups[0].rows")).isEqualTo(30);
    }
  }

  @Nested
  class JointStats {

    @Test
    void a_tiny_intersection_fails_the_task_with_group_too_small() {
      String alice = Csv.uploaded(Api.alice(), "floor-js-a", sales(1, 40));
      // bob's ids 36..75 meet alice's 1..40 in five rows.
      String bob = Csv.uploaded(Api.bob(), "floor-js-b", sales(36, 40));
      grant(Api.alice(), alice, List.of("JOINT_STATS"), null);
      grant(Api.bob(), bob, List.of("JOINT_STATS"), null);

      String task =
          accepted(
              "JOINT_STATS",
              List.of(input(alice, "id", "amount"), input(bob, "id", "amount")),
              Map.of("key", "id", "statistics", List.of("COUNT", "SUM")));
      JsonPath view = finished("carol", task);

      assertThat(view.getString("status")).isEqualTo("FAILED");
      assertThat(view.getString("failureReason")).contains("GROUP_TOO_SMALL");
      noResult(task);
    }
  }

  @Nested
  class Revocation {

    @Test
    void revoking_while_the_task_runs_fails_it_with_grant_revoked_and_releases_nothing()
        throws Exception {
      String asset = Csv.uploaded(Api.alice(), "floor-revoke", sales(1, 40));
      String grantId = grant(Api.alice(), asset, List.of("SECURE_AGGREGATE"), null);

      pause.arm(ReleasePause.Point.BEFORE_RELEASE);
      String task;
      try {
        task =
            accepted(
                "SECURE_AGGREGATE",
                List.of(input(asset, "amount")),
                Map.of("aggregates", List.of("COUNT", "SUM")));
        // The session has run; the requester's node holds the output, nothing sealed yet.
        assertThat(pause.awaitPaused(Duration.ofSeconds(90))).isEqualTo(task);
        Api.alice()
            .contentType(ContentType.JSON)
            .body(Map.of("reason", "consent withdrawn"))
            .post("/api/v1/grants/" + grantId + "/revoke")
            .then()
            .statusCode(200);
      } finally {
        pause.resume();
      }
      JsonPath view = finished("carol", task);

      assertThat(view.getString("status")).isEqualTo("FAILED");
      assertThat(view.getString("failureReason")).startsWith("GRANT_REVOKED").contains(grantId);
      assertThat(view.getList("history.status")).containsExactly("SUBMITTED", "RUNNING", "FAILED");
      assertThat(view.getString("resultHash")).isNull();
      noResult(task);
    }

    @Test
    void revoking_mid_session_aborts_the_session_and_fails_the_task_with_grant_revoked()
        throws Exception {
      String alice = Csv.uploaded(Api.alice(), "floor-abort-a", sales(1, 40));
      String bob = Csv.uploaded(Api.bob(), "floor-abort-b", sales(1, 40));
      grant(Api.alice(), alice, List.of("JOINT_STATS"), null);
      String bobGrant = grant(Api.bob(), bob, List.of("JOINT_STATS"), null);

      pause.arm(ReleasePause.Point.IN_SESSION);
      String task;
      try {
        task =
            accepted(
                "JOINT_STATS",
                List.of(input(alice, "id", "amount"), input(bob, "id", "amount")),
                Map.of("key", "id", "statistics", List.of("COUNT", "SUM", "DOT")));
        // The session is open and the owners' parties are in their rounds; the requester's party
        // (carol, the dealer too) is held before its own.
        assertThat(pause.awaitPaused(Duration.ofSeconds(90))).isEqualTo(task);
        Api.bob()
            .contentType(ContentType.JSON)
            .body(Map.of("reason", "consent withdrawn"))
            .post("/api/v1/grants/" + bobGrant + "/revoke")
            .then()
            .statusCode(200);
      } finally {
        pause.resume();
      }
      JsonPath view = finished("carol", task);

      assertThat(view.getString("status")).isEqualTo("FAILED");
      assertThat(view.getString("failureReason"))
          .startsWith("GRANT_REVOKED: grant '" + bobGrant + "'")
          .contains("its session was aborted");
      noResult(task);
    }

    @Test
    void without_a_revocation_the_same_task_succeeds() throws Exception {
      String asset = Csv.uploaded(Api.alice(), "floor-no-revoke", sales(1, 40));
      grant(Api.alice(), asset, List.of("SECURE_AGGREGATE"), null);

      pause.arm(ReleasePause.Point.BEFORE_RELEASE);
      String task;
      try {
        task =
            accepted(
                "SECURE_AGGREGATE",
                List.of(input(asset, "amount")),
                Map.of("aggregates", List.of("COUNT", "SUM")));
        assertThat(pause.awaitPaused(Duration.ofSeconds(90))).isEqualTo(task);
      } finally {
        pause.resume();
      }

      succeeded("carol", task);
    }
  }
}
