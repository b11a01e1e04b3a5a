package io.mitai.platform.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.mitai.platform.boot.EmbeddedDatabase;
import io.mitai.testsupport.NodeProcess;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A federation of three node processes on one host, as docs/federation.md describes for
 * development: each node hosts one organisation with its own database, all three share the embedded
 * ledger's PostgreSQL (a trusted-operator setup) and run compute sessions with each other over
 * mutual TLS, finding each other's endpoints and keys in the ledger's registry.
 */
class FederationIT {

  private static final String PASSWORD = "mitai-demo";
  private static final String KEYSTORE_PASSWORD = "federation-it-" + System.nanoTime();
  private static final Map<String, String> MEMBER =
      Map.of("org1", "alice", "org2", "bob", "org3", "carol");

  @TempDir Path dir;
  private EmbeddedDatabase postgres;
  private final Map<String, NodeProcess> nodes = new TreeMap<>();

  @BeforeEach
  void start() throws Exception {
    NodeProcess.searchableByOthers(dir);
    postgres = EmbeddedDatabase.start(dir.resolve("postgres"));
    for (String db : List.of("org1", "org2", "org3", "ledger")) {
      postgres.createDatabase(db);
    }
    // One after the other: the first creates the ledger's schema and its tree-head key.
    for (String org : List.of("org1", "org2", "org3")) {
      NodeProcess node = node(org);
      nodes.put(org, node);
      node.start();
    }
  }

  private NodeProcess node(String org) throws Exception {
    return PackagedNode.launcher()
        .dataDir(dir.resolve(org))
        .settings(
            Stream.concat(
                    SharedLedgerNode.settings(org, postgres, dir, KEYSTORE_PASSWORD).stream(),
                    // 5 s by default; -Dfederation-it.session-timeout=… on a heavily loaded
                    // machine.
                    Stream.of(
                        "-Dmitai.compute.session-timeout="
                            + System.getProperty("federation-it.session-timeout", "5s")))
                .toList())
        .build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (NodeProcess node : nodes.values()) {
      node.stop();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  private RequestSpecification as(String org) {
    return given()
        .baseUri(nodes.get(org).baseUri())
        .auth()
        .preemptive()
        .basic(MEMBER.get(org), PASSWORD);
  }

  @Test
  void three_nodes_grant_aggregate_and_trace_and_a_node_lost_mid_task_catches_up()
      throws Exception {
    // Every node registered its organisation with its compute endpoint; each sees all three.
    for (String org : nodes.keySet()) {
      await(
          org + " sees the federation",
          () -> as(org).get("/api/v1/orgs").then().extract().jsonPath().getList("id").size() == 3);
    }
    as("org1")
        .get("/api/v1/orgs")
        .then()
        .statusCode(200)
        .body("id", hasItems("org1", "org2", "org3"));

    String asset1 = upload("org1", "id,amount\n1,10.5\n2,-3\n3,7\n");
    String asset2 = upload("org2", "id,amount\n7,100\n8,0.25\n");
    grant("org1", asset1);
    grant("org2", asset2);
    for (String asset : List.of(asset1, asset2)) {
      await(
          "org3's node has projected " + asset,
          () -> as("org3").get("/api/v1/assets/" + asset).statusCode() == 200);
    }

    // org3 holds no input: org1's and org2's nodes run their parties for it.
    String task = aggregate(asset1, asset2);
    assertThat(awaitEnd(task)).isEqualTo("SUCCEEDED");
    JsonPath result =
        as("org3")
            .get("/api/v1/tasks/" + task + "/result")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(result.getLong("result.groups[0].rows")).isEqualTo(5);
    assertThat(new BigDecimal(result.getString("result.groups[0].columns[0].sum")))
        .isEqualByComparingTo("114.75");
    // The owners see the task that used their data, recorded on the shared ledger.
    as("org1")
        .get("/api/v1/tasks/" + task)
        .then()
        .statusCode(200)
        .body("status", equalTo("SUCCEEDED"));
    JsonPath provenance =
        as("org1")
            .get("/api/v1/provenance/assets/" + asset1)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(provenance.getList("entries.recordType")).contains("asset", "grant", "task");
    assertThat(provenance.getList("entries.recordId")).contains(task);

    // org2's node hangs and is then killed: the task org3 starts cannot finish, and org3's node
    // records it FAILED on the ledger.
    nodes.get("org2").freeze();
    String lost = aggregate(asset1, asset2);
    assertThat(awaitEnd(lost)).isEqualTo("FAILED");
    String reason = as("org3").get("/api/v1/tasks/" + lost).then().extract().path("failureReason");
    assertThat(reason).contains("org2");
    nodes.get("org2").kill();

    // Restarted on its own database, org2's node catches up from its checkpoint: it learns the
    // outcome it missed and takes part in the next task.
    nodes.get("org2").start();
    await(
        "org2 has caught up with the failed task",
        () ->
            "FAILED"
                .equals(as("org2").get("/api/v1/tasks/" + lost).then().extract().path("status")));
    String again = aggregate(asset1, asset2);
    assertThat(awaitEnd(again)).isEqualTo("SUCCEEDED");

    // The shared ledger verifies, seen from any node.
    var report =
        given()
            .baseUri(nodes.get("org1").baseUri())
            .auth()
            .preemptive()
            .basic("auditor", PASSWORD)
            .get("/api/v1/ledger/verify")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(report.getBoolean("intact")).isTrue();
  }

  private String upload(String org, String csv) {
    return as(org)
        .multiPart("name", "amounts of " + org)
        .multiPart("file", org + ".csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
        .post("/api/v1/assets")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private void grant(String owner, String asset) {
    as(owner)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "assetId",
                asset,
                "grantee",
                "org3",
                "operations",
                List.of("SECURE_AGGREGATE"),
                "columns",
                List.of("amount"),
                "purpose",
                "federation test",
                "validUntil",
                "2099-01-01T00:00:00Z",
                "maxUses",
                10,
                "minAssurance",
                "MPC_SEMI_HONEST",
                "minGroupSize",
                2))
        .post("/api/v1/grants")
        .then()
        .statusCode(201);
  }

  private String aggregate(String... assets) {
    List<Map<String, Object>> inputs = new ArrayList<>();
    for (String asset : assets) {
      inputs.add(Map.of("assetId", asset, "columns", List.of("amount")));
    }
    return as("org3")
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "operation",
                "SECURE_AGGREGATE",
                "inputs",
                inputs,
                "params",
                Map.of("aggregates", List.of("COUNT", "SUM"))))
        .post("/api/v1/tasks")
        .then()
        .statusCode(202)
        .extract()
        .path("id");
  }

  private String awaitEnd(String task) throws InterruptedException {
    return Await.end(() -> as("org3"), task, 60);
  }

  private static void await(String what, Await.Check check) throws Exception {
    Await.until(what, 60, check);
  }
}
