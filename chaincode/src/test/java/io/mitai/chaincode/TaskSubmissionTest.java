package io.mitai.chaincode;

import static io.mitai.chaincode.support.Expect.failsWithoutWrites;
import static io.mitai.chaincode.support.Fixtures.A1;
import static io.mitai.chaincode.support.Fixtures.B1;
import static io.mitai.chaincode.support.Fixtures.C1;
import static io.mitai.chaincode.support.Fixtures.ONE_YEAR;
import static io.mitai.chaincode.support.Fixtures.ORG1;
import static io.mitai.chaincode.support.Fixtures.ORG2;
import static io.mitai.chaincode.support.Fixtures.ORG3;
import static io.mitai.chaincode.support.Fixtures.STRANGER;
import static io.mitai.chaincode.support.Fixtures.algorithm;
import static io.mitai.chaincode.support.Fixtures.expectOk;
import static io.mitai.chaincode.support.Fixtures.grant;
import static io.mitai.chaincode.support.Fixtures.hex;
import static io.mitai.chaincode.support.Fixtures.input;
import static io.mitai.chaincode.support.Fixtures.psi;
import static io.mitai.chaincode.support.Fixtures.task;
import static io.mitai.chaincode.support.Fixtures.teeGrant;
import static io.mitai.chaincode.support.Fixtures.threeOrgsWithAssets;
import static io.mitai.chaincode.support.Fixtures.withTeeAlgorithm;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mitai.chaincode.support.JsonBuilder;
import io.mitai.chaincode.support.TestLedger;
import io.mitai.chaincode.support.TxResult;
import io.mitai.contract.error.ErrorCode;
import io.mitai.contract.model.RejectionReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code SubmitTask}: admission, every refusal reason, atomicity and malformed input. */
class TaskSubmissionTest {

  private TestLedger ledger;

  @BeforeEach
  void threeOrganisationsAndTheTeeAlgorithm() {
    ledger = withTeeAlgorithm(threeOrgsWithAssets(new TestLedger()));
  }

  private void issue(String owner, JsonBuilder grant) {
    expectOk(ledger.submit(owner, "IssueGrant", grant.json()));
  }

  private int usesConsumed(String grantId) {
    return ledger.evaluate(ORG1, "ReadGrant", grantId).json().get("usesConsumed").asInt();
  }

  private JsonNode submit(String requester, JsonBuilder task) {
    return ledger.submit(requester, "SubmitTask", task.json()).json();
  }

  /** Submits and asserts a REJECTED task with {@code reason} that consumed nothing. */
  private JsonNode rejected(RejectionReason reason, JsonBuilder task, String... grantsUntouched) {
    int[] before = new int[grantsUntouched.length];
    for (int i = 0; i < grantsUntouched.length; i++) {
      before[i] = usesConsumed(grantsUntouched[i]);
    }
    TxResult result = ledger.submit(ORG1, "SubmitTask", task.json());
    JsonNode json = result.json();
    assertThat(json.get("status").asText()).isEqualTo("REJECTED");
    assertThat(json.get("rejection").get("code").asText()).isEqualTo(reason.name());
    assertThat(json.get("rejection").get("message").asText()).isNotBlank();
    assertThat(json.get("inputCommitments")).isEmpty();
    assertThat(result.event().name()).isEqualTo("TaskRejected");
    assertThat(result.event().payload()).isEqualTo(result.payload());
    assertThat(ledger.evaluate(ORG1, "ReadTask", json.get("id").asText()).payload())
        .as("the refusal is recorded")
        .isEqualTo(result.payload());
    for (int i = 0; i < grantsUntouched.length; i++) {
      assertThat(usesConsumed(grantsUntouched[i]))
          .as("grant %s untouched", grantsUntouched[i])
          .isEqualTo(before[i]);
    }
    return json;
  }

  @Nested
  class Admission {

    @BeforeEach
    void grants() {
      issue(ORG2, grant("g-b1", B1, ORG1));
    }

