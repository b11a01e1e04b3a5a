package io.mitai.platform.tee;

import static io.mitai.platform.support.Tasks.finished;
import static io.mitai.platform.support.Tasks.input;
import static io.mitai.platform.support.Tasks.succeeded;
import static io.mitai.platform.tee.TeeApi.PROBLEMS;
import static io.mitai.platform.tee.TeeApi.accepted;
import static io.mitai.platform.tee.TeeApi.grant;
import static io.mitai.platform.tee.TeeApi.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mitai.compute.enclave.WorkerProcess;
import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.ledger.GuardedLedger;
import io.mitai.platform.support.Api;
import io.mitai.platform.support.Csv;
import io.mitai.platform.support.EmbeddedPostgresResource;
import io.mitai.platform.task.persistence.StoredResult;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * TEE jobs end to end through the REST API in sandbox mode: the node starts its enclave worker as a
 * child JVM with the simulated platform, publishes the worker's algorithms on the ledger, and org1
 * (alice) and org2 (bob) release keys for their inputs only to an attested worker.
 */
@QuarkusTest
class TeeJobApiTest {

  @Inject TeeTasks tee;
  @Inject EnclaveWorkers workers;
  @Inject GuardedLedger ledger;
  @Inject HostedOrganisations hosted;

  /** customers of org1: id, region, spend. */
  static String customers() {
    StringBuilder sb = new StringBuilder("id,region,spend\n");
    for (int i = 1; i <= 40; i++) {
      sb.append(i)
          .append(',')
          .append(List.of("east", "west", "north", "south").get(i % 4))
          .append(',')
          .append(new BigDecimal(i * 37 % 101).add(new BigDecimal("0.25")).toPlainString())
          .append('\n');
    }
    return sb.toString();
  }

  /** accounts of org2: id, churned (0/1), score; ids 11..60, so 30 ids join. */
  static String accounts(int from, int to) {
    StringBuilder sb = new StringBuilder("id,churned,score\n");
    for (int i = from; i <= to; i++) {
      sb.append(i)
          .append(',')
          .append(i % 3 == 0 || i % 7 == 0 ? 1 : 0)
          .append(',')
          .append(i % 13)
          .append('\n');
    }
    return sb.toString();
  }

