package io.mitai.platform.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.mitai.ledger.fabric.FabricTestNetwork;
import io.mitai.platform.tee.PatchedWorkerProfile;
import io.mitai.testsupport.NodeProcess;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four organisations, each with its own node in federation mode, on a real Hyperledger Fabric
 * network brought up by the project's own scripts ({@code fabric-network/network.sh down --purge,
 * up, channel, deploy, profiles}, through {@link FabricTestNetwork}): org1 grants org2
 * SECURE_AGGREGATE and PSI on an asset; org2 aggregates it with its own asset under MPC and checks
 * the result against the plaintext and, as downloaded, against the result hash on the channel (a
 * changed copy does not match); org2 runs PSI across the two nodes; org1 revokes the grant and
 * org2's next task is refused and recorded REJECTED; the asset's provenance shows all of it. Then
 * org3's node, holding no input, runs JOINT_STATS (its node dealing the Beaver triples, then its
 * enclave worker) and PSI over org1's and org2's assets across the three nodes, and a TEE_JOB at
 * org4's compute centre (org4 has no peer: its node transacts through org1's). Then faults: org2's
 * and org3's peers stopped, and the orderer stopped for 30 s, while org1's node writes: each write
 * waits in the outbox (202 PENDING) and lands exactly once after the process is back. The network
 * is brought down again ({@code down --purge}, also on failure and from a shutdown hook).
 *
 * <p>Runs when {@code FABRIC_BIN} names the bin/ directory of a Fabric 2.5 release (CI sets it; the
 * build downloads no Fabric binaries); skipped otherwise. It starts from an empty {@code
 * fabric-network/build/}, so it stops a development network started from the same checkout. It uses
 * the fixed ports of docs/federation.md#ports.
 */
class FabricFederationIT {

  private static final String PASSWORD = "mitai-demo";
  private static final String KEYSTORE_PASSWORD = "fabric-it-" + System.nanoTime();
  @TempDir Path dir;

  @BeforeEach
  void requireFabricBinaries() {
    String bin = System.getenv("FABRIC_BIN");
    Assumptions.assumeTrue(
        bin != null && !bin.isBlank(),
        "FABRIC_BIN is not set: this test needs the binaries of a Hyperledger Fabric 2.5 release"
            + " (peer, orderer, configtxgen, cryptogen, osnadmin); see docs/federation.md");
  }

  @Test
  void three_nodes_on_fabric_share_aggregate_and_trace_an_asset() throws Exception {
    List<NodeProcess> nodes = new ArrayList<>();
    try (FabricTestNetwork network =
        FabricTestNetwork.start(
            Path.of("target", "fabric-federation-it", "network.log").toAbsolutePath())) {
      try {
        NodeProcess org1 = node("org1", network.profiles());
        nodes.add(org1);
        NodeProcess org2 = node("org2", network.profiles());
        nodes.add(org2);

        journey(org1, org2);
        NodeProcess org3 = node("org3", network.profiles());
        nodes.add(org3);
        List<String> assets = thirdNode(org1, org2, org3);
        // org4: a compute centre of its own, an organisation on the channel with no peer.
        NodeProcess org4 = node("org4", network.profiles());
        nodes.add(org4);
        centreJob(org1, org2, org3, assets.get(0), assets.get(1));
        centreFaults(nodes, network.profiles(), assets.get(0), assets.get(1));
        faults(network, org1, org2);
      } catch (Throwable t) {
        keepLogs(t);
        throw t;
      } finally {
        for (NodeProcess node : nodes) {
          node.stop();
        }
      }
    }
  }