    @Test
    void admits_a_task_and_consumes_one_use_of_the_grant() {
      TxResult result = ledger.submit(ORG1, "SubmitTask", psi("t1").json());

      JsonNode task = result.json();
      assertThat(task.get("status").asText()).isEqualTo("SUBMITTED");
      assertThat(task.get("requester").asText()).isEqualTo(ORG1);
      assertThat(task.has("rejection")).isFalse();
      assertThat(task.get("inputs").get(0).get("owner").asText()).isEqualTo(ORG1);
      assertThat(task.get("inputs").get(0).has("grantId")).as("own asset, no grant").isFalse();
      assertThat(task.get("inputs").get(1).get("owner").asText()).isEqualTo(ORG2);
      assertThat(task.get("inputs").get(1).get("grantId").asText()).isEqualTo("g-b1");
      assertThat(task.get("inputCommitments").toString())
          .isEqualTo("[\"" + hex('c') + "\",\"" + hex('c') + "\"]");
      assertThat(task.get("resultRecipients").toString()).isEqualTo("[\"" + ORG1 + "\"]");
      assertThat(usesConsumed("g-b1")).isEqualTo(1);
      assertThat(result.event().name()).isEqualTo("TaskSubmitted");
      assertThat(result.event().payload()).isEqualTo(result.payload());
    }

    @Test
    void copies_each_input_assets_commitment_in_input_order() {
      expectOk(
          ledger.submit(
              ORG1,
              "RegisterAsset",
              io.mitai.chaincode.support.Fixtures.asset("asset-own2")
                  .with("commitment", hex('1'))
                  .json()));

      JsonNode task =
          submit(
              ORG1,
              task("t1", "PSI", input(B1, null, "email"), input("asset-own2", null, "email")));

      assertThat(task.get("inputCommitments").toString())
          .isEqualTo("[\"" + hex('c') + "\",\"" + hex('1') + "\"]");
    }

    @Test
    void needs_no_grant_for_the_requesters_own_asset() {
      JsonNode task = submit(ORG1, task("t1", "SECURE_AGGREGATE", input(A1, null, "spend", "age")));

      assertThat(task.get("status").asText()).isEqualTo("SUBMITTED");
      assertThat(task.get("inputs").get(0).get("columns").toString())
          .as("column order kept")
          .isEqualTo("[\"spend\",\"age\"]");
    }

    @Test
    void uses_the_named_grant() {
      issue(ORG2, grant("g-b1-other", B1, ORG1));

      JsonNode task =
          submit(
              ORG1, task("t1", "PSI", input(A1, null, "email"), input(B1, "g-b1-other", "email")));

      assertThat(task.get("inputs").get(1).get("grantId").asText()).isEqualTo("g-b1-other");
      assertThat(usesConsumed("g-b1-other")).isEqualTo(1);
      assertThat(usesConsumed("g-b1")).isZero();
    }

    @Test
    void picks_the_first_usable_grant_to_the_requester_in_key_order() {
      issue(ORG2, grant("g-a0", B1, ORG1).with("columns", List.of("spend")));
      issue(ORG2, grant("g-a1", B1, ORG3));
      issue(ORG2, grant("g-c9", B1, ORG1));

      JsonNode task = submit(ORG1, psi("t1"));

      assertThat(task.get("inputs").get(1).get("grantId").asText())
          .as("g-a0 lacks the column, g-a1 is Org3's, g-b1 fits")
          .isEqualTo("g-b1");
      assertThat(usesConsumed("g-c9")).isZero();
    }

    @Test
    void admits_at_the_first_instant_of_validity() {
      issue(
          ORG2,
          grant("g-later", B1, ORG1)
              .with("validFrom", "2026-03-01T00:00:00Z")
              .with("columns", List.of("email", "age")));
      ledger.at(java.time.Instant.parse("2026-03-01T00:00:00Z"));

      JsonNode task =
          submit(ORG1, task("t1", "PSI", input(A1, null, "email"), input(B1, "g-later", "age")));

      assertThat(task.get("status").asText()).isEqualTo("SUBMITTED");
    }

    @Test
    void consumes_one_use_of_each_grant_of_a_multi_input_task() {
      issue(ORG3, grant("g-c1", C1, ORG1));

      JsonNode task =
          submit(
              ORG1,
              task(
                  "t1",
                  "SECURE_AGGREGATE",
                  input(A1, null, "spend"),
                  input(B1, null, "spend"),
                  input(C1, null, "spend")));

      assertThat(task.get("status").asText()).isEqualTo("SUBMITTED");
      assertThat(usesConsumed("g-b1")).isEqualTo(1);
      assertThat(usesConsumed("g-c1")).isEqualTo(1);
    }

