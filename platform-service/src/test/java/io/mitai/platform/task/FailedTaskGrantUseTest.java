package io.mitai.platform.task;

import static io.mitai.platform.support.Tasks.finished;
import static io.mitai.platform.support.Tasks.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.mitai.platform.outbox.Outbox;
import io.mitai.platform.support.Api;
import io.mitai.platform.support.Csv;
import io.mitai.platform.task.persistence.JobState;
import io.mitai.platform.task.persistence.TaskJob;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The documented rule (docs/chaincode.md, "A failed task keeps its grant use"): a use is consumed
 * when the ledger admits the task, and a task that later FAILS, including one failed because its
 * node restarted under it, does not give it back.
 */
@QuarkusTest
class FailedTaskGrantUseTest {

  @Inject TaskJobs jobs;
  @Inject TaskWorker worker;
  @Inject Outbox outbox;

  @Test
  void a_task_failed_by_a_node_restart_keeps_its_consumed_grant_use() {
    String own = Csv.uploaded(Api.alice(), "restart-own", "id,amount\n1,5\n2,6\n3,7\n");
    String theirs = Csv.uploaded(Api.bob(), "restart-theirs", "id,amount\n2,1\n3,2\n4,3\n");
    String grant = grantPsi(theirs);
    usesLeft(grant, 2);
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                QuarkusTransaction.requiringNew()
                        .call(
                            () ->
                                TaskJob.count(
                                    "state in ?1",
                                    List.of(
                                        JobState.AWAITING_LEDGER,
                                        JobState.QUEUED,
                                        JobState.CLAIMED)))
                    == 0);
    worker.pause();
    try {
      String task =
          Api.alice()
              .contentType(ContentType.JSON)
              .body(
                  Map.of(
                      "operation",
                      "PSI_CARDINALITY",
                      "inputs",
                      List.of(input(own, "id"), input(theirs, "id")),
                      "params",
                      Map.of()))
              .post("/api/v1/tasks")
              .then()
              .statusCode(202)
              .body("status", equalTo("SUBMITTED"))
              .extract()
              .path("id");
      usesLeft(grant, 1);
      // Another instance of the node claims it, records the start, and is killed.
      TaskJobs.Claim claim = jobs.claimNext("node-killed").orElseThrow();
      assertThat(claim.taskId()).isEqualTo(task);
      assertThat(outbox.deliver(claim.startedTx()).isDone()).isTrue();
      worker.recoverOrphans();
      JsonPath view = finished("alice", task);
      assertThat(view.getString("status")).isEqualTo("FAILED");
      assertThat(view.getString("failureReason")).startsWith("NODE_RESTARTED");
      // No refund: the attempt is on the ledger and counted.
      usesLeft(grant, 1);
      Api.bob().get("/api/v1/grants/" + grant).then().body("usesConsumed", equalTo(1));
    } finally {
      worker.resume();
    }
  }

  private static String grantPsi(String assetId) {
    Map<String, Object> body = new HashMap<>();
    body.put("assetId", assetId);
    body.put("grantee", "org1");
    body.put("operations", List.of("PSI_CARDINALITY"));
    body.put("columns", List.of("id"));
    body.put("purpose", "overlap");
    body.put("validUntil", "2099-01-01T00:00:00Z");
    body.put("maxUses", 2);
    return Api.bob()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/grants")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static void usesLeft(String grant, int expected) {
    Api.bob()
        .get("/api/v1/grants/" + grant)
        .then()
        .statusCode(200)
        .body("usesLeft", equalTo(expected));
  }
}
