package io.mitai.chaincode;

import static io.mitai.chaincode.support.Expect.failsWithoutWrites;
import static io.mitai.chaincode.support.Fixtures.A1;
import static io.mitai.chaincode.support.Fixtures.B1;
import static io.mitai.chaincode.support.Fixtures.C1;
import static io.mitai.chaincode.support.Fixtures.ORG1;
import static io.mitai.chaincode.support.Fixtures.ORG2;
import static io.mitai.chaincode.support.Fixtures.ORG3;
import static io.mitai.chaincode.support.Fixtures.expectOk;
import static io.mitai.chaincode.support.Fixtures.grant;
import static io.mitai.chaincode.support.Fixtures.input;
import static io.mitai.chaincode.support.Fixtures.result;
import static io.mitai.chaincode.support.Fixtures.task;
import static io.mitai.chaincode.support.Fixtures.threeOrgsWithAssets;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mitai.chaincode.support.JsonBuilder;
import io.mitai.chaincode.support.TestLedger;
import io.mitai.chaincode.support.TxResult;
import io.mitai.contract.error.ErrorCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The aggregation floor ({@code minGroupSize}) of grants and tasks, and a task whose grant or asset
 * is withdrawn while it runs.
 */
class AggregationFloorTest {

  private TestLedger ledger;

  @BeforeEach
  void threeOrganisations() {
    ledger = threeOrgsWithAssets(new TestLedger());
  }

  private JsonNode readGrant(String id) {
    return ledger.evaluate(ORG1, "ReadGrant", id).json();
  }

  private static JsonBuilder aggregate(String id, Map<String, Object>... inputs) {
    return task(id, "SECURE_AGGREGATE", inputs).with("protocol", "SS/Z2^128");
  }

  @Nested
  class IssueGrant {

    @Test
    void a_grant_without_a_floor_gets_the_default_of_ten() {
      expectOk(ledger.submit(ORG2, "IssueGrant", grant("g", B1, ORG1).json()));

      assertThat(readGrant("g").get("minGroupSize").asInt()).isEqualTo(10);
    }

    @Test
    void a_grant_keeps_the_floor_its_owner_sets() {
      expectOk(
          ledger.submit(ORG2, "IssueGrant", grant("g", B1, ORG1).with("minGroupSize", 50).json()));

      assertThat(readGrant("g").get("minGroupSize").asInt()).isEqualTo(50);
    }

    @Test
    void refuses_a_floor_below_two_or_above_a_million() {
      for (Object bad : List.of(0, 1, -5, 1_000_001, "10", 2.5)) {
        failsWithoutWrites(
            ledger,
            ErrorCode.INVALID_ARGUMENT,
            () ->
                ledger.submit(
                    ORG2, "IssueGrant", grant("g", B1, ORG1).with("minGroupSize", bad).json()));
      }
    }
  }

  @Nested
  class SubmitTask {

    @BeforeEach
    void grants() {
      expectOk(
          ledger.submit(
              ORG2, "IssueGrant", grant("g-b1", B1, ORG1).with("minGroupSize", 20).json()));
      expectOk(ledger.submit(ORG3, "IssueGrant", grant("g-c1", C1, ORG1).json()));
    }

    @Test
    void rejects_a_task_asking_for_less_than_a_grants_floor_and_writes_only_the_rejection() {
      java.util.Map<String, String> before = ledger.state().snapshot();

      TxResult result =
          ledger.submit(
              ORG1,
              "SubmitTask",
              aggregate("t1", input(B1, null, "spend")).with("minGroupSize", 19).json());

      JsonNode task = result.json();
      assertThat(task.get("status").asText()).isEqualTo("REJECTED");
      assertThat(task.get("rejection").get("code").asText()).isEqualTo("GROUP_TOO_SMALL");
      assertThat(task.get("rejection").get("message").asText()).contains("20").contains("19");
      assertThat(task.get("minGroupSize").asInt()).isEqualTo(19);
      java.util.Map<String, String> after = new java.util.TreeMap<>(ledger.state().snapshot());
      before.keySet().forEach(after::remove);
      assertThat(after.keySet())
          .as("only the rejected task and its index entries are new")
          .allMatch(k -> k.contains("t1"));
      for (String key : before.keySet()) {
        assertThat(ledger.state().snapshot().get(key)).as(key).isEqualTo(before.get(key));
      }
      assertThat(readGrant("g-b1").get("usesConsumed").asInt()).isZero();
    }

    @Test
    void a_task_without_a_floor_runs_at_the_highest_floor_of_its_grants() {
      JsonNode task =
          expectOk(
                  ledger.submit(
                      ORG1,
                      "SubmitTask",
                      aggregate("t1", input(B1, null, "spend"), input(C1, null, "spend")).json()))
              .json();

      assertThat(task.get("status").asText()).isEqualTo("SUBMITTED");
      assertThat(task.get("minGroupSize").asInt()).isEqualTo(20);
    }

    @Test
    void a_task_may_ask_for_more_than_the_floor() {
      JsonNode task =
          expectOk(
                  ledger.submit(
                      ORG1,
                      "SubmitTask",
                      aggregate("t1", input(B1, null, "spend")).with("minGroupSize", 25).json()))
              .json();

      assertThat(task.get("status").asText()).isEqualTo("SUBMITTED");
      assertThat(task.get("minGroupSize").asInt()).isEqualTo(25);
    }

    @Test
    void the_highest_grant_decides_across_inputs() {
      JsonNode task =
          ledger
              .submit(
                  ORG1,
                  "SubmitTask",
                  aggregate("t1", input(C1, null, "spend"), input(B1, null, "spend"))
                      .with("minGroupSize", 10)
                      .json())
              .json();

      assertThat(task.get("rejection").get("code").asText()).isEqualTo("GROUP_TOO_SMALL");
      assertThat(task.get("rejection").get("message").asText()).contains("g-b1");
    }