    @Test
    void admits_a_TEE_job_at_hardware_assurance() {
      issue(ORG2, teeGrant("g-tee", B1, ORG1, "TEE_HARDWARE"));

      JsonNode task = submit(ORG1, task("t1", "TEE_JOB", input(B1, null, "email", "spend")));

      assertThat(task.get("status").asText()).isEqualTo("SUBMITTED");
      assertThat(task.get("algorithmMeasurement").asText()).isEqualTo(hex('e'));
    }

    @Test
    void admits_a_TEE_job_on_the_requesters_own_asset_without_a_grant() {
      JsonNode task = submit(ORG1, task("t1", "TEE_JOB", input(A1, null, "email", "spend")));

      assertThat(task.get("status").asText()).isEqualTo("SUBMITTED");
      assertThat(task.get("inputs").get(0).has("grantId")).isFalse();
    }

    @Test
    void admits_MPC_where_a_simulated_enclave_would_do() {
      issue(ORG2, grant("g-sim", B1, ORG1).with("minAssurance", "TEE_SIMULATED"));

      JsonNode task =
          submit(ORG1, task("t1", "PSI", input(A1, null, "email"), input(B1, "g-sim", "email")));

      assertThat(task.get("status").asText()).isEqualTo("SUBMITTED");
    }

    @Test
    void lets_results_reach_every_recipient_the_grant_allows() {
      issue(ORG2, grant("g-two", B1, ORG1).with("resultRecipients", List.of(ORG1, ORG3)));

      JsonNode task =
          submit(
              ORG1,
              task("t1", "PSI", input(A1, null, "email"), input(B1, "g-two", "email"))
                  .with("resultRecipients", List.of(ORG3, ORG1)));

      assertThat(task.get("status").asText()).isEqualTo("SUBMITTED");
      assertThat(task.get("resultRecipients").toString())
          .isEqualTo("[\"" + ORG1 + "\",\"" + ORG3 + "\"]");
    }

    @Test
    void refuses_a_duplicate_task_id_even_after_a_rejection() {
      issue(ORG2, grant("g-x", B1, ORG3));
      rejected(RejectionReason.NO_GRANT, task("t1", "SECURE_AGGREGATE", input(C1, null, "spend")));

      failsWithoutWrites(
          ledger,
          ErrorCode.ALREADY_EXISTS,
          () -> ledger.submit(ORG1, "SubmitTask", psi("t1").json()));
    }

    @Test
    void refuses_an_unregistered_requester() {
      failsWithoutWrites(
          ledger,
          ErrorCode.FORBIDDEN,
          () -> ledger.submit(STRANGER, "SubmitTask", psi("t1").json()));
    }
  }

  @Nested
  class Refusals {

    @BeforeEach
    void grants() {
      issue(ORG2, grant("g-b1", B1, ORG1));
    }

    @Test
    void rejects_an_unregistered_result_recipient() {
      rejected(
          RejectionReason.RECIPIENT_NOT_REGISTERED,
          psi("t1").with("resultRecipients", List.of(STRANGER)),
          "g-b1");
    }

    @Test
    void rejects_an_unknown_asset() {
      JsonNode task =
          rejected(
              RejectionReason.ASSET_NOT_FOUND,
              task("t1", "PSI", input(A1, null, "email"), input("asset-none", null, "email")));

      assertThat(task.get("inputs").get(1).has("owner")).isFalse();
    }

    @Test
    void rejects_a_destroyed_asset() {
      expectOk(ledger.submit(ORG2, "DestroyAsset", B1, "shredded"));

      rejected(RejectionReason.ASSET_DESTROYED, psi("t1"), "g-b1");
    }

    @Test
    void rejects_a_destroyed_own_asset() {
      expectOk(ledger.submit(ORG1, "DestroyAsset", A1, "shredded"));

      rejected(RejectionReason.ASSET_DESTROYED, psi("t1"), "g-b1");
    }

    @Test
    void rejects_a_column_the_asset_does_not_have() {
      rejected(
          RejectionReason.COLUMN_NOT_IN_ASSET,
          task("t1", "PSI", input(A1, null, "phone"), input(B1, null, "email")),
          "g-b1");
    }

    @Test
    void rejects_an_asset_without_any_grant_to_the_requester() {
      issue(ORG3, grant("g-c1-org2", C1, ORG2));

      rejected(
          RejectionReason.NO_GRANT,
          task("t1", "PSI", input(A1, null, "email"), input(C1, null, "email")));
    }

