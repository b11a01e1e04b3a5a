package io.mitai.platform.task;

import static io.mitai.platform.support.Tasks.finished;
import static io.mitai.platform.support.Tasks.input;
import static io.mitai.platform.support.Tasks.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.mitai.platform.asset.persistence.StoredAsset;
import io.mitai.platform.ledger.GuardedLedger;
import io.mitai.platform.support.Api;
import io.mitai.platform.support.Csv;
import io.mitai.platform.support.EmbeddedPostgresResource;
import io.mitai.platform.task.persistence.JobState;
import io.mitai.platform.task.persistence.TaskJob;
import io.mitai.platform.task.session.PartyNetwork;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Task execution end to end through the REST API, in sandbox mode: org1 (alice) and org2 (bob)
 * upload and grant; parties run over mutual TLS on loopback; every result is compared with a
 * plaintext computation of the uploaded CSVs and with the hash on the ledger.
 */
@QuarkusTest
class TaskApiTest {

  static final String PROBLEMS = "https://mitai.io/problems/";

  /** One row of the test data: id, region, amount (decimal), score (integer). */
  record Row(String id, String region, BigDecimal amount, long score) {}

  static final List<Row> ALICE_ROWS = rows(1, 12);
  static final List<Row> BOB_ROWS = rows(7, 20);