    @Test
    void a_task_on_own_data_only_records_no_floor_unless_it_asks_for_one() {
      JsonNode plain =
          expectOk(
                  ledger.submit(
                      ORG1, "SubmitTask", aggregate("t1", input(A1, null, "spend")).json()))
              .json();
      JsonNode asked =
          expectOk(
                  ledger.submit(
                      ORG1,
                      "SubmitTask",
                      aggregate("t2", input(A1, null, "spend")).with("minGroupSize", 1).json()))
              .json();

      assertThat(plain.has("minGroupSize")).isFalse();
      assertThat(asked.get("minGroupSize").asInt()).isEqualTo(1);
    }

    @Test
    void psi_takes_no_floor() {
      failsWithoutWrites(
          ledger,
          ErrorCode.INVALID_ARGUMENT,
          () ->
              ledger.submit(
                  ORG1,
                  "SubmitTask",
                  task("t1", "PSI", input(A1, null, "email"), input(B1, null, "email"))
                      .with("minGroupSize", 20)
                      .json()));
      JsonNode psi =
          expectOk(
                  ledger.submit(
                      ORG1,
                      "SubmitTask",
                      task("t2", "PSI", input(A1, null, "email"), input(B1, null, "email")).json()))
              .json();
      assertThat(psi.has("minGroupSize")).as("no floor recorded on a PSI task").isFalse();
    }
  }

  @Nested
  class LegacyGrant {

    /** A grant as written before grants carried a floor: no {@code minGroupSize} member. */
    private String legacy() {
      expectOk(ledger.submit(ORG2, "IssueGrant", grant("g-old", B1, ORG1).json()));
      String written = ledger.state().committed("grant:g-old");
      String old = written.replace("\"minGroupSize\":10,", "");
      assertThat(old).doesNotContain("minGroupSize");
      ledger.state().force("grant:g-old", old);
      return old;
    }

    private java.util.Set<String> fieldNames(String json) {
      java.util.Set<String> names = new java.util.TreeSet<>();
      try {
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(json)
            .fieldNames()
            .forEachRemaining(names::add);
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
      return names;
    }

    @Test
    void reads_as_the_default_floor_and_stays_without_the_field_when_rewritten() {
      String old = legacy();

      JsonNode refused =
          ledger
              .submit(
                  ORG1,
                  "SubmitTask",
                  aggregate("t1", input(B1, null, "spend")).with("minGroupSize", 9).json())
              .json();
      JsonNode admitted =
          expectOk(
                  ledger.submit(
                      ORG1, "SubmitTask", aggregate("t2", input(B1, null, "spend")).json()))
              .json();

      assertThat(refused.get("rejection").get("code").asText()).isEqualTo("GROUP_TOO_SMALL");
      assertThat(admitted.get("minGroupSize").asInt()).isEqualTo(10);
      String rewritten = ledger.state().committed("grant:g-old");
      assertThat(rewritten).as("a consumed use does not add the field").doesNotContain("minGroup");
      assertThat(fieldNames(rewritten)).isEqualTo(fieldNames(old));
    }
  }

  @Nested
  class WithdrawnWhileRunning {

    @BeforeEach
    void runningTask() {
      expectOk(ledger.submit(ORG2, "IssueGrant", grant("g-b1", B1, ORG1).json()));
      expectOk(ledger.submit(ORG1, "SubmitTask", aggregate("t1", input(B1, null, "spend")).json()));
      expectOk(ledger.submit(ORG1, "RecordTaskStarted", "t1"));
    }

    @Test
    void a_revoked_grant_refuses_the_result_and_lets_the_task_fail_with_grant_revoked() {
      expectOk(ledger.submit(ORG2, "RevokeGrant", "g-b1", "no longer"));

      TxResult refused =
          failsWithoutWrites(
              ledger,
              ErrorCode.INVALID_STATE,
              () -> ledger.submit(ORG1, "RecordTaskResult", result("t1").json()));
      assertThat(refused.message()).contains("GRANT_REVOKED").contains("g-b1");

      JsonNode failed =
          expectOk(
                  ledger.submit(
                      ORG1,
                      "RecordTaskFailure",
                      "t1",
                      "GRANT_REVOKED: grant 'g-b1' was revoked while the task ran"))
              .json();
      assertThat(failed.get("status").asText()).isEqualTo("FAILED");
      assertThat(failed.get("failureReason").asText()).startsWith("GRANT_REVOKED");
      assertThat(failed.has("resultHash")).isFalse();
    }

    @Test
    void the_owner_who_revoked_may_record_the_failure_herself() {
      expectOk(ledger.submit(ORG2, "RevokeGrant", "g-b1", "no longer"));

      expectOk(ledger.submit(ORG2, "RecordTaskFailure", "t1", "GRANT_REVOKED: by the owner"));
    }

    @Test
    void a_destroyed_asset_refuses_the_result() {
      expectOk(ledger.submit(ORG2, "DestroyAsset", B1, "crypto-shredded"));

      TxResult refused =
          failsWithoutWrites(
              ledger,
              ErrorCode.INVALID_STATE,
              () -> ledger.submit(ORG1, "RecordTaskResult", result("t1").json()));
      assertThat(refused.message()).contains("ASSET_DESTROYED");
    }

    @Test
    void an_untouched_grant_lets_the_result_through() {
      expectOk(ledger.submit(ORG1, "RecordTaskResult", result("t1").json()));
    }
  }
}
