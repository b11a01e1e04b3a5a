package io.mitai.chaincode;

import static io.mitai.chaincode.support.Expect.error;
import static io.mitai.chaincode.support.Expect.failsWithoutWrites;
import static io.mitai.chaincode.support.Fixtures.A1;
import static io.mitai.chaincode.support.Fixtures.B1;
import static io.mitai.chaincode.support.Fixtures.ORG1;
import static io.mitai.chaincode.support.Fixtures.ORG2;
import static io.mitai.chaincode.support.Fixtures.ORG3;
import static io.mitai.chaincode.support.Fixtures.expectOk;
import static io.mitai.chaincode.support.Fixtures.grant;
import static io.mitai.chaincode.support.Fixtures.hex;
import static io.mitai.chaincode.support.Fixtures.input;
import static io.mitai.chaincode.support.Fixtures.psi;
import static io.mitai.chaincode.support.Fixtures.result;
import static io.mitai.chaincode.support.Fixtures.task;
import static io.mitai.chaincode.support.Fixtures.teeGrant;
import static io.mitai.chaincode.support.Fixtures.threeOrgsWithAssets;
import static io.mitai.chaincode.support.Fixtures.withTeeAlgorithm;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mitai.chaincode.support.TestLedger;
import io.mitai.chaincode.support.TxResult;
import io.mitai.contract.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The task state machine through RecordTaskStarted, RecordTaskResult, RecordTaskFailure. */
class TaskLifecycleTest {

  private TestLedger ledger;

  @BeforeEach
  void submittedTask() {
    ledger = threeOrgsWithAssets(new TestLedger());
    expectOk(ledger.submit(ORG2, "IssueGrant", grant("g-b1", B1, ORG1).json()));
    expectOk(ledger.submit(ORG1, "SubmitTask", psi("t1").json()));
  }

  private String status(String taskId) {
    return ledger.evaluate(ORG1, "ReadTask", taskId).json().get("status").asText();
  }

  @Nested
  class RecordTaskStarted {

    @Test
    void moves_a_submitted_task_to_running() {
      TxResult result = ledger.submit(ORG1, "RecordTaskStarted", "t1");

      assertThat(result.json().get("status").asText()).isEqualTo("RUNNING");
      assertThat(result.event().name()).isEqualTo("TaskStarted");
      assertThat(result.event().payload()).isEqualTo(result.payload());
    }

    @Test
    void may_be_recorded_by_the_owner_of_an_input() {
      expectOk(ledger.submit(ORG2, "RecordTaskStarted", "t1"));
    }

    @Test
    void refuses_an_organisation_outside_the_task() {
      failsWithoutWrites(
          ledger, ErrorCode.FORBIDDEN, () -> ledger.submit(ORG3, "RecordTaskStarted", "t1"));
    }

    @Test
    void refuses_to_start_twice() {
      expectOk(ledger.submit(ORG1, "RecordTaskStarted", "t1"));

      failsWithoutWrites(
          ledger, ErrorCode.INVALID_STATE, () -> ledger.submit(ORG1, "RecordTaskStarted", "t1"));
    }

    @Test
    void refuses_to_start_a_rejected_task() {
      expectOk(ledger.submit(ORG2, "RevokeGrant", "g-b1", "ended"));
      expectOk(ledger.submit(ORG1, "SubmitTask", psi("t2").json()));

      failsWithoutWrites(
          ledger, ErrorCode.INVALID_STATE, () -> ledger.submit(ORG1, "RecordTaskStarted", "t2"));
    }

    @Test
    void reports_an_unknown_task() {
      failsWithoutWrites(
          ledger, ErrorCode.NOT_FOUND, () -> ledger.submit(ORG1, "RecordTaskStarted", "t-none"));
    }
  }

  @Nested
  class RecordTaskResult {

    @BeforeEach
    void running() {
      expectOk(ledger.submit(ORG1, "RecordTaskStarted", "t1"));
    }

    @Test
    void records_the_result_hash_and_succeeds() {
      TxResult result =
          ledger.submit(
              ORG2,
              "RecordTaskResult",
              result("t1")
                  .with("attestationHash", hex('9'))
                  .with("tripleSource", "TEE_DEALER")
                  .with("resultRecipients", List.of(ORG1))
                  .json());

      JsonNode json = result.json();
      assertThat(json.get("status").asText()).isEqualTo("SUCCEEDED");
      assertThat(json.get("resultHash").asText()).isEqualTo(hex('f'));
      assertThat(json.get("attestationHash").asText()).isEqualTo(hex('9'));
      assertThat(json.get("tripleSource").asText()).isEqualTo("TEE_DEALER");
      assertThat(result.event().name()).isEqualTo("TaskSucceeded");
      assertThat(result.event().payload()).isEqualTo(result.payload());
    }

    @Test
    void refuses_a_recipient_outside_the_tasks_recipients() {
      failsWithoutWrites(
          ledger,
          ErrorCode.INVALID_ARGUMENT,
          () ->
              ledger.submit(
                  ORG1,
                  "RecordTaskResult",
                  result("t1").with("resultRecipients", List.of(ORG1, ORG3)).json()));
    }

    @Test
    void refuses_a_malformed_result_hash() {
      failsWithoutWrites(
          ledger,
          ErrorCode.INVALID_ARGUMENT,
          () ->
              ledger.submit(
                  ORG1,
                  "RecordTaskResult",
                  result("t1").with("resultHash", "F".repeat(64)).json()));
    }

    @Test
    void refuses_an_organisation_outside_the_task() {
      failsWithoutWrites(
          ledger,
          ErrorCode.FORBIDDEN,
          () -> ledger.submit(ORG3, "RecordTaskResult", result("t1").json()));
    }

