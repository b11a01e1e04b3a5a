package io.mitai.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.contract.json.RecordJson;
import io.mitai.contract.model.Assurance;
import io.mitai.contract.model.GrantRequest;
import io.mitai.contract.model.Operation;
import io.mitai.ledger.EndorsementException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Test;

/**
 * A contract request built on the node runs the contract's checks there; a request the contract
 * would refuse must fail with exactly the problem the ledger's refusal of it gives.
 */
class LedgerProblemsTest {

  private static final Instant UNTIL = Instant.parse("2030-01-01T00:00:00Z");

  /** The problem the ledger's refusal gives: the contract parses the JSON and refuses it. */
  static Problem refusedByTheLedger(String json) {
    try {
      RecordJson.parseInput(json, GrantRequest.class);
    } catch (ChaincodeException e) {
      // As the embedded ledger reports a refusal: the message, and the payload as the code.
      return LedgerProblems.of(
              new EndorsementException(
                  "IssueGrant", e.getMessage(), new String(e.getPayload(), StandardCharsets.UTF_8)))
          .toProblem("/api/v1/grants");
    }
    throw new AssertionError("the contract accepted " + json);
  }

  static Problem refusedOnTheNode(List<Operation> operations, Instant from, List<String> algs) {
    try {
      LedgerProblems.checked(
          () ->
              new GrantRequest(
                  "grant-1",
                  "asset-1",
                  "org2",
                  operations,
                  List.of("email"),
                  "screening",
                  "",
                  from,
                  UNTIL,
                  5,
                  Assurance.MPC_SEMI_HONEST,
                  algs,
                  null,
                  null));
    } catch (ProblemException e) {
      return e.toProblem("/api/v1/grants");
    }
    throw new AssertionError("the node accepted the request");
  }

  static String json(String operations, String validFrom, String algorithms) {
    return "{\"id\":\"grant-1\",\"assetId\":\"asset-1\",\"grantee\":\"org2\",\"operations\":"
        + operations
        + ",\"columns\":[\"email\"],\"purpose\":\"screening\",\"legalBasis\":\"\""
        + (validFrom == null ? "" : ",\"validFrom\":\"" + validFrom + "\"")
        + ",\"validUntil\":\"2030-01-01T00:00:00Z\",\"maxUses\":5,"
        + "\"minAssurance\":\"MPC_SEMI_HONEST\",\"algorithms\":"
        + algorithms
        + "}";
  }

  @Test
  void a_duplicate_operation_fails_on_the_node_as_the_ledger_refuses_it() {
    Problem node = refusedOnTheNode(List.of(Operation.PSI, Operation.PSI), null, List.of());
    assertThat(node).isEqualTo(refusedByTheLedger(json("[\"PSI\",\"PSI\"]", null, "[]")));
    assertThat(node.code()).isEqualTo("INVALID_ARGUMENT");
    assertThat(node.detail()).isEqualTo("field 'operations' contains 'PSI' more than once");
  }

  @Test
  void dates_out_of_order_and_algorithms_without_tee_fail_as_the_ledger_refuses_them() {
    assertThat(refusedOnTheNode(List.of(Operation.PSI), UNTIL.plusSeconds(1), List.of()))
        .isEqualTo(refusedByTheLedger(json("[\"PSI\"]", "2030-01-01T00:00:01Z", "[]")));
    String measurement = "ab".repeat(32);
    assertThat(refusedOnTheNode(List.of(Operation.PSI), null, List.of(measurement)))
        .isEqualTo(refusedByTheLedger(json("[\"PSI\"]", null, "[\"" + measurement + "\"]")));
  }

  @Test
  void a_request_the_contract_accepts_is_built() {
    GrantRequest request =
        LedgerProblems.checked(
            () ->
                new GrantRequest(
                    "grant-1",
                    "asset-1",
                    "org2",
                    List.of(Operation.PSI),
                    List.of("email"),
                    "screening",
                    null,
                    null,
                    UNTIL,
                    5,
                    Assurance.MPC_SEMI_HONEST,
                    null,
                    null,
                    null));
    assertThat(RecordJson.toJson(request))
        .isEqualTo(
            "{\"algorithms\":[],\"assetId\":\"asset-1\",\"columns\":[\"email\"],"
                + "\"grantee\":\"org2\",\"id\":\"grant-1\",\"legalBasis\":\"\",\"maxUses\":5,"
                + "\"minAssurance\":\"MPC_SEMI_HONEST\",\"operations\":[\"PSI\"],"
                + "\"purpose\":\"screening\",\"validUntil\":\"2030-01-01T00:00:00Z\"}");
  }

  @Test
  void a_failure_that_is_not_a_contract_check_is_not_turned_into_a_problem() {
    assertThatThrownBy(
            () ->
                LedgerProblems.checked(
                    () -> {
                      throw new IllegalStateException("a bug");
                    }))
        .isInstanceOf(IllegalStateException.class);
  }
}
