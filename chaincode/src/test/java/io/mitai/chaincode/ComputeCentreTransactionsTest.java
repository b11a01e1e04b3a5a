package io.mitai.chaincode;

import static io.mitai.chaincode.support.Expect.error;
import static io.mitai.chaincode.support.Expect.failsWithoutWrites;
import static io.mitai.chaincode.support.Fixtures.A1;
import static io.mitai.chaincode.support.Fixtures.B1;
import static io.mitai.chaincode.support.Fixtures.ORG1;
import static io.mitai.chaincode.support.Fixtures.ORG2;
import static io.mitai.chaincode.support.Fixtures.ORG3;
import static io.mitai.chaincode.support.Fixtures.STRANGER;
import static io.mitai.chaincode.support.Fixtures.expectOk;
import static io.mitai.chaincode.support.Fixtures.hex;
import static io.mitai.chaincode.support.Fixtures.input;
import static io.mitai.chaincode.support.Fixtures.result;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * East data, west compute: an organisation registers its compute centre; a TEE_JOB naming it
 * records it; each input owner records whether it released its key to the centre's worker; a result
 * is accepted only after every owner released.
 */
class ComputeCentreTransactionsTest {

  static final String CERT =
      "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2VudHJl\n-----END CERTIFICATE-----\n";

  private TestLedger ledger;

  static JsonBuilder centre(String endpoint) {
    return JsonBuilder.object()
        .with("workerEndpoint", endpoint)
        .with("workerCertificate", CERT)
        .with("assurance", "TEE_SIMULATED");
  }

  /** ORG3 requests a join of ORG1's A1 and ORG2's B1, run at ORG3's compute centre. */
  static JsonBuilder centreTask(String id, String centre) {
    return task(id, "TEE_JOB", input(A1, "g-a1", "email"), input(B1, "g-b1", "email"))
        .with("assurance", "TEE_SIMULATED")
        .with("computeCentre", centre);
  }

  static JsonBuilder release(String taskId, int index, String decision) {
    JsonBuilder b =
        JsonBuilder.object()
            .with("taskId", taskId)
            .with("inputIndex", index)
            .with("decision", decision)
            .with("measurement", hex('e'));
    return decision.equals("RELEASED")
        ? b.with("evidenceHash", hex('b'))
        : b.with("reason", "KEY_RELEASE_REFUSED: MEASUREMENT_NOT_ALLOWED");
  }

  @BeforeEach
  void grantsToOrg3() {
    ledger = withTeeAlgorithm(threeOrgsWithAssets(new TestLedger()));
    expectOk(ledger.submit(ORG1, "IssueGrant", teeGrant("g-a1", A1, ORG3, "TEE_SIMULATED").json()));
    expectOk(ledger.submit(ORG2, "IssueGrant", teeGrant("g-b1", B1, ORG3, "TEE_SIMULATED").json()));
  }

  @Nested
  class RegisterComputeCentre {

    @Test
    void records_the_callers_worker_endpoint_certificate_and_assurance() {
      TxResult r = ledger.submit(ORG3, "RegisterComputeCentre", centre("west.example:7443").json());

      JsonNode json = r.json();
      assertThat(json.get("id").asText()).isEqualTo(ORG3);
      assertThat(json.get("workerEndpoint").asText()).isEqualTo("west.example:7443");
      assertThat(json.get("workerCertificate").asText()).isEqualTo(CERT);
      assertThat(json.get("assurance").asText()).isEqualTo("TEE_SIMULATED");
      assertThat(r.event().name()).isEqualTo("ComputeCentreRegistered");
      assertThat(ledger.state().committed("centre:" + ORG3)).isEqualTo(r.payload());
      assertThat(ledger.evaluate(ORG1, "ReadComputeCentre", ORG3).payload()).isEqualTo(r.payload());
    }

    @Test
    void an_update_keeps_the_first_registration_time() {
      String first =
          expectOk(ledger.submit(ORG3, "RegisterComputeCentre", centre("a.example:1").json()))
              .json()
              .get("registeredAt")
              .asText();
      ledger.advance(java.time.Duration.ofMinutes(5));
      JsonNode updated =
          expectOk(ledger.submit(ORG3, "RegisterComputeCentre", centre("b.example:2").json()))
              .json();
      assertThat(updated.get("registeredAt").asText()).isEqualTo(first);
      assertThat(updated.get("updatedAt").asText()).isNotEqualTo(first);
      assertThat(updated.get("workerEndpoint").asText()).isEqualTo("b.example:2");
    }

