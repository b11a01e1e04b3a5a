package io.mitai.platform.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.compute.enclave.AlgorithmCatalog;
import io.mitai.platform.boot.EmbeddedDatabase;
import io.mitai.platform.tee.PatchedWorkerProfile;
import io.mitai.testsupport.NodeProcess;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * East data, west compute, as four node processes on one host sharing the embedded ledger: org1 and
 * org2 own data, org3 asks for a join-aggregate over both, and org4 is a compute centre whose node
 * runs the enclave worker. Each owner's node attaches to the centre's worker itself, verifies the
 * evidence against its own grant, and records its decision on the ledger.
 */
class ComputeCentreIT {

  private static final String PASSWORD = "mitai-demo";
  private static final String KEYSTORE_PASSWORD = "centre-it-" + System.nanoTime();
  private static final Map<String, String> MEMBER =
      Map.of("org1", "alice", "org2", "bob", "org3", "carol");

  /** Cell values that appear nowhere else: a search for them finds plaintext, nothing else. */
  private static final List<String> REGIONS = List.of("zanzibar", "ulaanbaatar", "tromsoe");

  @TempDir Path dir;
  private EmbeddedDatabase postgres;
  private final Map<String, NodeProcess> nodes = new TreeMap<>();

  @BeforeEach
  void start() throws Exception {
    NodeProcess.searchableByOthers(dir);
    postgres = EmbeddedDatabase.start(dir.resolve("postgres"));
    for (String db : List.of("org1", "org2", "org3", "org4", "ledger")) {
      postgres.createDatabase(db);
    }
    // org3's platform key is made when its worker first starts; the owners' operators trust it.
    for (String owner : List.of("org1", "org2")) {
      Files.createDirectories(trustInOrg3(owner).getParent());
      Files.createSymbolicLink(trustInOrg3(owner), simulatedKey("org3"));
    }
    // The centre first: the first node creates the ledger's schema and its tree-head key, and the
    // owners' nodes are configured to trust the centre's simulated platform key, made at its start.
    for (String org : List.of("org4", "org1", "org2", "org3")) {
      NodeProcess node = node(org, List.of());
      nodes.put(org, node);
      node.start();
    }
  }

  /** Where {@code org}'s operator put the simulated platform key of org3 it trusts. */
  private Path trustInOrg3(String org) {
    return dir.resolve("trust-" + org).resolve("org3-platform.pem");
  }

  /** The simulated platform key a node makes at its first start (read when it is verified). */
  private Path simulatedKey(String org) {
    return dir.resolve(org).resolve("keys").resolve("tee-simulated-platform.pem");
  }