    @Test
    void rejects_an_unknown_named_grant() {
      JsonNode task =
          rejected(
              RejectionReason.GRANT_NOT_FOUND,
              task("t1", "PSI", input(A1, null, "email"), input(B1, "g-none", "email")),
              "g-b1");

      assertThat(task.get("inputs").get(1).get("grantId").asText())
          .as("the named grant is recorded")
          .isEqualTo("g-none");
    }

    @Test
    void rejects_a_grant_for_another_asset() {
      issue(ORG3, grant("g-c1", C1, ORG1));

      rejected(
          RejectionReason.GRANT_NOT_FOR_ASSET,
          task("t1", "PSI", input(A1, null, "email"), input(B1, "g-c1", "email")),
          "g-c1",
          "g-b1");
    }

    @Test
    void rejects_a_grant_issued_to_another_organisation() {
      issue(ORG2, grant("g-b1-org3", B1, ORG3));

      rejected(
          RejectionReason.GRANT_NOT_FOR_REQUESTER,
          task("t1", "PSI", input(A1, null, "email"), input(B1, "g-b1-org3", "email")),
          "g-b1-org3");
    }

    @Test
    void rejects_task_after_grant_revoked() {
      expectOk(ledger.submit(ORG2, "RevokeGrant", "g-b1", "ended"));

      rejected(RejectionReason.GRANT_REVOKED, psi("t1"), "g-b1");
    }

    @Test
    void rejects_a_grant_not_yet_valid() {
      issue(ORG2, grant("g-later", B1, ORG1).with("validFrom", "2026-06-01T00:00:00Z"));

      rejected(
          RejectionReason.GRANT_NOT_YET_VALID,
          task("t1", "PSI", input(A1, null, "email"), input(B1, "g-later", "email")),
          "g-later");
    }

    @Test
    void rejects_an_expired_grant() {
      ledger.at(ONE_YEAR.plus(Duration.ofDays(1)));

      rejected(RejectionReason.GRANT_EXPIRED, psi("t1"), "g-b1");
    }

    @Test
    void rejects_at_the_exact_end_of_validity() {
      ledger.at(ONE_YEAR);

      rejected(RejectionReason.GRANT_EXPIRED, psi("t1"), "g-b1");
    }

    @Test
    void rejects_an_exhausted_grant() {
      for (int i = 0; i < 3; i++) {
        assertThat(submit(ORG1, psi("t" + i)).get("status").asText()).isEqualTo("SUBMITTED");
      }

      rejected(RejectionReason.GRANT_EXHAUSTED, psi("t-over"), "g-b1");
      assertThat(usesConsumed("g-b1")).isEqualTo(3);
    }

    @Test
    void rejects_an_operation_the_grant_does_not_allow() {
      rejected(
          RejectionReason.OPERATION_NOT_GRANTED,
          task(
              "t1",
              "JOINT_STATS",
              input(A1, null, "email", "age"),
              input(B1, null, "email", "spend")),
          "g-b1");
    }

    @Test
    void rejects_a_column_the_grant_does_not_cover() {
      rejected(
          RejectionReason.COLUMN_NOT_GRANTED,
          task("t1", "PSI", input(A1, null, "email"), input(B1, null, "age")),
          "g-b1");
    }

    @Test
    void rejects_a_simulated_enclave_where_hardware_is_required() {
      issue(ORG2, teeGrant("g-tee", B1, ORG1, "TEE_HARDWARE"));

      rejected(
          RejectionReason.ASSURANCE_INSUFFICIENT,
          task("t1", "TEE_JOB", input(B1, "g-tee", "email")).with("assurance", "TEE_SIMULATED"),
          "g-tee");
    }

    @Test
    void admits_a_simulated_enclave_where_the_minimum_is_TEE_SIMULATED() {
      issue(
          ORG2,
          grant("g-mixed", B1, ORG1)
              .with("operations", List.of("PSI", "TEE_JOB"))
              .with("minAssurance", "TEE_SIMULATED")
              .with("algorithms", List.of(hex('e'))));

      JsonNode task =
          submit(
              ORG1,
              task("t1", "TEE_JOB", input(B1, "g-mixed", "email"))
                  .with("assurance", "TEE_SIMULATED"));

      assertThat(task.get("status").asText()).isEqualTo("SUBMITTED");
      assertThat(task.get("assurance").asText()).isEqualTo("TEE_SIMULATED");
    }

