package io.mitai.platform.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two organisations, each with its own node in federation mode, on a real Hyperledger Fabric
 * network brought up by the project's own scripts ({@code fabric-network/network.sh up, channel,
 * deploy, profiles}): org1 shares a numeric asset with org2, org2 aggregates it with its own asset
 * under MPC, reads the result and the provenance, and the network is brought down again.
 *
 * <p>Opt-in: skipped unless {@code FABRIC_BIN} names the bin/ directory of a Fabric 2.5 release (no
 * Fabric binaries are downloaded by the build). It starts from an empty {@code
 * fabric-network/build/} ({@code network.sh down --purge} before and after), so it stops a
 * development network started from the same checkout. It uses the fixed ports of
 * docs/federation.md#ports.
 */
class FabricFederationIT {

  private static final String PASSWORD = "mitai-demo";
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(15);

  @TempDir Path dir;

  private Path script;

  @BeforeEach
  void requireFabricBinaries() {
    String bin = System.getenv("FABRIC_BIN");
    Assumptions.assumeTrue(
        bin != null && !bin.isBlank(),
        "FABRIC_BIN is not set: this test needs the binaries of a Hyperledger Fabric 2.5 release"
            + " (peer, orderer, configtxgen, cryptogen, osnadmin); see docs/federation.md");
    script = networkScript();
  }

  @Test
  void two_nodes_on_fabric_share_aggregate_and_trace_an_asset() throws Exception {
    List<NodeProcess> nodes = new ArrayList<>();
    Throwable failure = null;
    try {
      network("down", "--purge");
      network("up");
      network("channel");
      network("deploy");
      network("profiles");
      Path profiles = script.getParent().resolve("build").resolve("profiles");
      NodeProcess org1 = node("org1", profiles);
      nodes.add(org1);
      NodeProcess org2 = node("org2", profiles);
      nodes.add(org2);

      journey(org1, org2);
    } catch (Throwable t) {
      failure = t;
      keepLogs(t);
      throw t;
    } finally {
      for (NodeProcess node : nodes) {
        node.stop();
      }
      try {
        network("down", "--purge");
      } catch (IOException | RuntimeException e) {
        // Keep the reason the test failed; the one of the clean-up goes with it.
        if (failure == null) {
          throw e;
        }
        failure.addSuppressed(e);
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
                    List.of("SECURE_AGGREGATE"),
                    "columns",
                    List.of("amount"),
                    "purpose",
                    "Fabric federation test",
                    "validUntil",
                    "2099-01-01T00:00:00Z",
                    "maxUses",
                    3,
                    "minAssurance",
                    "MPC_SEMI_HONEST"))
            .post("/api/v1/grants")
            .then()
            .statusCode(anyOf(equalTo(201), equalTo(202)))
            .extract()
            .path("id");

    // org2: its own asset; then it waits until its node has the grant from the channel's events.
    String payments = upload(org2, "bob", "payments", "id,amount\n7,2.25\n8,4\n");
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

    // Provenance of org1's asset, read from the channel's history: the asset, the grant (one use
    // consumed) and the task that used it.
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
    assertThat(provenance.getList("entries.recordId", String.class)).contains(grant, task);
    List<Map<String, Object>> taskEntries =
        provenance.getList("entries.findAll { it.recordType == 'task' }");
    assertThat(taskEntries).extracting(e -> e.get("status")).contains("SUCCEEDED");
    as(org2, "bob")
        .get("/api/v1/provenance/assets/" + claims)
        .then()
        .statusCode(200)
        .body("assetId", equalTo(claims));
  }

  private NodeProcess node(String org, Path profiles) throws Exception {
    Path properties = profiles.resolve(org).resolve("node.properties");
    assertThat(properties).as("network.sh profiles writes it").isRegularFile();
    NodeProcess node =
        new NodeProcess(
            dir.resolve(org),
            NodeProcess.freePort(),
            List.of(
                "-Dquarkus.config.locations=" + properties.toAbsolutePath(),
                "-Dmitai.compute.port=" + NodeProcess.freePort(),
                // A federation node refuses to start without a key-store password of its own.
                "-Dmitai.keystore.password=fabric-it-" + org + "-" + System.nanoTime(),
                "-Dmitai.demo.enabled=true"));
    node.start();
    return node;
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
   * Copies the network's logs (orderer, peers, chaincode servers) and the nodes' logs to {@code
   * target/fabric-federation-it/} before {@code down --purge} deletes them with the temporary
   * directory.
   */
  private void keepLogs(Throwable failure) {
    Path kept = Path.of("target", "fabric-federation-it").toAbsolutePath();
    try {
      Files.createDirectories(kept);
      List<Path> logs = new ArrayList<>();
      Path networkLogs = script.getParent().resolve("build").resolve("logs");
      for (Path from : List.of(networkLogs, dir)) {
        if (Files.isDirectory(from)) {
          try (var files = Files.list(from)) {
            files.filter(f -> f.toString().endsWith(".log")).forEach(logs::add);
          }
        }
      }
      for (Path log : logs) {
        Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
      failure.addSuppressed(new IllegalStateException("logs kept in " + kept));
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  /** Runs {@code network.sh ARGS}; its output goes to a log file named in any failure. */
  private void network(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    Path log = dir.resolve("network.log");
    Process process =
        new ProcessBuilder(command)
            .directory(script.getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "network.sh " + String.join(" ", args) + " took over " + SCRIPT_TIMEOUT + "; see " + log);
    }
    if (process.exitValue() != 0) {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
      throw new IllegalStateException(
          "network.sh "
              + String.join(" ", args)
              + " failed with "
              + process.exitValue()
              + ":\n"
              + tail);
    }
  }

  /** fabric-network/network.sh of this checkout, found from the module's working directory up. */
  private static Path networkScript() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("fabric-network").resolve("network.sh");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "fabric-network/network.sh not found above " + Path.of("").toAbsolutePath());
  }
}