  private NodeProcess node(String org, List<String> extra) throws Exception {
    List<String> settings =
        new ArrayList<>(SharedLedgerNode.settings(org, postgres, dir, KEYSTORE_PASSWORD));
    settings.addAll(
        List.of(
            // org3's node deals JOINT_STATS triples in its own enclave worker: each owner's
            // operator trusts its platform key through a file of its own (withdrawn later).
            "-Dmitai.tee.centre.simulated-keys=org4="
                + simulatedKey("org4")
                + ",org3="
                + trustInOrg3(org),
            "-Dmitai.tee.centre.attach-wait=30s",
            "-Dmitai.tee.worker.timeout=30s"));
    if (org.equals("org4")) {
      settings.add("-Dmitai.tee.centre.enabled=true");
      settings.add("-Dmitai.tee.centre.check-every=1s");
    }
    settings.addAll(extra);
    return PackagedNode.launcher().dataDir(dir.resolve(org)).settings(settings).build();
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

  private static String measurement() {
    return AlgorithmCatalog.builtIn()
        .find("join-aggregate", "1.0.0")
        .orElseThrow()
        .measurement()
        .value()
        .hex();
  }

  /** org1's customers: id, region, spend. */
  private static String customers() {
    StringBuilder sb = new StringBuilder("id,region,spend\n");
    for (int i = 1; i <= 30; i++) {
      sb.append(i)
          .append(',')
          .append(REGIONS.get(i % 3))
          .append(',')
          .append(1000 + i * 7)
          .append(".25\n");
    }
    return sb.toString();
  }

  /** org2's accounts: id, churned; ids 6..40, so 25 ids join. */
  private static String accounts() {
    StringBuilder sb = new StringBuilder("id,churned\n");
    for (int i = 6; i <= 40; i++) {
      sb.append(i).append(',').append(i % 2).append('\n');
    }
    return sb.toString();
  }

  @Test
  void two_owners_data_joined_in_the_centres_worker_each_owner_verifying_it_itself()
      throws Exception {
    for (String org : List.of("org1", "org2", "org3")) {
      await(
          org + " sees the federation and the centre",
          () ->
              as(org).get("/api/v1/orgs").then().extract().jsonPath().getList("id").size() == 4
                  && as(org)
                      .get("/api/v1/compute-centres")
                      .then()
                      .extract()
                      .jsonPath()
                      .getList("id")
                      .contains("org4"));
    }
    String customers = upload("org1", "customers", customers());
    String accounts = upload("org2", "accounts", accounts());
    grant("org1", customers, List.of("id", "region", "spend"));
    grant("org2", accounts, List.of("id", "churned"));
    for (String asset : List.of(customers, accounts)) {
      await(
          "org3's node has projected " + asset,
          () -> as("org3").get("/api/v1/assets/" + asset).statusCode() == 200);
    }

    // 1. The job runs in org4's worker; the result equals the plaintext computation.
    String task = joinAggregate(customers, accounts);
    assertThat(awaitEnd(task)).isEqualTo("SUCCEEDED");
    JsonPath view =
        as("org3").get("/api/v1/tasks/" + task).then().statusCode(200).extract().jsonPath();
    assertThat(view.getString("computeCentre")).isEqualTo("org4");
    assertThat(view.getString("attestationHash")).hasSize(64);
    JsonPath result =
        as("org3")
            .get("/api/v1/tasks/" + task + "/result")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, BigDecimal> sums = new TreeMap<>();
    for (int id = 6; id <= 30; id++) {
      if (id % 2 == 1) {
        String region = REGIONS.get(id % 3);
        counts.computeIfAbsent(region, k -> new long[1])[0]++;
        sums.merge(region, new BigDecimal((1000 + id * 7) + ".25"), BigDecimal::add);
      }
    }
    List<Map<String, Object>> groups = result.getList("result.groups");
    assertThat(groups).hasSize(counts.size());
    for (Map<String, Object> g : groups) {
      String region = (String) ((List<?>) g.get("labels")).get(0);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> values = (List<Map<String, Object>>) g.get("aggregates");
      assertThat(((Number) g.get("rows")).longValue()).as(region).isEqualTo(counts.get(region)[0]);
      assertThat(new BigDecimal((String) values.get(1).get("value")))
          .as(region)
          .isEqualByComparingTo(sums.get(region));
    }
    // Each owner verified the evidence itself: on the ledger and in its own node's log.
    await("org1's node shows both releases", () -> decisions("org1", task).size() == 2);
    JsonPath releases =
        as("org1")
            .get("/api/v1/tasks/" + task + "/key-releases")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(releases.getList("decision")).containsExactly("RELEASED", "RELEASED");
    assertThat(releases.getList("owner")).containsExactly("org1", "org2");
    assertThat(releases.getList("measurement")).containsOnly(measurement());
    for (String owner : List.of("org1", "org2")) {
      assertThat(Files.readString(nodes.get(owner).log()))
          .contains("compute centre org4 verified by " + owner);
    }

    // 2. JOINT_STATS across the owners' nodes, org3's enclave worker dealing the Beaver triples:
    // each owner's node verified the dealer's evidence itself before its party pinned the dealer.
    grant("org1", customers, List.of("id", "spend"), "JOINT_STATS", "MPC_SEMI_HONEST");
    grant("org2", accounts, List.of("id", "churned"), "JOINT_STATS", "MPC_SEMI_HONEST");
    String dealt = enclaveDealtStats(customers, accounts);
    assertThat(awaitEnd(dealt)).isEqualTo("SUCCEEDED");
    JsonPath dealtView =
        as("org3").get("/api/v1/tasks/" + dealt).then().statusCode(200).extract().jsonPath();
    assertThat(dealtView.getString("protocol")).isEqualTo("PSI-ALIGNED-BEAVER/Z2^64-tee-dealer");
    assertThat(dealtView.getString("tripleSource"))
        .isEqualTo(
            "TEE_DEALER assurance=TEE_SIMULATED measurement="
                + AlgorithmCatalog.dealerMeasurement().value().hex());
    JsonPath stats =
        as("org3")
            .get("/api/v1/tasks/" + dealt + "/result")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    BigDecimal spend = BigDecimal.ZERO;
    BigDecimal churnedSpend = BigDecimal.ZERO;
    for (int id = 6; id <= 30; id++) {
      BigDecimal value = new BigDecimal((1000 + id * 7) + ".25");
      spend = spend.add(value);
      churnedSpend = id % 2 == 1 ? churnedSpend.add(value) : churnedSpend;
    }
    assertThat(stats.getLong("result.rows")).as("ids 6..30 in both").isEqualTo(25);
    assertThat(new BigDecimal(stats.getString("result.sums[0]"))).isEqualByComparingTo(spend);
    assertThat(new BigDecimal(stats.getString("result.sums[1]"))).isEqualByComparingTo("12");
    assertThat(new BigDecimal(stats.getString("result.dot[0][1]")).subtract(churnedSpend).abs())
        .isLessThanOrEqualTo(new BigDecimal(stats.getString("result.dotErrorBound[0][1]")));
    for (String owner : List.of("org1", "org2")) {
      assertThat(Files.readString(nodes.get(owner).log()))
          .contains(dealt + ": " + owner + " verified the enclave dealer of org3");
    }

    // org2's operator withdraws its trust in org3's platform: its party refuses the dealer, the
    // session never starts, the task fails naming why.
    Files.delete(trustInOrg3("org2"));
    Files.copy(simulatedKey("org4"), trustInOrg3("org2"));
    String distrusted = enclaveDealtStats(customers, accounts);
    assertThat(awaitEnd(distrusted)).isEqualTo("FAILED");
    assertThat(
            (String)
                as("org3")
                    .get("/api/v1/tasks/" + distrusted)
                    .then()
                    .extract()
                    .path("failureReason"))
        .contains("at party org2")
        .contains("UNAUTHENTICATED_PEER, caused by party tee-dealer");
    await(
        "org2's node logged why it refused the dealer",
        () ->
            Files.readString(nodes.get("org2").log())
                .contains("org2 refused the enclave dealer: its evidence was refused"));

    // 3. A worker with a changed measurement gets no key from anyone; the task fails with why.
    nodes.get("org4").stop();
    NodeProcess patched =
        node(
            "org4",
            List.of(
                "-Dmitai.tee.worker.classpath-prepend=" + PatchedWorkerProfile.writeUnder(dir)));
    nodes.put("org4", patched);
    patched.start();
    String refusedTask = joinAggregate(customers, accounts);
    assertThat(awaitEnd(refusedTask)).isEqualTo("FAILED");
    String reason =
        as("org3").get("/api/v1/tasks/" + refusedTask).then().extract().path("failureReason");
    assertThat(reason).contains("MEASUREMENT_NOT_ALLOWED");
    // The first refusal ends the task; an owner who comes later finds no job (and its refusal is
    // not recorded on a task that is no longer RUNNING). No owner released anything.
    await("org1's node shows a refusal", () -> !decisions("org1", refusedTask).isEmpty());
    assertThat(decisions("org1", refusedTask)).containsOnly("REFUSED");
    // An owner whose part comes after the task failed skips it; none verified the worker.
    await(
        "an owner's node logged its refusal",
        () -> {
          String logs =
              Files.readString(nodes.get("org1").log()) + Files.readString(nodes.get("org2").log());
          return logs.contains(refusedTask + ": org1 refused its key")
              || logs.contains(refusedTask + ": org2 refused its key");
        });
    for (String owner : List.of("org1", "org2")) {
      assertThat(Files.readString(nodes.get(owner).log()))
          .doesNotContain(refusedTask + ": evidence");
    }

    // 4. The centre lost mid-job: org1 has released, org2's node hangs, org4 is killed.
    patched.stop();
    NodeProcess centre = node("org4", List.of());
    nodes.put("org4", centre);
    centre.start();
    nodes.get("org2").freeze();
    String lost = joinAggregate(customers, accounts);
    await("org1 released its input", () -> decisions("org1", lost).contains("RELEASED"));
    centre.kill();
    assertThat(awaitEnd(lost)).isEqualTo("FAILED");
    assertThat(
            (String) as("org3").get("/api/v1/tasks/" + lost).then().extract().path("failureReason"))
        .contains("TEE_WORKER_LOST");
    nodes.get("org2").kill();

    // 5. Nothing of the inputs at the centre: not in its files, its database or its log.
    List<String> found = new ArrayList<>();
    List<Path> centreFiles = new ArrayList<>(List.of(centre.log()));
    try (Stream<Path> files = Files.walk(dir.resolve("org4"))) {
      centreFiles.addAll(files.filter(Files::isRegularFile).toList());
    }
    for (Path f : centreFiles) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      for (String cell : REGIONS) {
        if (text.contains(cell)) {
          found.add(f + " holds " + cell);
        }
      }
    }
    try (Connection c =
            DriverManager.getConnection(
                postgres.jdbcUrl("org4"), postgres.username(), postgres.password());
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet r =
          s.executeQuery(
              "select table_name from information_schema.tables where table_schema = 'public'")) {
        while (r.next()) {
          tables.add(r.getString(1));
        }
      }
      for (String table : tables) {
        try (ResultSet r = s.executeQuery("select * from \"" + table + "\"")) {
          int columns = r.getMetaData().getColumnCount();
          while (r.next()) {
            for (int i = 1; i <= columns; i++) {
              String v = r.getString(i);
              for (String cell : REGIONS) {
                if (v != null && v.contains(cell)) {
                  found.add("org4's table " + table + " holds " + cell);
                }
              }
            }
          }
        }
      }
    }
    assertThat(found).as("plaintext at the compute centre").isEmpty();
  }

  /** The owners' decisions on the task as {@code org}'s node shows them (none until it sees it). */
  private List<String> decisions(String org, String task) {
    var response = as(org).get("/api/v1/tasks/" + task + "/key-releases");
    return response.statusCode() == 200
        ? response.then().extract().jsonPath().getList("decision")
        : List.of();
  }

  private String upload(String org, String name, String csv) {
    return as(org)
        .multiPart("name", name)
        .multiPart("file", name + ".csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
        .post("/api/v1/assets")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private void grant(String owner, String asset, List<String> columns) {
    grant(owner, asset, columns, "TEE_JOB", "TEE_SIMULATED");
  }

  private void grant(
      String owner, String asset, List<String> columns, String operation, String minAssurance) {
    Map<String, Object> body = new HashMap<>();
    body.put("assetId", asset);
    body.put("grantee", "org3");
    body.put("operations", List.of(operation));
    body.put("columns", columns);
    body.put("purpose", "churn by region, computed in the west");
    body.put("validUntil", "2099-01-01T00:00:00Z");
    body.put("maxUses", 10);
    body.put("minAssurance", minAssurance);
    if (operation.equals("TEE_JOB")) {
      body.put("algorithms", List.of(measurement()));
    }
    body.put("minGroupSize", 2);
    as(owner)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/grants")
        .then()
        .statusCode(201);
  }

  private String joinAggregate(String customers, String accounts) {
    Map<String, Object> params = new TreeMap<>();
    params.put("algorithm", "join-aggregate");
    params.put("computeCentre", "org4");
    params.put("key", "id");
    params.put("groupBy", List.of("region"));
    params.put(
        "aggregates",
        List.of(Map.of("function", "COUNT"), Map.of("function", "SUM", "column", "spend")));
    params.put("filter", List.of(Map.of("column", "churned", "op", "EQ", "value", "1")));
    params.put("minGroupSize", 2);
    return as("org3")
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "operation",
                "TEE_JOB",
                "inputs",
                List.of(
                    Map.of("assetId", customers, "columns", List.of("id", "region", "spend")),
                    Map.of("assetId", accounts, "columns", List.of("id", "churned"))),
                "params",
                params))
        .post("/api/v1/tasks")
        .then()
        .statusCode(202)
        .extract()
        .path("id");
  }

  private String enclaveDealtStats(String customers, String accounts) {
    return as("org3")
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "operation",
                "JOINT_STATS",
                "inputs",
                List.of(
                    Map.of("assetId", customers, "columns", List.of("id", "spend")),
                    Map.of("assetId", accounts, "columns", List.of("id", "churned"))),
                "params",
                Map.of(
                    "key",
                    "id",
                    "statistics",
                    List.of("COUNT", "SUM", "DOT"),
                    "dealer",
                    "ENCLAVE",
                    "protocol",
                    "ECDH")))
        .post("/api/v1/tasks")
        .then()
        .statusCode(202)
        .extract()
        .path("id");
  }

  private String awaitEnd(String task) throws InterruptedException {
    return Await.end(() -> as("org3"), task, 120);
  }

  private static void await(String what, Await.Check check) throws Exception {
    Await.until(what, 120, check);
  }
}