    @Test
    void lists_centres_in_id_order() {
      expectOk(ledger.submit(ORG3, "RegisterComputeCentre", centre("c.example:3").json()));
      expectOk(ledger.submit(ORG1, "RegisterComputeCentre", centre("a.example:1").json()));
      JsonNode list = ledger.evaluate(ORG2, "ListComputeCentres").json();
      assertThat(list).hasSize(2);
      assertThat(list.get(0).get("id").asText()).isEqualTo(ORG1);
      assertThat(list.get(1).get("id").asText()).isEqualTo(ORG3);
    }

    @Test
    void an_unregistered_caller_cannot_register_a_centre() {
      failsWithoutWrites(
          ledger,
          ErrorCode.FORBIDDEN,
          () -> ledger.submit(STRANGER, "RegisterComputeCentre", centre("x.example:1").json()));
    }

    @Test
    void refuses_a_malformed_endpoint_certificate_or_an_mpc_assurance() {
      for (JsonBuilder bad :
          new JsonBuilder[] {
            centre("no-port.example"),
            centre("bad host:1"),
            centre("west.example:70000"),
            centre("west.example:7443").with("workerCertificate", "not a certificate"),
            centre("west.example:7443").with("workerCertificate", CERT + CERT),
            centre("west.example:7443").with("assurance", "MPC_SEMI_HONEST"),
          }) {
        failsWithoutWrites(
            ledger,
            ErrorCode.INVALID_ARGUMENT,
            () -> ledger.submit(ORG3, "RegisterComputeCentre", bad.json()));
      }
    }

    @Test
    void reading_a_centre_that_does_not_exist_is_not_found() {
      error(ledger.evaluate(ORG1, "ReadComputeCentre", ORG2), ErrorCode.NOT_FOUND);
    }
  }

  @Nested
  class A_task_at_a_compute_centre {

    @BeforeEach
    void centreRegistered() {
      expectOk(ledger.submit(ORG3, "RegisterComputeCentre", centre("west.example:7443").json()));
    }

    private void started(String id) {
      expectOk(ledger.submit(ORG3, "SubmitTask", centreTask(id, ORG3).json()));
      expectOk(ledger.submit(ORG3, "RecordTaskStarted", id));
    }

    @Test
    void records_the_centre_on_the_task() {
      JsonNode task = ledger.submit(ORG3, "SubmitTask", centreTask("t1", ORG3).json()).json();
      assertThat(task.get("status").asText()).isEqualTo("SUBMITTED");
      assertThat(task.get("computeCentre").asText()).isEqualTo(ORG3);
    }

    @Test
    void naming_an_unregistered_centre_rejects_the_task_and_consumes_no_grant_use() {
      JsonNode task = ledger.submit(ORG3, "SubmitTask", centreTask("t1", ORG2).json()).json();
      assertThat(task.get("status").asText()).isEqualTo("REJECTED");
      assertThat(task.get("rejection").get("code").asText()).isEqualTo("COMPUTE_CENTRE_UNKNOWN");
      assertThat(ledger.evaluate(ORG1, "ReadGrant", "g-a1").json().get("usesConsumed").asInt())
          .isZero();
    }

    @Test
    void a_centre_is_only_for_tee_jobs() {
      JsonBuilder psi =
          task("t1", "PSI", input(A1, null, "email"), input(B1, null, "email"))
              .with("computeCentre", ORG3);
      failsWithoutWrites(
          ledger, ErrorCode.INVALID_ARGUMENT, () -> ledger.submit(ORG1, "SubmitTask", psi.json()));
    }