    @Test
    void refuses_a_second_result() {
      expectOk(ledger.submit(ORG1, "RecordTaskResult", result("t1").json()));

      failsWithoutWrites(
          ledger,
          ErrorCode.INVALID_STATE,
          () -> ledger.submit(ORG1, "RecordTaskResult", result("t1").json()));
    }

    @Test
    void refuses_a_result_for_a_task_that_never_started() {
      expectOk(ledger.submit(ORG1, "SubmitTask", psi("t2").json()));

      failsWithoutWrites(
          ledger,
          ErrorCode.INVALID_STATE,
          () -> ledger.submit(ORG1, "RecordTaskResult", result("t2").json()));
    }

    @Test
    void requires_an_attestation_for_a_hardware_enclave_task() {
      withTeeAlgorithm(ledger);
      expectOk(
          ledger.submit(ORG2, "IssueGrant", teeGrant("g-tee", B1, ORG1, "TEE_HARDWARE").json()));
      expectOk(
          ledger.submit(
              ORG1, "SubmitTask", task("t-tee", "TEE_JOB", input(B1, null, "email")).json()));
      expectOk(ledger.submit(ORG1, "RecordTaskStarted", "t-tee"));

      failsWithoutWrites(
          ledger,
          ErrorCode.INVALID_ARGUMENT,
          () -> ledger.submit(ORG1, "RecordTaskResult", result("t-tee").json()));
      expectOk(
          ledger.submit(
              ORG1, "RecordTaskResult", result("t-tee").with("attestationHash", hex('9')).json()));
    }

    @Test
    void reports_an_unknown_task() {
      failsWithoutWrites(
          ledger,
          ErrorCode.NOT_FOUND,
          () -> ledger.submit(ORG1, "RecordTaskResult", result("t-none").json()));
    }
  }

  @Nested
  class RecordTaskFailure {

    @Test
    void fails_a_task_that_never_started() {
      TxResult result = ledger.submit(ORG2, "RecordTaskFailure", "t1", "peer unreachable");

      assertThat(result.json().get("status").asText()).isEqualTo("FAILED");
      assertThat(result.json().get("failureReason").asText()).isEqualTo("peer unreachable");
      assertThat(result.event().name()).isEqualTo("TaskFailed");
    }

    @Test
    void fails_a_running_task() {
      expectOk(ledger.submit(ORG1, "RecordTaskStarted", "t1"));

      expectOk(ledger.submit(ORG1, "RecordTaskFailure", "t1", "node killed"));
      assertThat(status("t1")).isEqualTo("FAILED");
    }

    @Test
    void does_not_return_the_consumed_use() {
      expectOk(ledger.submit(ORG1, "RecordTaskFailure", "t1", "node killed"));

      assertThat(ledger.evaluate(ORG1, "ReadGrant", "g-b1").json().get("usesConsumed").asInt())
          .isEqualTo(1);
    }

    @Test
    void refuses_to_fail_a_finished_task() {
      expectOk(ledger.submit(ORG1, "RecordTaskStarted", "t1"));
      expectOk(ledger.submit(ORG1, "RecordTaskResult", result("t1").json()));

      failsWithoutWrites(
          ledger,
          ErrorCode.INVALID_STATE,
          () -> ledger.submit(ORG1, "RecordTaskFailure", "t1", "too late"));
    }

    @Test
    void refuses_to_fail_twice() {
      expectOk(ledger.submit(ORG1, "RecordTaskFailure", "t1", "first"));

      failsWithoutWrites(
          ledger,
          ErrorCode.INVALID_STATE,
          () -> ledger.submit(ORG1, "RecordTaskFailure", "t1", "again"));
    }

    @Test
    void requires_a_reason() {
      failsWithoutWrites(
          ledger,
          ErrorCode.INVALID_ARGUMENT,
          () -> ledger.submit(ORG1, "RecordTaskFailure", "t1", ""));
    }

    @Test
    void refuses_an_organisation_outside_the_task() {
      failsWithoutWrites(
          ledger,
          ErrorCode.FORBIDDEN,
          () -> ledger.submit(ORG3, "RecordTaskFailure", "t1", "sabotage"));
    }
  }

  @Nested
  class ReadTask {

    @Test
    void reads_the_stored_task() {
      assertThat(ledger.evaluate(ORG3, "ReadTask", "t1").payload())
          .isEqualTo(ledger.state().committed("task:t1"));
    }

    @Test
    void reports_not_found() {
      error(ledger.evaluate(ORG1, "ReadTask", "t-none"), ErrorCode.NOT_FOUND);
    }
  }

  @Nested
  class QueryTasks {

    @Test
    void by_asset_lists_every_task_touching_the_asset_in_key_order() {
      expectOk(ledger.submit(ORG1, "SubmitTask", psi("t0").json()));
      expectOk(
          ledger.submit(
              ORG1,
              "SubmitTask",
              task("t-own", "SECURE_AGGREGATE", input(A1, null, "spend")).json()));

      assertThat(ledger.evaluate(ORG2, "QueryTasksByAsset", B1).json().findValuesAsText("id"))
          .containsExactly("t0", "t1");
      assertThat(ledger.evaluate(ORG2, "QueryTasksByAsset", A1).json().findValuesAsText("id"))
          .containsExactly("t-own", "t0", "t1");
    }

    @Test
    void by_requester_lists_the_requesters_tasks() {
      assertThat(ledger.evaluate(ORG2, "QueryTasksByRequester", ORG1).json().findValuesAsText("id"))
          .containsExactly("t1");
      assertThat(ledger.evaluate(ORG2, "QueryTasksByRequester", ORG2).payload()).isEqualTo("[]");
    }
  }
}