    @Test
    void rejects_a_TEE_job_on_an_MPC_only_grant() {
      issue(ORG2, grant("g-mpc-only", B1, ORG1).with("operations", List.of("PSI")));

      rejected(
          RejectionReason.OPERATION_NOT_GRANTED,
          task("t1", "TEE_JOB", input(B1, "g-mpc-only", "email")),
          "g-mpc-only");
    }

    @Test
    void rejects_an_algorithm_not_on_the_grants_allow_list() {
      issue(ORG2, teeGrant("g-tee", B1, ORG1, "TEE_HARDWARE"));
      expectOk(ledger.submit(ORG3, "RegisterAlgorithm", algorithm(hex('d')).json()));

      rejected(
          RejectionReason.ALGORITHM_NOT_GRANTED,
          task("t1", "TEE_JOB", input(B1, "g-tee", "email")).with("algorithmMeasurement", hex('d')),
          "g-tee");
    }

    @Test
    void rejects_an_unregistered_algorithm_and_consumes_nothing() {
      issue(ORG2, teeGrant("g-tee", B1, ORG1, "TEE_HARDWARE"));

      JsonNode task =
          rejected(
              RejectionReason.ALGORITHM_NOT_REGISTERED,
              task("t1", "TEE_JOB", input(B1, "g-tee", "email"))
                  .with("algorithmMeasurement", hex('d')),
              "g-tee",
              "g-b1");

      assertThat(task.get("rejection").get("message").asText()).contains(hex('d'));
      assertThat(task.get("algorithmMeasurement").asText()).isEqualTo(hex('d'));
    }

    @Test
    void rejects_an_unregistered_algorithm_on_the_requesters_own_asset() {
      rejected(
          RejectionReason.ALGORITHM_NOT_REGISTERED,
          task("t1", "TEE_JOB", input(A1, null, "email")).with("algorithmMeasurement", hex('d')));
    }

    @Test
    void checks_the_algorithm_before_any_input() {
      rejected(
          RejectionReason.ALGORITHM_NOT_REGISTERED,
          task("t1", "TEE_JOB", input("asset-none", null, "email"))
              .with("algorithmMeasurement", hex('d')));
    }

    @Test
    void checks_the_result_recipients_before_the_algorithm() {
      rejected(
          RejectionReason.RECIPIENT_NOT_REGISTERED,
          task("t1", "TEE_JOB", input(A1, null, "email"))
              .with("algorithmMeasurement", hex('d'))
              .with("resultRecipients", List.of(STRANGER)));
    }

    @Test
    void rejects_a_result_recipient_the_grant_does_not_allow() {
      rejected(
          RejectionReason.RECIPIENT_NOT_ALLOWED,
          psi("t1").with("resultRecipients", List.of(ORG1, ORG3)),
          "g-b1");
    }

    @Test
    void reports_the_reason_of_the_requesters_first_grant_in_key_order() {
      issue(ORG2, grant("g-a", B1, ORG1).with("columns", List.of("spend")));
      expectOk(ledger.submit(ORG2, "RevokeGrant", "g-b1", "ended"));
      issue(ORG2, grant("g-0", B1, ORG3));

      rejected(RejectionReason.COLUMN_NOT_GRANTED, psi("t1"), "g-a", "g-b1", "g-0");
    }

    @Test
    void checks_inputs_in_order_and_reports_the_first_failure() {
      expectOk(ledger.submit(ORG2, "RevokeGrant", "g-b1", "ended"));

      rejected(
          RejectionReason.ASSET_NOT_FOUND,
          task(
              "t1",
              "SECURE_AGGREGATE",
              input("asset-none", null, "spend"),
              input(B1, null, "spend")));
    }

    @Test
    void consumes_nothing_when_the_second_grant_fails() {
      issue(ORG3, grant("g-c1", C1, ORG1));
      expectOk(ledger.submit(ORG3, "RevokeGrant", "g-c1", "ended"));

      JsonNode task =
          rejected(
              RejectionReason.GRANT_REVOKED,
              task("t1", "SECURE_AGGREGATE", input(B1, null, "spend"), input(C1, null, "spend")),
              "g-b1",
              "g-c1");

      assertThat(task.get("rejection").get("message").asText()).contains("input 1");
      assertThat(task.get("inputs").get(0).has("grantId"))
          .as("auto-selected grants are not recorded on a rejected task")
          .isFalse();
      assertThat(task.get("inputs").get(1).get("owner").asText()).isEqualTo(ORG3);
    }

