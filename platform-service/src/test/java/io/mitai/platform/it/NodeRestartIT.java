package io.mitai.platform.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.mitai.testsupport.NodeProcess;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged node, started the way the README says, killed without warning and started again on
 * the same data directory: assets, grants, tasks, results and the ledger are all still there, the
 * ledger still verifies, and the demo data registered at the first start is not registered again.
 */
class NodeRestartIT {

  private static final String PASSWORD = "mitai-demo";

  @TempDir Path dir;
  private NodeProcess node;

  @BeforeEach
  void start() throws Exception {
    node = PackagedNode.launcher().dataDir(dir.resolve("data")).build();
    node.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    node.stop();
  }

  private RequestSpecification as(String user) {
    return given().baseUri(node.baseUri()).auth().preemptive().basic(user, PASSWORD);
  }

  @Test
  void a_node_killed_mid_life_comes_back_with_everything_it_had() throws Exception {
    as("alice").get("/api/v1/orgs").then().statusCode(200).body("id", hasItem("org2"));
    // The sandbox started with its demo data (mitai.demo.data, on by default): one data set per
    // organisation and org1's grant to org2.
    awaitDemoDataRuns(1);
    Map<String, List<String>> demoBefore = demoData();
    assertThat(demoBefore.get("alice")).containsExactly("demo-patients");
    assertThat(demoBefore.get("bob")).containsExactlyInAnyOrder("demo-patients", "demo-claims");
    assertThat(demoBefore.get("carol")).containsExactly("demo-customers");
    assertThat(demoBefore.get("grants")).hasSize(1);

    String csv = "id,region,amount\n1,north,10.5\n2,south,-3\n3,north,7\n";
    String asset =
        as("alice")
            .multiPart("name", "claims")
            .multiPart("file", "claims.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
            .post("/api/v1/assets")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String grant =
        as("alice")
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "assetId",
                    asset,
                    "grantee",
                    "org2",
                    "operations",
                    List.of("SECURE_AGGREGATE"),
                    "columns",
                    List.of("amount"),
                    "purpose",
                    "restart test",
                    "validUntil",
                    "2099-01-01T00:00:00Z",
                    "maxUses",
                    3,
                    "minAssurance",
                    "MPC_SEMI_HONEST",
                    "minGroupSize",
                    2))
            .post("/api/v1/grants")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String task =
        as("bob")
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "operation", "SECURE_AGGREGATE",
                    "inputs", List.of(Map.of("assetId", asset, "columns", List.of("amount"))),
                    "params", Map.of("aggregates", List.of("COUNT", "SUM"))))
            .post("/api/v1/tasks")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    awaitSucceeded(task);
    String resultHash =
        as("bob")
            .get("/api/v1/tasks/" + task + "/result")
            .then()
            .statusCode(200)
            .extract()
            .path("resultHash");
    long height =
        as("auditor")
            .get("/api/v1/ledger/verify")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getLong("blocksChecked");

    node.kill();
    node.start();

    as("alice")
        .get("/api/v1/assets/" + asset)
        .then()
        .statusCode(200)
        .body("status", equalTo("ACTIVE"));
    as("alice")
        .get("/api/v1/grants/" + grant)
        .then()
        .statusCode(200)
        .body("usesConsumed", equalTo(1));
    as("bob")
        .get("/api/v1/tasks/" + task)
        .then()
        .statusCode(200)
        .body("status", equalTo("SUCCEEDED"));
    as("bob")
        .get("/api/v1/tasks/" + task + "/result")
        .then()
        .statusCode(200)
        .body("resultHash", equalTo(resultHash));
    var report =
        as("auditor").get("/api/v1/ledger/verify").then().statusCode(200).extract().jsonPath();
    assertThat(report.getBoolean("intact")).isTrue();
    assertThat(report.getLong("blocksChecked")).isGreaterThanOrEqualTo(height);

    // The restart seeded nothing twice: the same demo data sets and grant, by id.
    assertThat(awaitDemoDataRuns(2).get(1)).contains("0 data sets and 0 grants registered now");
    assertThat(demoData()).isEqualTo(demoBefore);

    // The restarted node keeps working on the same chain.
    as("alice")
        .contentType(ContentType.JSON)
        .body(Map.of("reason", "restart test over"))
        .post("/api/v1/grants/" + grant + "/revoke")
        .then()
        .statusCode(200)
        .body("status", equalTo("REVOKED"));
  }

  /** Waits until the node's log reports {@code n} runs of the demo data seeding; their lines. */
  private List<String> awaitDemoDataRuns(int n) throws Exception {
    List<String> runs = List.of();
    for (int i = 0; i < 480 && runs.size() < n; i++) {
      Thread.sleep(250);
      runs =
          Files.readAllLines(node.log(), StandardCharsets.UTF_8).stream()
              .filter(l -> l.contains("demo data up to date") || l.contains("demo data not"))
              .toList();
    }
    assertThat(runs).as("demo data runs in " + node.log()).hasSize(n);
    assertThat(runs).allMatch(l -> l.contains("demo data up to date"));
    return runs;
  }

  /** Each demo user's visible demo data set names (ids under "...-ids") and bob's demo grants. */
  private Map<String, List<String>> demoData() {
    Map<String, List<String>> seen = new java.util.TreeMap<>();
    for (String user : List.of("alice", "bob", "carol")) {
      var assets = as(user).get("/api/v1/assets").then().statusCode(200).extract().jsonPath();
      List<String> names = assets.getList("findAll { it.name.startsWith('demo-') }.name");
      List<String> ids = assets.getList("findAll { it.name.startsWith('demo-') }.id");
      seen.put(user, names);
      seen.put(user + "-ids", ids);
    }
    String patients =
        as("alice")
            .get("/api/v1/assets")
            .then()
            .extract()
            .jsonPath()
            .getString("find { it.name == 'demo-patients' }.id");
    seen.put(
        "grants",
        as("bob")
            .get("/api/v1/grants?assetId=" + patients)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("id"));
    return seen;
  }

  private void awaitSucceeded(String task) throws InterruptedException {
    String status = "";
    for (int i = 0; i < 240 && !List.of("SUCCEEDED", "FAILED", "REJECTED").contains(status); i++) {
      Thread.sleep(250);
      status = as("bob").get("/api/v1/tasks/" + task).then().extract().path("status");
    }
    assertThat(status).isEqualTo("SUCCEEDED");
  }
}