  static List<Row> rows(int from, int to) {
    List<Row> rows = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      String region = List.of("east", "north", "south").get(i % 3);
      rows.add(
          new Row(
              String.valueOf(i),
              region,
              new BigDecimal(i).multiply(new BigDecimal("1.25")).subtract(new BigDecimal("3.5")),
              (long) i * i - 40));
    }
    return rows;
  }

  static String csv(List<Row> rows) {
    StringBuilder sb = new StringBuilder("id,region,amount,score\n");
    for (Row r : rows) {
      sb.append(r.id())
          .append(',')
          .append(r.region())
          .append(',')
          .append(r.amount().toPlainString())
          .append(',')
          .append(r.score())
          .append('\n');
    }
    return sb.toString();
  }

  /** The uploads and grants every test shares (made once, lazily, through the API). */
  record Fixture(String alice, String bob, String bobToAlice) {}

  private static Fixture fixture;

  static synchronized Fixture fixture() {
    if (fixture == null) {
      String alice = Csv.uploaded(Api.alice(), "alice-sales", csv(ALICE_ROWS));
      String bob = Csv.uploaded(Api.bob(), "bob-sales", csv(BOB_ROWS));
      List<String> all = List.of("id", "region", "amount", "score");
      List<String> mpc = List.of("SECURE_AGGREGATE", "JOINT_STATS");
      // The test tables are small (a dozen rows, groups of four): these grants set a floor of 2.
      grant(Api.alice(), alice, "org3", mpc, all, 100, null, 2);
      grant(Api.bob(), bob, "org3", mpc, all, 100, null, 2);
      String bobToAlice =
          grant(Api.bob(), bob, "org1", List.of("PSI", "PSI_CARDINALITY"), List.of("id"), 10, null);
      fixture = new Fixture(alice, bob, bobToAlice);
    }
    return fixture;
  }

  static String grant(
      RequestSpecification as,
      String assetId,
      String grantee,
      List<String> operations,
      List<String> columns,
      int maxUses,
      String validFrom) {
    return grant(as, assetId, grantee, operations, columns, maxUses, validFrom, null);
  }

  static String grant(
      RequestSpecification as,
      String assetId,
      String grantee,
      List<String> operations,
      List<String> columns,
      int maxUses,
      String validFrom,
      Integer minGroupSize) {
    Map<String, Object> body = new HashMap<>();
    if (minGroupSize != null) {
      body.put("minGroupSize", minGroupSize);
    }
    body.put("assetId", assetId);
    body.put("grantee", grantee);
    body.put("operations", operations);
    body.put("columns", columns);
    body.put("purpose", "joint analysis");
    body.put("validUntil", "2099-01-01T00:00:00Z");
    body.put("maxUses", maxUses);
    body.put("minAssurance", "MPC_SEMI_HONEST");
    if (validFrom != null) {
      body.put("validFrom", validFrom);
    }
    return as.contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/grants")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  static ValidatableResponse submit(
      RequestSpecification as, String operation, List<Map<String, Object>> inputs, Object params) {
    Map<String, Object> body = new HashMap<>();
    body.put("operation", operation);
    body.put("inputs", inputs);
    body.put("params", params);
    return as.contentType(ContentType.JSON).body(body).post("/api/v1/tasks").then();
  }

  static String accepted(
      RequestSpecification as, String operation, List<Map<String, Object>> inputs, Object params) {
    return submit(as, operation, inputs, params)
        .statusCode(202)
        .body("status", equalTo("SUBMITTED"))
        .body("ledgerState", equalTo("DONE"))
        .extract()
        .path("id");
  }

  static String resultBody(String user, String taskId) {
    return Api.as(user)
        .get("/api/v1/tasks/" + taskId + "/result")
        .then()
        .statusCode(200)
        .contentType(ContentType.JSON)
        .extract()
        .asString();
  }

  static BigDecimal sum(List<Row> rows, Function<Row, BigDecimal> value) {
    return rows.stream().map(value).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  static BigDecimal dec(Object value) {
    return new BigDecimal(String.valueOf(value));
  }

  static List<Row> both() {
    List<Row> all = new ArrayList<>(ALICE_ROWS);
    all.addAll(BOB_ROWS);
    return all;
  }

  @Nested
  class Results {

    @Test
    void secure_aggregate_across_two_owners_equals_the_plaintext_sums_and_means() {
      Fixture f = fixture();
      String task =
          accepted(
              Api.carol(),
              "SECURE_AGGREGATE",
              List.of(input(f.alice(), "amount", "score"), input(f.bob(), "amount", "score")),
              Map.of("aggregates", List.of("COUNT", "SUM", "MEAN")));
      JsonPath view = succeeded("carol", task);
      assertThat(view.getString("assurance")).isEqualTo("MPC_SEMI_HONEST");
      assertThat(view.getString("protocol")).startsWith("ADDITIVE-SS");
      assertThat(view.getList("history.status"))
          .containsExactly("SUBMITTED", "RUNNING", "SUCCEEDED");

      JsonPath result = JsonPath.from(resultBody("carol", task));
      assertThat(result.getString("taskId")).isEqualTo(task);
      assertThat(result.getString("operation")).isEqualTo("SECURE_AGGREGATE");
      assertThat(result.getString("assurance")).isEqualTo("MPC_SEMI_HONEST");
      assertThat(result.getString("resultHash")).isEqualTo(view.getString("resultHash"));
      List<Row> rows = both();
      assertThat(result.getLong("result.groups[0].rows")).isEqualTo(rows.size());
      BigDecimal amount = sum(rows, Row::amount);
      BigDecimal score = sum(rows, r -> BigDecimal.valueOf(r.score()));
      assertThat(result.getString("result.groups[0].columns[0].column")).isEqualTo("amount");
      assertThat(result.getLong("result.groups[0].columns[0].count")).isEqualTo(rows.size());
      assertThat(dec(result.getString("result.groups[0].columns[0].sum")))
          .isEqualByComparingTo(amount);
      assertThat(dec(result.getString("result.groups[0].columns[1].sum")))
          .isEqualByComparingTo(score);
      BigDecimal mean = amount.divide(BigDecimal.valueOf(rows.size()), MathContext.DECIMAL64);
      assertThat(
              dec(result.getString("result.groups[0].columns[0].mean"))
                  .round(MathContext.DECIMAL64))
          .isEqualByComparingTo(mean);
    }

    @Test
    void secure_aggregate_grouped_by_region_equals_the_plaintext_group_sums() {
      Fixture f = fixture();
      String task =
          accepted(
              Api.carol(),
              "SECURE_AGGREGATE",
              List.of(input(f.alice(), "region", "amount"), input(f.bob(), "region", "amount")),
              Map.of("aggregates", List.of("COUNT", "SUM"), "groupBy", "region"));
      succeeded("carol", task);
      JsonPath result = JsonPath.from(resultBody("carol", task));
      Map<String, List<Row>> byRegion =
          both().stream()
              .collect(Collectors.groupingBy(Row::region, TreeMap::new, Collectors.toList()));
      assertThat(result.getString("result.groupBy")).isEqualTo("region");
      assertThat(result.getList("result.groups.label"))
          .containsExactlyElementsOf(byRegion.keySet());
      int g = 0;
      for (Map.Entry<String, List<Row>> e : byRegion.entrySet()) {
        String at = "result.groups[" + g++ + "]";
        assertThat(result.getLong(at + ".rows")).isEqualTo(e.getValue().size());
        assertThat(dec(result.getString(at + ".columns[0].sum")))
            .isEqualByComparingTo(sum(e.getValue(), Row::amount));
      }
    }

    @Test
    void joint_stats_with_a_dealer_equals_the_plaintext_statistics_on_the_aligned_rows() {
      Fixture f = fixture();
      String task =
          accepted(
              Api.carol(),
              "JOINT_STATS",
              List.of(input(f.alice(), "id", "amount"), input(f.bob(), "id", "score")),
              Map.of("key", "id", "statistics", List.of("COUNT", "SUM", "DOT")));
      JsonPath view = succeeded("carol", task);
      // org1 and org2 hold the inputs, org3 asks: the requester is the only dealer holding none.
      assertThat(view.getString("tripleSource")).isEqualTo("DEALER_NON_COLLUDING dealer=org3");
      JsonPath result = JsonPath.from(resultBody("carol", task));
      Map<String, Row> bob = BOB_ROWS.stream().collect(Collectors.toMap(Row::id, r -> r));
      List<Row> aligned = ALICE_ROWS.stream().filter(r -> bob.containsKey(r.id())).toList();
      assertThat(result.getList("result.columns")).containsExactly("org1.amount", "org2.score");
      assertThat(result.getLong("result.rows")).isEqualTo(aligned.size());
      assertThat(dec(result.getString("result.sums[0]")))
          .isEqualByComparingTo(sum(aligned, Row::amount));
      assertThat(dec(result.getString("result.sums[1]")))
          .isEqualByComparingTo(sum(aligned, r -> BigDecimal.valueOf(bob.get(r.id()).score())));
      BigDecimal dot =
          sum(aligned, r -> r.amount().multiply(BigDecimal.valueOf(bob.get(r.id()).score())));
      BigDecimal bound = dec(result.getString("result.dotErrorBound[0][1]"));
      assertThat(dec(result.getString("result.dot[0][1]")).subtract(dot).abs())
          .isLessThanOrEqualTo(bound);
      assertThat(result.getString("result.tripleSource")).isEqualTo("DEALER_NON_COLLUDING");
    }

    @Test
    void psi_and_joint_stats_asked_to_run_over_ot_record_it_and_equal_the_plaintext() {
      Fixture f = fixture();
      Map<String, Row> bob = BOB_ROWS.stream().collect(Collectors.toMap(Row::id, r -> r));
      List<Row> aligned = ALICE_ROWS.stream().filter(r -> bob.containsKey(r.id())).toList();
      String psi =
          accepted(
              Api.alice(),
              "PSI",
              List.of(input(f.alice(), "id"), input(f.bob(), "id")),
              Map.of("protocol", "OT"));
      assertThat(succeeded("alice", psi).getString("protocol"))
          .isEqualTo("OT-PSI/KKRT16-IKNP-CO15-curve25519-AES128-SHA256");
      assertThat(JsonPath.from(resultBody("alice", psi)).getList("result.keys"))
          .containsExactlyElementsOf(aligned.stream().map(Row::id).sorted().toList());

      String stats =
          accepted(
              Api.carol(),
              "JOINT_STATS",
              List.of(input(f.alice(), "id", "amount"), input(f.bob(), "id", "score")),
              Map.of("key", "id", "statistics", List.of("COUNT", "SUM"), "protocol", "OT"));
      assertThat(succeeded("carol", stats).getString("protocol"))
          .isEqualTo("OT-PSI-ALIGNED-BEAVER/Z2^64-dealer");
      JsonPath result = JsonPath.from(resultBody("carol", stats));
      assertThat(result.getLong("result.rows")).isEqualTo(aligned.size());
      assertThat(dec(result.getString("result.sums[0]")))
          .isEqualByComparingTo(sum(aligned, Row::amount));
      assertThat(dec(result.getString("result.sums[1]")))
          .isEqualByComparingTo(sum(aligned, r -> BigDecimal.valueOf(bob.get(r.id()).score())));
    }

    @Test
    void psi_and_psi_cardinality_with_a_granted_asset_equal_the_plaintext_intersection() {
      Fixture f = fixture();
      Set<String> bobIds = BOB_ROWS.stream().map(Row::id).collect(Collectors.toSet());
      TreeSet<String> expected =
          ALICE_ROWS.stream()
              .map(Row::id)
              .filter(bobIds::contains)
              .collect(Collectors.toCollection(TreeSet::new));
      List<Map<String, Object>> inputs = List.of(input(f.alice(), "id"), input(f.bob(), "id"));
      String psi = accepted(Api.alice(), "PSI", inputs, Map.of());
      String size = accepted(Api.alice(), "PSI_CARDINALITY", inputs, Map.of());
      succeeded("alice", psi);
      succeeded("alice", size);
      JsonPath keys = JsonPath.from(resultBody("alice", psi));
      assertThat(keys.getList("result.keys")).containsExactlyElementsOf(expected);
      assertThat(keys.getLong("result.size")).isEqualTo(expected.size());
      JsonPath count = JsonPath.from(resultBody("alice", size));
      assertThat(count.getLong("result.size")).isEqualTo(expected.size());
      assertThat(count.getMap("result")).doesNotContainKey("keys");
      // Bob's grant was used (one use per task), alice's own asset needed none.
      JsonPath view =
          JsonPath.from(Api.alice().get("/api/v1/tasks/" + psi).then().extract().asString());
      assertThat(view.getString("inputs[0].grantId")).isNull();
      assertThat(view.getString("inputs[1].grantId")).isEqualTo(f.bobToAlice());
      // A non-participant does not see the task or its result.
      Api.carol().get("/api/v1/tasks/" + psi + "/result").then().statusCode(404);
    }

    @Test
    void delegated_psi_for_a_requester_holding_no_input_equals_the_plaintext_intersection() {
      Fixture f = fixture();
      // org1 and org2 grant org3, which holds neither input.
      String aliceGrant =
          grant(
              Api.alice(),
              f.alice(),
              "org3",
              List.of("PSI", "PSI_CARDINALITY"),
              List.of("id"),
              5,
              null);
      String bobGrant =
          grant(
              Api.bob(),
              f.bob(),
              "org3",
              List.of("PSI", "PSI_CARDINALITY"),
              List.of("id"),
              5,
              null);
      Set<String> bobIds = BOB_ROWS.stream().map(Row::id).collect(Collectors.toSet());
      TreeSet<String> expected =
          ALICE_ROWS.stream()
              .map(Row::id)
              .filter(bobIds::contains)
              .collect(Collectors.toCollection(TreeSet::new));
      List<Map<String, Object>> inputs = List.of(input(f.alice(), "id"), input(f.bob(), "id"));
      String psi = accepted(Api.carol(), "PSI", inputs, Map.of());
      String size = accepted(Api.carol(), "PSI_CARDINALITY", inputs, Map.of());
      JsonPath psiView = succeeded("carol", psi);
      JsonPath sizeView = succeeded("carol", size);
      for (JsonPath view : List.of(psiView, sizeView)) {
        assertThat(view.getString("protocol"))
            .isEqualTo("PSI-DELEGATED/X25519-HKDF-HMAC-SHA256-AES256GCM");
        assertThat(view.getString("assurance")).isEqualTo("MPC_SEMI_HONEST");
        assertThat(view.getString("inputs[0].grantId")).isEqualTo(aliceGrant);
        assertThat(view.getString("inputs[1].grantId")).isEqualTo(bobGrant);
        assertThat(view.getList("history.status"))
            .containsExactly("SUBMITTED", "RUNNING", "SUCCEEDED");
      }
      String body = resultBody("carol", psi);
      JsonPath keys = JsonPath.from(body);
      assertThat(keys.getList("result.keys")).containsExactlyElementsOf(expected);
      assertThat(keys.getLong("result.size")).isEqualTo(expected.size());
      JsonPath count = JsonPath.from(resultBody("carol", size));
      assertThat(count.getLong("result.size")).isEqualTo(expected.size());
      assertThat(count.getMap("result")).doesNotContainKey("keys");
      // The result hash is on the ledger (RecordTaskResult) and verifies the delivered file.
      String hash = keys.getString("resultHash");
      assertThat(hash).isEqualTo(psiView.getString("resultHash"));
      Api.auditor()
          .get("/api/v1/ledger/tx/" + psiView.getString("ledgerTxId"))
          .then()
          .statusCode(200)
          .body("function", equalTo("RecordTaskResult"))
          .body("eventPayload", containsString(hash));
      verify(Api.auditor(), psi, body).body("matches", equalTo(true));
      // The holders see the task but not its result.
      Api.alice().get("/api/v1/tasks/" + psi + "/result").then().statusCode(403);
      Api.bob().get("/api/v1/tasks/" + psi + "/result").then().statusCode(403);
    }

    @Test
    void the_result_hash_is_on_the_ledger_and_verify_result_matches_only_the_untouched_file() {
      Fixture f = fixture();
      String task =
          accepted(
              Api.carol(),
              "SECURE_AGGREGATE",
              List.of(input(f.alice(), "score"), input(f.bob(), "score")),
              Map.of("aggregates", List.of("SUM")));
      JsonPath view = succeeded("carol", task);
      String body = resultBody("carol", task);
      String hash = JsonPath.from(body).getString("resultHash");
      // The task record on the ledger holds the hash, written by RecordTaskResult.
      Api.auditor()
          .get("/api/v1/ledger/tx/" + view.getString("ledgerTxId"))
          .then()
          .statusCode(200)
          .body("function", equalTo("RecordTaskResult"))
          .body("eventName", equalTo("TaskSucceeded"))
          .body("eventPayload", containsString(hash));
      verify(Api.auditor(), task, body)
          .body("matches", equalTo(true))
          .body("ledgerHash", equalTo(hash));
      // Reformatted (whitespace, key order) still matches: the file is canonicalised.
      String pretty = JsonPath.from(body).prettify();
      verify(Api.carol(), task, pretty).body("matches", equalTo(true));
      String tampered =
          body.replace("\"rows\":" + both().size(), "\"rows\":" + (both().size() + 1));
      assertThat(tampered).isNotEqualTo(body);
      verify(Api.auditor(), task, tampered).body("matches", equalTo(false));
      verify(Api.auditor(), task, "not json").statusCode(422);
    }

    @Test
    void a_result_is_for_the_requester_only() {
      Fixture f = fixture();
      String task =
          accepted(
              Api.carol(),
              "SECURE_AGGREGATE",
              List.of(input(f.alice(), "amount"), input(f.bob(), "amount")),
              Map.of("aggregates", List.of("COUNT")));
      succeeded("carol", task);
      Api.bob()
          .get("/api/v1/tasks/" + task + "/result")
          .then()
          .statusCode(403)
          .body("type", equalTo(PROBLEMS + "forbidden"));
      Api.alice().get("/api/v1/tasks/" + task + "/result").then().statusCode(403);
      Api.carol().get("/api/v1/tasks/task-unknown/result").then().statusCode(404);
    }

    @Test
    void a_task_submitted_while_the_ledger_is_down_is_pending_then_runs() {
      Fixture f = fixture();
      String task;
      ledger.suspendWrites();
      try {
        task =
            submit(
                    Api.carol(),
                    "SECURE_AGGREGATE",
                    List.of(input(f.alice(), "amount"), input(f.bob(), "amount")),
                    Map.of("aggregates", List.of("SUM")))
                .statusCode(202)
                .body("status", equalTo("PENDING"))
                .body("ledgerState", equalTo("PENDING"))
                .extract()
                .path("id");
        Api.carol()
            .get("/api/v1/tasks/" + task)
            .then()
            .statusCode(200)
            .body("status", equalTo("PENDING"));
      } finally {
        ledger.resumeWrites();
      }
      succeeded("carol", task);
    }
  }

  @Inject GuardedLedger ledger;
  @Inject io.mitai.platform.keys.HostedOrganisations hosted;
  @Inject PartyNetwork parties;
  @Inject TaskJobs jobs;
  @Inject TaskWorker worker;

  static ValidatableResponse verify(RequestSpecification as, String taskId, String file) {
    return as.multiPart("taskId", taskId)
        .multiPart("file", "result.json", file.getBytes(StandardCharsets.UTF_8), "application/json")
        .post("/api/v1/ledger/verify-result")
        .then();
  }

  @Nested
  class Refusals {

    @Test
    void a_revoked_grant_is_a_403_typed_by_the_reason_with_a_rejected_record_on_the_ledger() {
      String asset = Csv.uploaded(Api.alice(), "revocable", csv(ALICE_ROWS));
      String grant =
          grant(
              Api.alice(), asset, "org3", List.of("SECURE_AGGREGATE"), List.of("amount"), 5, null);
      Api.alice()
          .contentType(ContentType.JSON)
          .body(Map.of("reason", "project ended"))
          .post("/api/v1/grants/" + grant + "/revoke")
          .then()
          .statusCode(200);
      String txId =
          submit(Api.carol(), "SECURE_AGGREGATE", List.of(input(asset, "amount")), Map.of())
              .statusCode(403)
              .contentType("application/problem+json")
              .body("type", equalTo(PROBLEMS + "grant-revoked"))
              .body("code", equalTo("GRANT_REVOKED"))
              .body("detail", containsString("GRANT_REVOKED"))
              .body("ledgerTxId", notNullValue())
              .extract()
              .path("ledgerTxId");
      assertThat(
              Api.carol()
                  .get("/api/v1/ledger/tx/" + txId)
                  .then()
                  .extract()
                  .<String>path("eventName"))
          .isEqualTo("TaskRejected");
      JsonPath tasks = Api.carol().get("/api/v1/tasks").then().extract().jsonPath();
      int i = tasks.getList("ledgerTxId").indexOf(txId);
      assertThat(i).isNotNegative();
      assertThat(tasks.getString("[" + i + "].status")).isEqualTo("REJECTED");
      assertThat(tasks.getString("[" + i + "].rejection.code")).isEqualTo("GRANT_REVOKED");
    }

    @Test
    void an_exhausted_grant_is_refused_after_its_last_use() {
      String asset = Csv.uploaded(Api.alice(), "once", csv(ALICE_ROWS));
      grant(Api.alice(), asset, "org3", List.of("SECURE_AGGREGATE"), List.of("amount"), 1, null);
      List<Map<String, Object>> inputs = List.of(input(asset, "amount"));
      Map<String, Object> params = Map.of("aggregates", List.of("COUNT"));
      accepted(Api.carol(), "SECURE_AGGREGATE", inputs, params);
      submit(Api.carol(), "SECURE_AGGREGATE", inputs, params)
          .statusCode(403)
          .body("type", equalTo(PROBLEMS + "grant-exhausted"));
    }

    @Test
    void a_grant_not_yet_valid_is_refused() {
      String asset = Csv.uploaded(Api.alice(), "later", csv(ALICE_ROWS));
      grant(
          Api.alice(),
          asset,
          "org3",
          List.of("SECURE_AGGREGATE"),
          List.of("amount"),
          3,
          "2098-01-01T00:00:00Z");
      submit(Api.carol(), "SECURE_AGGREGATE", List.of(input(asset, "amount")), Map.of())
          .statusCode(403)
          .body("type", equalTo(PROBLEMS + "grant-not-yet-valid"));
    }

    @Test
    void a_column_not_granted_is_refused() {
      String asset = Csv.uploaded(Api.alice(), "narrow", csv(ALICE_ROWS));
      grant(Api.alice(), asset, "org3", List.of("SECURE_AGGREGATE"), List.of("amount"), 3, null);
      submit(Api.carol(), "SECURE_AGGREGATE", List.of(input(asset, "amount", "score")), Map.of())
          .statusCode(403)
          .body("type", equalTo(PROBLEMS + "column-not-granted"));
    }

    @Test
    void bad_requests_are_problems_and_submit_nothing() {
      Fixture f = fixture();
      int before =
          Api.carol().get("/api/v1/tasks").then().extract().jsonPath().getList("id").size();
      submit(Api.carol(), "SECURE_AGGREGATE", List.of(input(f.alice(), "salary")), Map.of())
          .statusCode(422)
          .body("type", equalTo(PROBLEMS + "unknown-column"));
      submit(
              Api.carol(),
              "SECURE_AGGREGATE",
              List.of(input(f.alice(), "amount")),
              Map.of("aggregates", List.of("MEDIAN")))
          .statusCode(422)
          .body("type", equalTo(PROBLEMS + "invalid-argument"));
      submit(Api.carol(), "SECURE_AGGREGATE", List.of(input(f.alice(), "region")), Map.of())
          .statusCode(422)
          .body("detail", containsString("not numeric"));
      submit(Api.carol(), "JOINT_STATS", List.of(input(f.alice(), "id", "amount")), Map.of())
          .statusCode(422);
      // Two inputs of one organisation cannot form a two-party session.
      String aliceAgain = Csv.uploaded(Api.alice(), "alice-sales-again", csv(ALICE_ROWS));
      submit(Api.alice(), "PSI", List.of(input(f.alice(), "id"), input(aliceAgain, "id")), Map.of())
          .statusCode(422)
          .body("type", equalTo(PROBLEMS + "unsupported-session"));
      submit(Api.carol(), "EXPORT_ALL", List.of(input(f.alice(), "id")), Map.of())
          .statusCode(422)
          .body("type", equalTo(PROBLEMS + "invalid-argument"));
      // A TEE_JOB must name its algorithm (docs/tee.md; TeeJobApiTest runs them).
      submit(Api.carol(), "TEE_JOB", List.of(input(f.alice(), "id")), Map.of())
          .statusCode(422)
          .body("type", equalTo(PROBLEMS + "invalid-argument"));
      submit(Api.carol(), "SECURE_AGGREGATE", List.of(input("asset-nope", "amount")), Map.of())
          .statusCode(404);
      assertThat(Api.carol().get("/api/v1/tasks").then().extract().jsonPath().getList("id"))
          .hasSize(before);
    }

    @Test
    void the_tee_allow_list_is_read_from_the_ledger() {
      String measurement = "ab".repeat(32);
      ledger.submit(
          hosted.identity("org3"),
          io.mitai.ledger.Invocation.of(
              "RegisterAlgorithm",
              "{\"name\":\"join-aggregate\",\"version\":\"1.0.0\",\"measurement\":\""
                  + measurement
                  + "\",\"description\":\"joins the inputs on a key, aggregates groups of at least k rows\"}"));

      Api.auditor()
          .get("/api/v1/algorithms")
          .then()
          .statusCode(200)
          .body("find { it.measurement == '" + measurement + "' }.name", equalTo("join-aggregate"))
          .body("find { it.measurement == '" + measurement + "' }.version", equalTo("1.0.0"));
    }
  }

  @Nested
  class Failures {

    @Test
    void a_party_that_cannot_decrypt_its_input_fails_the_task_on_the_ledger_with_the_reason()
        throws Exception {
      Fixture f = fixture();
      String broken = Csv.uploaded(Api.bob(), "broken", csv(BOB_ROWS));
      grant(Api.bob(), broken, "org3", List.of("SECURE_AGGREGATE"), List.of("amount"), 3, null);
      String file =
          QuarkusTransaction.requiringNew()
              .call(() -> StoredAsset.<StoredAsset>findById(broken).ciphertext);
      Path path = EmbeddedPostgresResource.DATA_DIR.resolve(file);
      byte[] bytes = Files.readAllBytes(path);
      bytes[20] ^= 0x01; // inside the first segment's ciphertext
      Files.write(path, bytes);
      String task =
          accepted(
              Api.carol(),
              "SECURE_AGGREGATE",
              List.of(input(f.alice(), "amount"), input(broken, "amount")),
              Map.of("aggregates", List.of("SUM")));
      JsonPath view = finished("carol", task);
      assertThat(view.getString("status")).isEqualTo("FAILED");
      assertThat(view.getString("failureReason"))
          .contains("INVALID_INPUT")
          .contains("at party org2")
          .contains("cannot be decrypted");
      assertThat(view.getString("resultHash")).isNull();
      Api.carol()
          .get("/api/v1/tasks/" + task + "/result")
          .then()
          .statusCode(409)
          .body("type", equalTo(PROBLEMS + "result-unavailable"));
    }

    @Test
    void a_stopped_party_fails_the_task_with_the_reason() {
      Fixture f = fixture();
      parties.stop("org2");
      try {
        String task =
            accepted(
                Api.carol(),
                "SECURE_AGGREGATE",
                List.of(input(f.alice(), "amount"), input(f.bob(), "amount")),
                Map.of("aggregates", List.of("SUM")));
        JsonPath view = finished("carol", task);
        assertThat(view.getString("status")).isEqualTo("FAILED");
        assertThat(view.getString("failureReason")).contains("PEER_UNREACHABLE").contains("org2");
      } finally {
        parties.startAll();
      }
    }

    @Test
    void a_party_stopped_while_the_task_runs_fails_it_on_the_ledger_within_the_session_timeout() {
      Fixture f = fixture();
      // 30 000 keys keep org1 hashing to the curve for seconds (ECDH-PSI, asked for: at this size
      // the default would be OT-PSI, done in well under a second): a window to stop org2.
      StringBuilder big = new StringBuilder("id,region,amount,score\n");
      for (int i = 0; i < 30_000; i++) {
        big.append("big-").append(i).append(",east,1.5,").append(i).append('\n');
      }
      String asset = Csv.uploaded(Api.alice(), "alice-big", big.toString());
      grant(Api.bob(), f.bob(), "org1", List.of("PSI"), List.of("id"), 1, null);
      String task =
          accepted(
              Api.alice(),
              "PSI",
              List.of(input(asset, "id"), input(f.bob(), "id")),
              Map.of("protocol", "ECDH"));
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(50))
            .until(
                () ->
                    "RUNNING"
                        .equals(
                            Api.alice()
                                .get("/api/v1/tasks/" + task)
                                .then()
                                .extract()
                                .path("status")));
        // RUNNING is recorded just before the session opens; let the parties get into it.
        await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        parties.stop("org2");
        JsonPath view = finished("alice", task);
        assertThat(view.getString("status")).isEqualTo("FAILED");
        // Detected from the broken links (no TIMEOUT), not by waiting out the session timeout.
        assertThat(view.getString("failureReason"))
            .containsPattern("PEER_DISCONNECTED|PEER_ABORTED|CANCELLED")
            .contains("at party org2")
            .doesNotContain("PEER_UNREACHABLE")
            .doesNotContain("TIMEOUT");
        assertThat(view.getString("resultHash")).isNull();
        assertThat(view.getList("history.status"))
            .containsExactly("SUBMITTED", "RUNNING", "FAILED");
        Api.alice().get("/api/v1/tasks/" + task + "/result").then().statusCode(409);
      } finally {
        parties.startAll();
      }
    }

    @Test
    void a_task_left_running_by_a_killed_node_is_failed_on_restart() {
      Fixture f = fixture();
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
            accepted(
                Api.carol(),
                "SECURE_AGGREGATE",
                List.of(input(f.alice(), "amount"), input(f.bob(), "amount")),
                Map.of("aggregates", List.of("SUM")));
        // Another node instance claims it and records the start, then "dies".
        TaskJobs.Claim claim = jobs.claimNext("node-killed").orElseThrow();
        assertThat(claim.taskId()).isEqualTo(task);
        assertThat(outbox.deliver(claim.startedTx()).isDone()).isTrue();
        Api.carol().get("/api/v1/tasks/" + task).then().body("status", equalTo("RUNNING"));
        worker.recoverOrphans();
        JsonPath view = finished("carol", task);
        assertThat(view.getString("status")).isEqualTo("FAILED");
        assertThat(view.getString("failureReason")).startsWith("NODE_RESTARTED");
      } finally {
        worker.resume();
      }
    }
  }

  @Inject io.mitai.platform.outbox.Outbox outbox;
}