    @Test
    void records_rejections_under_the_asset_and_requester_indexes() {
      expectOk(ledger.submit(ORG2, "RevokeGrant", "g-b1", "ended"));
      rejected(RejectionReason.GRANT_REVOKED, psi("t1"));

      assertThat(ledger.evaluate(ORG2, "QueryTasksByAsset", B1).json().findValuesAsText("status"))
          .containsExactly("REJECTED");
      assertThat(ledger.evaluate(ORG2, "QueryTasksByRequester", ORG1).json()).hasSize(1);
    }
  }

  @Nested
  class MalformedInput {

    static Stream<Arguments> malformed() {
      Map<String, Object> a = input(A1, null, "email");
      Map<String, Object> b = input(B1, null, "email");
      return Stream.of(
          Arguments.of("PSI with one input", task("t", "PSI", a)),
          Arguments.of("PSI with three inputs", task("t", "PSI", a, b, input(C1, null, "email"))),
          Arguments.of("JOINT_STATS with one input", task("t", "JOINT_STATS", a)),
          Arguments.of("no inputs", task("t", "SECURE_AGGREGATE")),
          Arguments.of("the same asset twice", task("t", "PSI", a, input(A1, null, "age"))),
          Arguments.of("input without columns", task("t", "PSI", a, input(B1, null))),
          Arguments.of(
              "input with duplicate columns",
              task("t", "PSI", a, input(B1, null, "email", "email"))),
          Arguments.of(
              "input without assetId",
              task("t", "PSI", a, JsonBuilder.object().with("columns", List.of("email")).map())),
          Arguments.of("malformed grantId", task("t", "PSI", a, input(B1, "bad grant", "email"))),
          Arguments.of(
              "algorithmMeasurement on an MPC task",
              task("t", "PSI", a, b).with("algorithmMeasurement", hex('e'))),
          Arguments.of(
              "TEE_JOB without measurement",
              task("t", "TEE_JOB", a).without("algorithmMeasurement")),
          Arguments.of(
              "PSI at TEE_HARDWARE", task("t", "PSI", a, b).with("assurance", "TEE_HARDWARE")),
          Arguments.of(
              "SECURE_AGGREGATE at TEE_SIMULATED",
              task("t", "SECURE_AGGREGATE", a).with("assurance", "TEE_SIMULATED")),
          Arguments.of(
              "TEE_JOB at MPC_SEMI_HONEST",
              task("t", "TEE_JOB", a).with("assurance", "MPC_SEMI_HONEST")),
          Arguments.of("unknown operation", task("t", "PSI", a, b).with("operation", "MAGIC")),
          Arguments.of("unknown assurance", task("t", "PSI", a, b).with("assurance", "HIGH")),
          Arguments.of("missing assurance", task("t", "PSI", a, b).without("assurance")),
          Arguments.of("bad parameterHash", task("t", "PSI", a, b).with("parameterHash", "00")),
          Arguments.of("missing protocol", task("t", "PSI", a, b).without("protocol")),
          Arguments.of("malformed id", task("t t", "PSI", a, b)),
          Arguments.of("status supplied", task("t", "PSI", a, b).with("status", "SUBMITTED")),
          Arguments.of("requester supplied", task("t", "PSI", a, b).with("requester", ORG2)),
          Arguments.of(
              "empty resultRecipients", task("t", "PSI", a, b).with("resultRecipients", List.of())),
          Arguments.of(
              "owner supplied in an input",
              task(
                  "t",
                  "PSI",
                  a,
                  JsonBuilder.object()
                      .with("assetId", B1)
                      .with("owner", ORG2)
                      .with("columns", List.of("email"))
                      .map())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejects_malformed_input_and_writes_nothing(String why, JsonBuilder task) {
      issue(ORG2, grant("g-b1", B1, ORG1));

      failsWithoutWrites(
          ledger, ErrorCode.INVALID_ARGUMENT, () -> ledger.submit(ORG1, "SubmitTask", task.json()));
    }
  }
}