    @Test
    void each_owner_records_its_release_once_and_only_for_its_own_input() {
      started("t1");
      TxResult r = ledger.submit(ORG1, "RecordKeyRelease", release("t1", 0, "RELEASED").json());
      assertThat(r.json().get("owner").asText()).isEqualTo(ORG1);
      assertThat(r.json().get("evidenceHash").asText()).isEqualTo(hex('b'));
      assertThat(r.event().name()).isEqualTo("KeyReleaseRecorded");
      assertThat(ledger.state().committed("release:t1:00")).isEqualTo(r.payload());

      failsWithoutWrites(
          ledger,
          ErrorCode.ALREADY_EXISTS,
          () -> ledger.submit(ORG1, "RecordKeyRelease", release("t1", 0, "REFUSED").json()));
      failsWithoutWrites(
          ledger,
          ErrorCode.FORBIDDEN,
          () -> ledger.submit(ORG1, "RecordKeyRelease", release("t1", 1, "RELEASED").json()));
      failsWithoutWrites(
          ledger,
          ErrorCode.FORBIDDEN,
          () -> ledger.submit(ORG3, "RecordKeyRelease", release("t1", 1, "RELEASED").json()));
      failsWithoutWrites(
          ledger,
          ErrorCode.INVALID_ARGUMENT,
          () -> ledger.submit(ORG2, "RecordKeyRelease", release("t1", 2, "RELEASED").json()));
    }

    @Test
    void a_release_needs_a_running_task_that_names_a_centre() {
      expectOk(ledger.submit(ORG3, "SubmitTask", centreTask("t1", ORG3).json()));
      failsWithoutWrites(
          ledger,
          ErrorCode.INVALID_STATE,
          () -> ledger.submit(ORG1, "RecordKeyRelease", release("t1", 0, "RELEASED").json()));

      expectOk(
          ledger.submit(
              ORG3,
              "SubmitTask",
              task("t2", "TEE_JOB", input(A1, "g-a1", "email"))
                  .with("assurance", "TEE_SIMULATED")
                  .json()));
      expectOk(ledger.submit(ORG3, "RecordTaskStarted", "t2"));
      failsWithoutWrites(
          ledger,
          ErrorCode.INVALID_STATE,
          () -> ledger.submit(ORG1, "RecordKeyRelease", release("t2", 0, "RELEASED").json()));
    }

    @Test
    void a_release_needs_evidence_and_a_refusal_needs_a_reason() {
      started("t1");
      for (JsonBuilder bad :
          new JsonBuilder[] {
            release("t1", 0, "RELEASED").with("evidenceHash", null),
            release("t1", 0, "RELEASED").with("evidenceHash", "xyz"),
            release("t1", 0, "RELEASED").with("reason", "why"),
            release("t1", 0, "REFUSED").with("reason", null),
            release("t1", -1, "RELEASED"),
          }) {
        failsWithoutWrites(
            ledger,
            ErrorCode.INVALID_ARGUMENT,
            () -> ledger.submit(ORG1, "RecordKeyRelease", bad.json()));
      }
    }

    @Test
    void a_result_is_refused_until_every_owner_released() {
      started("t1");
      expectOk(ledger.submit(ORG1, "RecordKeyRelease", release("t1", 0, "RELEASED").json()));
      failsWithoutWrites(
          ledger,
          ErrorCode.INVALID_STATE,
          () -> ledger.submit(ORG3, "RecordTaskResult", result("t1").json()));

      expectOk(ledger.submit(ORG2, "RecordKeyRelease", release("t1", 1, "RELEASED").json()));
      JsonNode done = expectOk(ledger.submit(ORG3, "RecordTaskResult", result("t1").json())).json();
      assertThat(done.get("status").asText()).isEqualTo("SUCCEEDED");
      JsonNode releases = ledger.evaluate(ORG3, "ListKeyReleases", "t1").json();
      assertThat(releases).hasSize(2);
      assertThat(releases.get(1).get("owner").asText()).isEqualTo(ORG2);
    }

    @Test
    void a_refusal_is_recorded_with_its_reason_and_the_task_can_only_fail() {
      started("t1");
      expectOk(ledger.submit(ORG1, "RecordKeyRelease", release("t1", 0, "RELEASED").json()));
      JsonNode refused =
          expectOk(ledger.submit(ORG2, "RecordKeyRelease", release("t1", 1, "REFUSED").json()))
              .json();
      assertThat(refused.get("reason").asText()).contains("MEASUREMENT_NOT_ALLOWED");
      failsWithoutWrites(
          ledger,
          ErrorCode.INVALID_STATE,
          () -> ledger.submit(ORG3, "RecordTaskResult", result("t1").json()));
      expectOk(ledger.submit(ORG3, "RecordTaskFailure", "t1", refused.get("reason").asText()));
    }
  }
}