  String measurement(String name) {
    return tee.catalog().entries().stream()
        .filter(e -> e.algorithm().name().equals(name))
        .findFirst()
        .orElseThrow()
        .measurement()
        .value()
        .hex();
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  JsonNode ledgerTask(String taskId) {
    return tree(ledger.evaluate(hosted.identity("org3"), "ReadTask", taskId));
  }

  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void a_join_aggregate_over_two_organisations_equals_the_plaintext_computation() {
    String customers = Csv.uploaded(Api.alice(), "customers", customers());
    String accounts = Csv.uploaded(Api.bob(), "accounts", accounts(11, 60));
    List<String> allowed =
        List.of(measurement("join-aggregate"), measurement("logistic-regression"));
    grant(
        Api.alice(), customers, "org3", List.of("id", "region", "spend"), "TEE_SIMULATED", allowed);
    grant(Api.bob(), accounts, "org3", List.of("id", "churned"), "TEE_SIMULATED", allowed);
    // The allow-list holds the worker's algorithms, published by the node at start.
    Api.auditor()
        .get("/api/v1/algorithms")
        .then()
        .statusCode(200)
        .body(
            "find { it.measurement == '" + measurement("join-aggregate") + "' }.name",
            equalTo("join-aggregate"));

    Map<String, Object> params = new TreeMap<>();
    params.put("algorithm", "join-aggregate");
    params.put("key", "id");
    params.put("groupBy", List.of("region"));
    params.put(
        "aggregates",
        List.of(
            Map.of("function", "COUNT"),
            Map.of("function", "SUM", "column", "spend"),
            Map.of("function", "MEAN", "column", "spend")));
    params.put("filter", List.of(Map.of("column", "churned", "op", "EQ", "value", "1")));
    params.put("minGroupSize", 2);
    String task =
        accepted(
            Api.carol(),
            List.of(input(customers, "id", "region", "spend"), input(accounts, "id", "churned")),
            params);
    JsonPath view = succeeded("carol", task);
    assertThat(view.getString("assurance")).isEqualTo("TEE_SIMULATED");
    assertThat(view.getString("protocol")).isEqualTo("TEE/join-aggregate@1.0.0");

    // The plaintext computation of the same question.
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, BigDecimal> sums = new TreeMap<>();
    for (String line : customers().split("\n")) {
      String[] c = line.split(",");
      if (c[0].equals("id")) {
        continue;
      }
      int id = Integer.parseInt(c[0]);
      boolean churned = id >= 11 && id <= 60 && (id % 3 == 0 || id % 7 == 0);
      if (churned) {
        counts.computeIfAbsent(c[1], k -> new long[1])[0]++;
        sums.merge(c[1], new BigDecimal(c[2]), BigDecimal::add);
      }
    }
    JsonPath result =
        Api.carol()
            .get("/api/v1/tasks/" + task + "/result")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(result.getString("assurance")).isEqualTo("TEE_SIMULATED");
    assertThat(result.getString("operation")).isEqualTo("TEE_JOB");
    assertThat(result.getString("result.algorithm.measurement"))
        .isEqualTo(measurement("join-aggregate"));
    List<Map<String, Object>> groups = result.getList("result.groups");
    List<String> expectedLabels = new ArrayList<>();
    counts.forEach(
        (label, n) -> {
          if (n[0] >= 2) {
            expectedLabels.add(label);
          }
        });
    assertThat(groups)
        .extracting(g -> (Object) ((List<?>) g.get("labels")).get(0))
        .containsExactlyElementsOf(new ArrayList<Object>(expectedLabels));
    for (Map<String, Object> g : groups) {
      String label = (String) ((List<?>) g.get("labels")).get(0);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> values = (List<Map<String, Object>>) g.get("aggregates");
      long n = counts.get(label)[0];
      assertThat(((Number) g.get("rows")).longValue()).isEqualTo(n);
      assertThat(((Number) values.get(0).get("value")).longValue()).isEqualTo(n);
      assertThat(new BigDecimal((String) values.get(1).get("value")))
          .isEqualByComparingTo(sums.get(label));
      assertThat(new BigDecimal((String) values.get(2).get("value")))
          .isEqualByComparingTo(
              sums.get(label).divide(BigDecimal.valueOf(n), MathContext.DECIMAL128));
    }

    // The ledger's task names the measurement, the assurance and the hash of the evidence.
    JsonNode recorded = ledgerTask(task);
    assertThat(recorded.path("algorithmMeasurement").asText())
        .isEqualTo(measurement("join-aggregate"));
    assertThat(recorded.path("assurance").asText()).isEqualTo("TEE_SIMULATED");
    assertThat(recorded.path("attestationHash").asText()).matches("[0-9a-f]{64}");
    assertThat(recorded.path("resultHash").asText()).isEqualTo(result.getString("resultHash"));

    // logistic-regression over the same grants: only coefficients and fit statistics come back.
    Map<String, Object> lr = new TreeMap<>();
    lr.put("algorithm", "logistic-regression");
    lr.put("key", "id");
    lr.put("target", "churned");
    lr.put("features", List.of("spend"));
    String fit =
        accepted(
            Api.carol(),
            List.of(input(customers, "id", "spend"), input(accounts, "id", "churned")),
            lr);
    succeeded("carol", fit);
    JsonPath model =
        Api.carol()
            .get("/api/v1/tasks/" + fit + "/result")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(model.getLong("result.rows")).isEqualTo(30);
    assertThat(model.getList("result.coefficients.term"))
        .containsExactly("(intercept)", "org1.spend");
  }

  @Test
  void a_grant_demanding_hardware_refuses_the_simulated_worker_on_the_ledger() {
    String customers = Csv.uploaded(Api.alice(), "customers-hw", customers());
    String accounts = Csv.uploaded(Api.bob(), "accounts-hw", accounts(11, 60));
    grant(
        Api.bob(),
        accounts,
        "org1",
        List.of("id", "churned"),
        "TEE_HARDWARE",
        List.of(measurement("join-aggregate")));
    String txId =
        submit(
                Api.alice(),
                List.of(input(customers, "id", "region"), input(accounts, "id", "churned")),
                Map.of("algorithm", "join-aggregate", "key", "id", "groupBy", List.of("region")))
            .statusCode(403)
            .body("type", equalTo(PROBLEMS + "assurance-insufficient"))
            .body("code", equalTo("ASSURANCE_INSUFFICIENT"))
            .extract()
            .path("ledgerTxId");
    JsonNode tx =
        tree(
            Api.auditor()
                .get("/api/v1/ledger/tx/" + txId)
                .then()
                .statusCode(200)
                .extract()
                .asString());
    assertThat(tx.path("function").asText()).isEqualTo("SubmitTask");
    assertThat(tx.toString())
        .contains("REJECTED")
        .contains("TEE_HARDWARE")
        .contains("TEE_SIMULATED");
  }

  @Test
  void a_worker_killed_after_keys_were_released_fails_the_task_and_leaves_no_key_behind()
      throws Exception {
    String customers = Csv.uploaded(Api.alice(), "customers-crash", customers());
    // A large second input keeps the node busy releasing it while the worker is stopped.
    String accounts = Csv.uploaded(Api.bob(), "accounts-crash", accounts(1, 60_000));
    List<String> allowed = List.of(measurement("join-aggregate"));
    grant(
        Api.alice(), customers, "org3", List.of("id", "region", "spend"), "TEE_SIMULATED", allowed);
    grant(Api.bob(), accounts, "org3", List.of("id", "churned"), "TEE_SIMULATED", allowed);
    workers.endpoint(); // the sandbox worker is running before the task starts
    WorkerProcess worker = workers.process().orElseThrow();
    AtomicBoolean killed = new AtomicBoolean();
    Consumer<String> crash =
        line -> {
          // As soon as the first input's key and data arrived: freeze, then kill.
          if (line.contains(": input 0 of 2 received") && killed.compareAndSet(false, true)) {
            signal("STOP", worker.pid());
            signal("KILL", worker.pid());
          }
        };
    worker.addListener(crash);
    List<Path> before = files();
    String task =
        accepted(
            Api.carol(),
            List.of(input(customers, "id", "region", "spend"), input(accounts, "id", "churned")),
            Map.of("algorithm", "join-aggregate", "key", "id", "groupBy", List.of("region")));
    JsonPath view = finished("carol", task);
    assertThat(killed).isTrue();
    assertThat(view.getString("status")).isEqualTo("FAILED");
    assertThat(view.getString("failureReason")).startsWith("TEE_WORKER_LOST");
    assertThat(ledgerTask(task).path("status").asText()).isEqualTo("FAILED");
    // Nothing was stored: no result, and no file appeared among the node's keys and ciphertext.
    assertThat(
            QuarkusTransaction.requiringNew()
                .call(() -> StoredResult.<StoredResult>findByIdOptional(task).isPresent()))
        .isFalse();
    assertThat(files()).isEqualTo(before);
    assertThat(worker.isAlive()).isFalse();
    // The next job gets a fresh worker.
    String again =
        accepted(
            Api.carol(),
            List.of(input(customers, "id", "region", "spend"), input(accounts, "id", "churned")),
            Map.of("algorithm", "join-aggregate", "key", "id", "groupBy", List.of("region")));
    succeeded("carol", again);
  }

  static void signal(String signal, long pid) {
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Every file under the node's keys and assets directories. */
  static List<Path> files() throws IOException {
    List<Path> out = new ArrayList<>();
    for (String dir : List.of("keys", "assets")) {
      Path root = EmbeddedPostgresResource.DATA_DIR.resolve(dir);
      if (Files.exists(root)) {
        try (Stream<Path> s = Files.walk(root)) {
          s.filter(Files::isRegularFile).sorted().forEach(out::add);
        }
      }
    }
    return out;
  }
}