  private void journey(NodeProcess org1, NodeProcess org2) {
    // Each node registered its organisation on the channel; each sees the other's registration.
    await("org1's node sees org2 registered")
        .ignoreExceptions()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> orgIds(as(org1, "alice")).containsAll(List.of("org1", "org2")));
    await("org2's node sees org1 registered")
        .ignoreExceptions()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> orgIds(as(org2, "bob")).containsAll(List.of("org1", "org2")));

    // org1: an asset, and a grant to org2 to aggregate its amounts.
    String claims = upload(org1, "alice", "claims", "id,amount\n1,10.5\n2,-3\n3,7.25\n");
    String grant =
        as(org1, "alice")
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "assetId",
                    claims,
                    "grantee",
                    "org2",
                    "operations",
                    List.of("SECURE_AGGREGATE", "PSI"),
                    "columns",
                    List.of("id", "amount"),
                    "purpose",
                    "Fabric federation test",
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
            .statusCode(anyOf(equalTo(201), equalTo(202)))
            .extract()
            .path("id");

    // org2: its own asset; then it waits until its node has the grant from the channel's events.
    String payments = upload(org2, "bob", "payments", "id,amount\n2,2.25\n8,4\n");
    await("org2's node sees the grant")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                as(org2, "bob")
                    .get("/api/v1/grants/" + grant)
                    .then()
                    .extract()
                    .jsonPath()
                    .getString("status"),
            equalTo("ACTIVE"));

    String task =
        as(org2, "bob")
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "operation", "SECURE_AGGREGATE",
                    "inputs",
                        List.of(
                            Map.of("assetId", claims, "columns", List.of("amount")),
                            Map.of("assetId", payments, "columns", List.of("amount"))),
                    "params", Map.of("aggregates", List.of("COUNT", "SUM"))))
            .post("/api/v1/tasks")
            .then()
            .statusCode(202)
            .extract()
            .path("id");

    JsonPath finished =
        await("the task ends")
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> as(org2, "bob").get("/api/v1/tasks/" + task).then().extract().jsonPath(),
                t -> List.of("SUCCEEDED", "FAILED", "REJECTED").contains(t.getString("status")));
    assertThat(finished.getString("status"))
        .as("task %s: %s", task, finished.prettify())
        .isEqualTo("SUCCEEDED");

    // The result equals the plaintext aggregate of both organisations' rows.
    JsonPath result =
        as(org2, "bob")
            .get("/api/v1/tasks/" + task + "/result")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    List<BigDecimal> amounts =
        List.of("10.5", "-3", "7.25", "2.25", "4").stream().map(BigDecimal::new).toList();
    BigDecimal plaintextSum = amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(result.getString("result.groups[0].columns[0].column")).isEqualTo("amount");
    assertThat(result.getLong("result.groups[0].columns[0].count")).isEqualTo(amounts.size());
    assertThat(new BigDecimal(result.getString("result.groups[0].columns[0].sum")))
        .isEqualByComparingTo(plaintextSum);
    String resultHash = result.getString("resultHash");
    assertThat(resultHash).isEqualTo(finished.getString("resultHash"));

    // org1, an input owner, sees the same outcome through its own node and peer.
    await("org1's node sees the task succeed")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                as(org1, "alice")
                    .get("/api/v1/tasks/" + task)
                    .then()
                    .extract()
                    .jsonPath()
                    .getString("resultHash"),
            equalTo(resultHash));

    // The downloaded result, checked against the result hash on the channel (ReadTask through
    // org2's peer): the bytes as served match; one changed value does not.
    String downloaded =
        as(org2, "bob")
            .get("/api/v1/tasks/" + task + "/result")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(verifyResult(org2, "bob", task, downloaded).getBoolean("matches")).isTrue();
    assertThat(verifyResult(org2, "bob", task, downloaded).getString("ledgerHash"))
        .isEqualTo(resultHash);
    String tampered = downloaded.replace("\"count\":5", "\"count\":6");
    assertThat(tampered).isNotEqualTo(downloaded);
    assertThat(verifyResult(org1, "alice", task, tampered).getBoolean("matches")).isFalse();

    // PSI across the two nodes (two-party ECDH-PSI: org2 owns one input): the ids both hold.
    String psi =
        as(org2, "bob")
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "operation",
                    "PSI",
                    "inputs",
                    List.of(
                        Map.of("assetId", claims, "columns", List.of("id")),
                        Map.of("assetId", payments, "columns", List.of("id"))),
                    "params",
                    Map.of()))
            .post("/api/v1/tasks")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    JsonPath psiDone = awaitEnd(org2, "bob", psi);
    assertThat(psiDone.getString("status"))
        .as("PSI task: %s", psiDone.prettify())
        .isEqualTo("SUCCEEDED");
    JsonPath psiResult =
        as(org2, "bob")
            .get("/api/v1/tasks/" + psi + "/result")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(psiResult.getList("result.keys").stream().map(String::valueOf).toList())
        .containsExactly("2");
    assertThat(psiResult.getLong("result.size")).isEqualTo(1);

    // org1 revokes the grant; once org2's node has the revocation from the channel, org2's next
    // task on org1's asset is refused by the contract and recorded as REJECTED (GRANT_REVOKED).
    as(org1, "alice")
        .contentType(ContentType.JSON)
        .body(Map.of("reason", "Fabric federation test over"))
        .post("/api/v1/grants/" + grant + "/revoke")
        .then()
        .statusCode(anyOf(equalTo(200), equalTo(202)));
    await("org2's node sees the revocation")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                as(org2, "bob")
                    .get("/api/v1/grants/" + grant)
                    .then()
                    .extract()
                    .jsonPath()
                    .getString("status"),
            equalTo("REVOKED"));
    var refused =
        as(org2, "bob")
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "operation", "SECURE_AGGREGATE",
                    "inputs", List.of(Map.of("assetId", claims, "columns", List.of("amount"))),
                    "params", Map.of("aggregates", List.of("SUM"))))
            .post("/api/v1/tasks")
            .then()
            .statusCode(anyOf(equalTo(403), equalTo(202)))
            .extract();
    String rejected;
    if (refused.statusCode() == 403) {
      assertThat(refused.jsonPath().getString("code")).isEqualTo("GRANT_REVOKED");
      assertThat(refused.jsonPath().getString("type")).endsWith("/grant-revoked");
      rejected =
          await("org2's node lists the REJECTED task")
              .atMost(Duration.ofMinutes(1))
              .pollInterval(Duration.ofSeconds(1))
              .until(
                  () ->
                      as(org2, "bob")
                          .get("/api/v1/tasks")
                          .then()
                          .extract()
                          .jsonPath()
                          .getList("findAll { it.status == 'REJECTED' }.id", String.class),
                  ids -> ids.size() == 1)
              .get(0);
    } else {
      rejected = refused.jsonPath().getString("id");
      assertThat(awaitEnd(org2, "bob", rejected).getString("status")).isEqualTo("REJECTED");
    }
    JsonPath rejectedView =
        as(org2, "bob")
            .get("/api/v1/tasks/" + rejected)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(rejectedView.getString("status")).isEqualTo("REJECTED");
    assertThat(rejectedView.getString("rejection.code")).isEqualTo("GRANT_REVOKED");

    // Provenance of org1's asset, read from the channel's history: the asset, the grant (uses
    // consumed, then revoked), the tasks that used it and the one refused.
    JsonPath provenance =
        as(org1, "alice")
            .get("/api/v1/provenance/assets/" + claims)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(provenance.getString("owner")).isEqualTo("org1");
    assertThat(provenance.getList("entries.recordType", String.class))
        .contains("asset", "grant", "task");
    assertThat(provenance.getList("entries.recordId", String.class))
        .contains(grant, task, psi, rejected);
    List<Map<String, Object>> taskEntries =
        provenance.getList("entries.findAll { it.recordType == 'task' }");
    assertThat(taskEntries).extracting(e -> e.get("status")).contains("SUCCEEDED", "REJECTED");
    List<Map<String, Object>> grantEntries =
        provenance.getList("entries.findAll { it.recordType == 'grant' }");
    assertThat(grantEntries).extracting(e -> e.get("status")).contains("ACTIVE", "REVOKED");
    as(org2, "bob")
        .get("/api/v1/provenance/assets/" + claims)
        .then()
        .statusCode(200)
        .body("assetId", equalTo(claims));

    explorer(org1, org2);
  }

  /**
   * The explorer on real Fabric: each node mirrors the channel's blocks, finds its organisation's
   * registration transaction in them, verifies the chain (data hashes, header links), and both
   * mirrors hold the same header hash at the same height.
   */
  private void explorer(NodeProcess org1, NodeProcess org2) {
    String registration =
        as(org1, "alice")
            .get("/api/v1/orgs")
            .then()
            .extract()
            .path("find { it.id == 'org1' }.ledgerTxId");
    JsonPath tx =
        await("org1's registration is in org1's block mirror")
            .ignoreExceptions()
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () ->
                    as(org1, "alice")
                        .get("/api/v1/ledger/tx/" + registration)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath(),
                j -> j != null);
    assertThat(tx.getLong("blockNumber")).isPositive();
    assertThat(tx.getString("function")).isNotBlank();
    for (NodeProcess node : List.of(org1, org2)) {
      String user = node == org1 ? "alice" : "bob";
      as(node, user)
          .get("/api/v1/ledger/verify")
          .then()
          .statusCode(200)
          .body("intact", equalTo(true))
          .body("problem", nullValue());
    }
    long height =
        Math.min(
            as(org1, "alice")
                .get("/api/v1/ledger/blocks?limit=1")
                .then()
                .extract()
                .<Number>path("height")
                .longValue(),
            as(org2, "bob")
                .get("/api/v1/ledger/blocks?limit=1")
                .then()
                .extract()
                .<Number>path("height")
                .longValue());
    assertThat(height).isGreaterThan(tx.getLong("blockNumber"));
    String head1 =
        as(org1, "alice")
            .get("/api/v1/ledger/blocks/" + (height - 1))
            .then()
            .statusCode(200)
            .extract()
            .path("hash");
    String head2 =
        as(org2, "bob")
            .get("/api/v1/ledger/blocks/" + (height - 1))
            .then()
            .statusCode(200)
            .extract()
            .path("hash");
    assertThat(head1).hasSize(64).isEqualTo(head2);
    as(org1, "alice")
        .get("/api/v1/ledger/proof/" + registration)
        .then()
        .statusCode(501)
        .body("type", equalTo("https://mitai.io/problems/explorer-unavailable"));
  }

  /**
   * A third node, org3's, holding no input: org1 and org2 each grant org3 JOINT_STATS and PSI on a
   * new asset; org3 asks for the joint statistics of the rows both hold, its node dealing the
   * Beaver triples (the only organisation of the three holding no input), then with its enclave
   * worker dealing them (verified by each owner's node), and for the ids both hold (PSI delegated
   * to the two owners' nodes). All equal the plaintext.
   */
  /** org3's node joins; returns org1's and org2's assets it computed over. */
  private List<String> thirdNode(NodeProcess org1, NodeProcess org2, NodeProcess org3) {
    for (NodeProcess node : List.of(org1, org2, org3)) {
      String user = node == org1 ? "alice" : node == org2 ? "bob" : "carol";
      await(user + "'s node sees the three organisations")
          .ignoreExceptions()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> orgIds(as(node, user)).containsAll(List.of("org1", "org2", "org3")));
    }
    String spend = upload(org1, "alice", "spend", "id,amount\n1,10\n2,20.5\n3,-4\n4,8\n");
    String scores = upload(org2, "bob", "scores", "id,score\n2,3\n3,5\n4,-1\n9,7\n");
    List<String> grants =
        List.of(
            grantToOrg3(org1, "alice", spend, List.of("id", "amount")),
            grantToOrg3(org2, "bob", scores, List.of("id", "score")));
    for (String grant : grants) {
      await("org3's node sees grant " + grant)
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  as(org3, "carol")
                      .get("/api/v1/grants/" + grant)
                      .then()
                      .extract()
                      .jsonPath()
                      .getString("status"),
              equalTo("ACTIVE"));
    }

    // DOT multiplies org1's values by org2's: Beaver triples, dealt by org3's node.
    JsonPath statsDone =
        jointStats(org3, spend, scores, Map.of("statistics", List.of("COUNT", "SUM", "DOT")));
    assertThat(statsDone.getString("tripleSource")).isEqualTo("DEALER_NON_COLLUDING dealer=org3");
    JsonPath statsResult = result(org3, "carol", statsDone.getString("id"));
    assertThat(statsResult.getLong("result.rows")).as("ids 2, 3, 4 in both").isEqualTo(3);
    assertThat(new BigDecimal(statsResult.getString("result.sums[0]")))
        .isEqualByComparingTo("24.5");
    assertThat(new BigDecimal(statsResult.getString("result.sums[1]"))).isEqualByComparingTo("7");
    // 20.5 * 3 + (-4) * 5 + 8 * (-1), within the fixed-point error bound the result states.
    BigDecimal dot = new BigDecimal(statsResult.getString("result.dot[0][1]"));
    BigDecimal bound = new BigDecimal(statsResult.getString("result.dotErrorBound[0][1]"));
    assertThat(dot.subtract(new BigDecimal("33.5")).abs()).isLessThanOrEqualTo(bound);

    // The same, org3's enclave worker dealing: org1's and org2's nodes each verify its evidence
    // (org3's simulated platform key, trusted by their operators) before their parties pin it.
    JsonPath dealtDone =
        jointStats(
            org3,
            spend,
            scores,
            Map.of("statistics", List.of("COUNT", "DOT"), "dealer", "ENCLAVE"));
    assertThat(dealtDone.getString("protocol")).endsWith("-tee-dealer");
    assertThat(dealtDone.getString("tripleSource")).startsWith("TEE_DEALER ");
    JsonPath dealtResult = result(org3, "carol", dealtDone.getString("id"));
    assertThat(dealtResult.getLong("result.rows")).isEqualTo(3);
    assertThat(
            new BigDecimal(dealtResult.getString("result.dot[0][1]"))
                .subtract(new BigDecimal("33.5"))
                .abs())
        .isLessThanOrEqualTo(new BigDecimal(dealtResult.getString("result.dotErrorBound[0][1]")));

    String psi =
        submitAsCarol(
            org3,
            "PSI",
            List.of(
                Map.of("assetId", spend, "columns", List.of("id")),
                Map.of("assetId", scores, "columns", List.of("id"))),
            Map.of());
    JsonPath psiDone = awaitEnd(org3, "carol", psi);
    assertThat(psiDone.getString("status"))
        .as("three-party PSI task: %s", psiDone.prettify())
        .isEqualTo("SUCCEEDED");
    JsonPath psiResult = result(org3, "carol", psi);
    assertThat(psiResult.getList("result.keys").stream().map(String::valueOf).toList())
        .containsExactly("2", "3", "4");
    // The owners' nodes see the tasks on their assets, recorded on the channel.
    await("org1's node sees org3's PSI task")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                as(org1, "alice")
                    .get("/api/v1/tasks/" + psi)
                    .then()
                    .extract()
                    .jsonPath()
                    .getString("status"),
            equalTo("SUCCEEDED"));
    return List.of(spend, scores);
  }

  /**
   * A TEE_JOB at org4's compute centre on the channel: org4's node (its organisation has no peer:
   * it transacts through org1's) runs the enclave worker and registered it (RegisterComputeCentre);
   * org3 asks; org1's and org2's nodes each attach to the worker, verify its evidence against their
   * own TEE grant and record their release (RecordKeyRelease) before the result is recorded.
   */
  private void centreJob(
      NodeProcess org1, NodeProcess org2, NodeProcess org3, String spend, String scores)
      throws IOException {
    await("org4's compute centre is on the channel")
        .ignoreExceptions()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                as(org1, "alice")
                    .get("/api/v1/compute-centres")
                    .then()
                    .extract()
                    .jsonPath()
                    .getList("id"),
            hasItem("org4"));
    String measurement =
        as(org3, "carol")
            .get("/api/v1/algorithms")
            .then()
            .statusCode(200)
            .extract()
            .path("find { it.name == 'join-aggregate' }.measurement");
    for (NodeProcess owner : List.of(org1, org2)) {
      String user = owner == org1 ? "alice" : "bob";
      String asset = owner == org1 ? spend : scores;
      List<String> columns = owner == org1 ? List.of("id", "amount") : List.of("id", "score");
      String id =
          grantToOrg3(
              owner,
              user,
              asset,
              columns,
              Map.of(
                  "operations",
                  List.of("TEE_JOB"),
                  "minAssurance",
                  "TEE_SIMULATED",
                  "algorithms",
                  List.of(measurement),
                  "purpose",
                  "Fabric compute-centre test"));
      await("org3's node sees TEE grant " + id)
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  as(org3, "carol")
                      .get("/api/v1/grants/" + id)
                      .then()
                      .extract()
                      .jsonPath()
                      .getString("status"),
              equalTo("ACTIVE"));
    }
    String task = centreTask(org3, spend, scores);
    JsonPath done = awaitEnd(org3, "carol", task);
    assertThat(done.getString("status"))
        .as("TEE_JOB at a centre: %s", done.prettify())
        .isEqualTo("SUCCEEDED");
    assertThat(done.getString("computeCentre")).isEqualTo("org4");
    JsonPath result = result(org3, "carol", task);
    assertThat(result.getLong("result.groups[0].rows")).as("ids 2, 3, 4 in both").isEqualTo(3);
    assertThat(new BigDecimal(result.getString("result.groups[0].aggregates[1].value")))
        .isEqualByComparingTo("24.5");
    JsonPath releases =
        as(org3, "carol")
            .get("/api/v1/tasks/" + task + "/key-releases")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(releases.getList("owner")).containsExactly("org1", "org2");
    assertThat(releases.getList("decision")).containsExactly("RELEASED", "RELEASED");
    // Each owner's node verified the centre's evidence itself: in its own log too.
    for (Map.Entry<String, NodeProcess> owner : Map.of("org1", org1, "org2", org2).entrySet()) {
      assertThat(Files.readString(owner.getValue().log()))
          .contains("TEE task " + task + ": evidence")
          .contains("compute centre org4 verified by " + owner.getKey());
    }
  }

  /**
   * org3's JOINT_STATS on {@code id} over org1's spend and org2's scores with {@code params} (the
   * statistics, the dealer); it must succeed. Returns the finished task's view.
   */
  private static JsonPath jointStats(
      NodeProcess org3, String spend, String scores, Map<String, Object> params) {
    Map<String, Object> withKey = new java.util.HashMap<>(params);
    withKey.put("key", "id");
    String task = submitAsCarol(org3, "JOINT_STATS", amountsAndScores(spend, scores), withKey);
    JsonPath done = awaitEnd(org3, "carol", task);
    assertThat(done.getString("status"))
        .as("JOINT_STATS task %s: %s", params, done.prettify())
        .isEqualTo("SUCCEEDED");
    return done;
  }

  /** The inputs of org3's joins: org1's amounts and org2's scores, each with its id. */
  private static List<Map<String, Object>> amountsAndScores(String spend, String scores) {
    return List.of(
        Map.of("assetId", spend, "columns", List.of("id", "amount")),
        Map.of("assetId", scores, "columns", List.of("id", "score")));
  }

  /** org3 asks org4's centre for a join-aggregate over org1's spend and org2's scores. */
  private static String centreTask(NodeProcess org3, String spend, String scores) {
    return submitAsCarol(
        org3,
        "TEE_JOB",
        amountsAndScores(spend, scores),
        Map.of(
            "algorithm",
            "join-aggregate",
            "computeCentre",
            "org4",
            "key",
            "id",
            "aggregates",
            List.of(Map.of("function", "COUNT"), Map.of("function", "SUM", "column", "amount")),
            "minGroupSize",
            2));
  }

  /**
   * The compute centre's faults on the channel. org4's node restarted with a patched worker (one
   * constant changed, so its measurement is not the granted one): no owner releases a key, the task
   * fails naming why. org4's node killed after org1 released and while org2's node hangs: the task
   * fails on the ledger as the worker lost. {@code nodes} holds org1..org4 in that order; org4's
   * entry is replaced by each restart, so the caller stops the last one.
   */
  private void centreFaults(List<NodeProcess> nodes, Path profiles, String spend, String scores)
      throws Exception {
    NodeProcess org1 = nodes.get(0);
    NodeProcess org2 = nodes.get(1);
    NodeProcess org3 = nodes.get(2);

    restartCentre(
        nodes,
        profiles,
        List.of("-Dmitai.tee.worker.classpath-prepend=" + PatchedWorkerProfile.writeUnder(dir)));
    String refused = centreTask(org3, spend, scores);
    JsonPath failed = awaitEnd(org3, "carol", refused);
    assertThat(failed.getString("status")).as(failed.prettify()).isEqualTo("FAILED");
    assertThat(failed.getString("failureReason")).contains("MEASUREMENT_NOT_ALLOWED");
    // The first refusal ends the task; no owner released anything.
    assertThat(
            await("org1's node shows the refusal")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> decisions(org1, "alice", refused), d -> !d.isEmpty()))
        .containsOnly("REFUSED");
    assertThat(Files.readString(org1.log()) + Files.readString(org2.log()))
        .doesNotContain(refused + ": evidence");

    NodeProcess centre = restartCentre(nodes, profiles, List.of());
    org2.freeze();
    try {
      String lost = centreTask(org3, spend, scores);
      await("org1 released its input to the centre")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> decisions(org1, "alice", lost), hasItem("RELEASED"));
      centre.kill();
      JsonPath dead = awaitEnd(org3, "carol", lost);
      assertThat(dead.getString("status")).as(dead.prettify()).isEqualTo("FAILED");
      assertThat(dead.getString("failureReason")).contains("TEE_WORKER_LOST");
    } finally {
      org2.thaw();
    }
    // The centre comes back on its own data (its database left behind by the kill).
    restartCentre(nodes, profiles, List.of());
  }

  /**
   * Stops org4's node (already dead is fine), starts it again on its data with {@code extra}
   * settings, and waits until org1..org3 see the new worker's certificate on the channel: a task
   * submitted earlier would name the old worker.
   */
  private NodeProcess restartCentre(List<NodeProcess> nodes, Path profiles, List<String> extra)
      throws Exception {
    String before = workerCertificate(nodes.get(0), "alice");
    nodes.get(3).stop();
    NodeProcess centre = node("org4", profiles, extra);
    nodes.set(3, centre);
    List<String> members = List.of("alice", "bob", "carol");
    for (int i = 0; i < members.size(); i++) {
      NodeProcess node = nodes.get(i);
      String user = members.get(i);
      await("the centre's new worker registered, as " + user + " sees it")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .until(() -> workerCertificate(node, user), c -> !c.equals(before));
    }
    return centre;
  }

  private static String workerCertificate(NodeProcess node, String user) {
    return as(node, user)
        .get("/api/v1/compute-centres")
        .then()
        .statusCode(200)
        .extract()
        .path("find { it.id == 'org4' }.workerCertificate");
  }

  /** The owners' decisions on the task as {@code node} shows them (none until it sees it). */
  private static List<String> decisions(NodeProcess node, String user, String task) {
    var response = as(node, user).get("/api/v1/tasks/" + task + "/key-releases");
    return response.statusCode() == 200
        ? response.then().extract().jsonPath().getList("decision")
        : List.of();
  }

  private static String grantToOrg3(
      NodeProcess owner, String user, String asset, List<String> columns) {
    return grantToOrg3(
        owner,
        user,
        asset,
        columns,
        Map.of("operations", List.of("JOINT_STATS", "PSI"), "minAssurance", "MPC_SEMI_HONEST"));
  }

  /** A grant to org3 with {@code terms} (operations, assurance, …) over the common ones. */
  private static String grantToOrg3(
      NodeProcess owner,
      String user,
      String asset,
      List<String> columns,
      Map<String, Object> terms) {
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("assetId", asset);
    body.put("grantee", "org3");
    body.put("columns", columns);
    body.put("purpose", "Fabric three-party test");
    body.put("validUntil", "2099-01-01T00:00:00Z");
    body.put("maxUses", 4);
    body.put("minGroupSize", 2);
    body.putAll(terms);
    return as(owner, user)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/grants")
        .then()
        .statusCode(anyOf(equalTo(201), equalTo(202)))
        .extract()
        .path("id");
  }

  private static String submitAsCarol(
      NodeProcess node,
      String operation,
      List<Map<String, Object>> inputs,
      Map<String, Object> params) {
    return as(node, "carol")
        .contentType(ContentType.JSON)
        .body(Map.of("operation", operation, "inputs", inputs, "params", params))
        .post("/api/v1/tasks")
        .then()
        .statusCode(202)
        .extract()
        .path("id");
  }

  private static JsonPath result(NodeProcess node, String user, String task) {
    return as(node, user)
        .get("/api/v1/tasks/" + task + "/result")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /**
   * Faults on the running network, each while org1's node writes: org2's and org3's peers stopped
   * (org1's writes need a second organisation's endorsement: MAJORITY of three) and the orderer
   * stopped for 30 s. Each write is answered 202 PENDING, stays in org1's outbox, and lands exactly
   * once after {@code network.sh up} starts the stopped process again (its ledger kept): one ACTIVE
   * version of the asset on the channel, seen and org2's node writes and reads again.
   */
  private void faults(FabricTestNetwork network, NodeProcess org1, NodeProcess org2)
      throws Exception {
    for (List<String> fault :
        List.of(List.of("peer0.org2.example.com", "peer0.org3.example.com"), List.of("orderer"))) {
      String stopped = String.join(" and ", fault);
      for (String name : fault) {
        ProcessHandle process =
            network.process(name).orElseThrow(() -> new AssertionError(name + " is not running"));
        process.destroy();
        process.onExit().get(60, TimeUnit.SECONDS);
      }

      String id =
          as(org1, "alice")
              .multiPart("name", "written while " + stopped + " is down")
              .multiPart(
                  "file",
                  "rows.csv",
                  "id,amount\n1,1\n".getBytes(StandardCharsets.UTF_8),
                  "text/csv")
              .post("/api/v1/assets")
              .then()
              .statusCode(202)
              .body("ledgerState", equalTo("PENDING"))
              .extract()
              .path("id");
      if (stopped.equals("orderer")) {
        Thread.sleep(Duration.ofSeconds(30).toMillis());
      }
      network.script("up");

      await("the asset written while " + stopped + " was down lands on the channel")
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () ->
                  as(org1, "alice")
                      .get("/api/v1/assets/" + id)
                      .then()
                      .extract()
                      .jsonPath()
                      .getString("status"),
              equalTo("ACTIVE"));
      JsonPath provenance =
          await("org1's node reads the asset's history from the channel")
              .atMost(Duration.ofMinutes(1))
              .pollInterval(Duration.ofSeconds(1))
              .ignoreExceptions()
              .until(
                  () ->
                      as(org1, "alice")
                          .get("/api/v1/provenance/assets/" + id)
                          .then()
                          .statusCode(200)
                          .extract()
                          .jsonPath(),
                  j -> j.getList("entries") != null);
      assertThat(provenance.getList("entries.recordType", String.class))
          .as("one version of the asset: written exactly once")
          .containsExactly("asset");
      // org2's node, whose peer (its Gateway and event source) may have been the one stopped,
      // writes again and sees its write through its projection.
      upload(org2, "bob", "written after " + stopped + " came back", "id,amount\n1,1\n");
    }
  }

  private static JsonPath awaitEnd(NodeProcess node, String user, String task) {
    return await("task " + task + " ends")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> as(node, user).get("/api/v1/tasks/" + task).then().extract().jsonPath(),
            t -> List.of("SUCCEEDED", "FAILED", "REJECTED").contains(t.getString("status")));
  }

  /** {@code POST /api/v1/ledger/verify-result}: the file's canonical hash against the ledger's. */
  private static JsonPath verifyResult(NodeProcess node, String user, String task, String file) {
    return as(node, user)
        .multiPart("taskId", task)
        .multiPart("file", "result.json", file.getBytes(StandardCharsets.UTF_8), "application/json")
        .post("/api/v1/ledger/verify-result")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private NodeProcess node(String org, Path profiles) throws Exception {
    return node(org, profiles, List.of());
  }

  private NodeProcess node(String org, Path profiles, List<String> extra) throws Exception {
    Path properties = profiles.resolve(org).resolve("node.properties");
    assertThat(properties).as("network.sh profiles writes it").isRegularFile();
    NodeProcess node =
        PackagedNode.launcher()
            .dataDir(dir.resolve(org))
            .settings(
                Stream.concat(
                        Stream.of(
                            "-Dquarkus.config.locations=" + properties.toAbsolutePath(),
                            "-Dmitai.compute.port=" + NodeProcess.freePort(),
                            // A federation node refuses to start without a key-store password of
                            // its own (the same one again when it restarts on its data).
                            "-Dmitai.keystore.password=" + KEYSTORE_PASSWORD + "-" + org,
                            "-Dmitai.demo.enabled=true",
                            // org4's node is a compute centre, org3's deals JOINT_STATS triples in
                            // its enclave: the others' operators trust both simulated platform
                            // keys.
                            "-Dmitai.tee.centre.enabled=" + org.equals("org4"),
                            "-Dmitai.tee.centre.check-every=1s",
                            "-Dmitai.tee.centre.simulated-keys=org4="
                                + simulatedKey("org4")
                                + ",org3="
                                + simulatedKey("org3")),
                        extra.stream())
                    .toList())
            .build();
    node.start();
    return node;
  }

  /** The simulated platform key a node makes when its worker first starts. */
  private Path simulatedKey(String org) {
    return dir.resolve(org).resolve("keys").resolve("tee-simulated-platform.pem");
  }

  private static RequestSpecification as(NodeProcess node, String user) {
    return given().baseUri(node.baseUri()).auth().preemptive().basic(user, PASSWORD);
  }

  private static List<String> orgIds(RequestSpecification request) {
    return request.get("/api/v1/orgs").then().statusCode(200).extract().path("id");
  }

  private static String upload(NodeProcess node, String user, String name, String csv) {
    String id =
        as(node, user)
            .multiPart("name", name)
            .multiPart("file", name + ".csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
            .post("/api/v1/assets")
            .then()
            .statusCode(anyOf(equalTo(201), equalTo(202)))
            .extract()
            .path("id");
    await("asset " + id + " active")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                as(node, user)
                    .get("/api/v1/assets/" + id)
                    .then()
                    .extract()
                    .jsonPath()
                    .getString("status"),
            equalTo("ACTIVE"));
    return id;
  }

  /**
   * Copies the nodes' logs to {@code target/fabric-federation-it/}, where {@link FabricTestNetwork}
   * keeps the network's, before the temporary directory is deleted.
   */
  private void keepLogs(Throwable failure) {
    Path kept = Path.of("target", "fabric-federation-it").toAbsolutePath();
    try {
      Files.createDirectories(kept);
      try (var files = Files.list(dir)) {
        for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
          Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      failure.addSuppressed(new IllegalStateException("logs kept in " + kept));
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
