package io.mitai.chaincode.state;

import static io.mitai.chaincode.support.Fixtures.B1;
import static io.mitai.chaincode.support.Fixtures.ORG1;
import static io.mitai.chaincode.support.Fixtures.ORG2;
import static io.mitai.chaincode.support.Fixtures.ORG3;
import static io.mitai.chaincode.support.Fixtures.algorithm;
import static io.mitai.chaincode.support.Fixtures.expectOk;
import static io.mitai.chaincode.support.Fixtures.grant;
import static io.mitai.chaincode.support.Fixtures.threeOrgsWithAssets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.chaincode.support.JsonBuilder;
import io.mitai.chaincode.support.TestLedger;
import io.mitai.contract.error.ErrorCode;
import io.mitai.contract.json.RecordJson;
import io.mitai.contract.model.Algorithm;
import io.mitai.contract.model.Assurance;
import io.mitai.contract.model.Grant;
import io.mitai.contract.model.GrantStatus;
import io.mitai.contract.model.Operation;
import io.mitai.contract.model.OrganisationRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Test;

/** The canonical codec: golden bytes, field-order independence, strictness. */
class RecordJsonTest {

  private static String golden(String name) throws IOException {
    try (InputStream in = RecordJsonTest.class.getResourceAsStream("/golden/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }

  private static String issueOnFreshLedger(String json) {
    TestLedger ledger = threeOrgsWithAssets(new TestLedger());
    ledger.at(Instant.parse("2026-02-03T04:05:06.789Z"));
    expectOk(ledger.submit(ORG2, "IssueGrant", json));
    return ledger.state().committed("grant:g-golden");
  }

  private static JsonBuilder goldenGrant() {
    return grant("g-golden", B1, ORG1)
        .with("operations", List.of("SECURE_AGGREGATE", "PSI"))
        .with("columns", List.of("spend", "email"))
        .with("purpose", "fraud screening — Betrugsprüfung 反欺诈")
        .with("resultRecipients", List.of(ORG3, ORG1));
  }

  @Test
  void the_written_grant_is_byte_identical_whatever_the_input_field_order() throws IOException {
    String forward = issueOnFreshLedger(goldenGrant().json());
    String backward = issueOnFreshLedger(goldenGrant().reversed().json());
    String reordered =
        issueOnFreshLedger(
            goldenGrant()
                .with("operations", List.of("PSI", "SECURE_AGGREGATE"))
                .with("columns", List.of("email", "spend"))
                .with("resultRecipients", List.of(ORG1, ORG3))
                .json());

    assertThat(backward).isEqualTo(forward);
    assertThat(reordered).isEqualTo(forward);
    assertThat(forward).isEqualTo(golden("grant-issued.json"));
  }

  /**
   * A grant without {@code minGroupSize} (every grant issued before grants carried a floor) keeps
   * its exact bytes: grant.json is that legacy shape, grant-issued.json the shape of new grants.
   */
  @Test
  void encodes_a_record_as_sorted_compact_utf8_without_nulls() throws IOException {
    Grant grant =
        new Grant(
            "g-golden",
            B1,
            ORG2,
            ORG1,
            List.of(Operation.PSI, Operation.SECURE_AGGREGATE),
            List.of("email", "spend"),
            "fraud screening — Betrugsprüfung 反欺诈",
            "contract 2026-01",
            Instant.parse("2026-02-03T04:05:06.789Z"),
            Instant.parse("2027-01-01T00:00:00Z"),
            3,
            0,
            Assurance.MPC_SEMI_HONEST,
            null,
            List.of(),
            List.of(ORG1, ORG3),
            GrantStatus.ACTIVE,
            null,
            Instant.parse("2026-02-03T04:05:06.789Z"),
            Instant.parse("2026-02-03T04:05:06.789Z"));

    byte[] bytes = RecordJson.toBytes(grant);

    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(golden("grant.json"));
    assertThat(RecordJson.fromState(bytes, Grant.class)).isEqualTo(grant);
  }

  private static final String GOLDEN_MEASUREMENT =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  private static JsonBuilder goldenAlgorithm() {
    return algorithm(GOLDEN_MEASUREMENT)
        .with("version", "1.2.0-rc.1+sgx")
        .with("description", "count/sum/mean per group of ≥ k rows — Gruppen ab k Zeilen 分组");
  }

  private static String registerOnFreshLedger(String json) {
    TestLedger ledger = threeOrgsWithAssets(new TestLedger());
    ledger.at(Instant.parse("2026-02-03T04:05:06.789Z"));
    expectOk(ledger.submit(ORG3, "RegisterAlgorithm", json));
    return ledger.state().committed("algorithm:" + GOLDEN_MEASUREMENT);
  }

  @Test
  void the_written_algorithm_is_byte_identical_whatever_the_input_field_order() throws IOException {
    String forward = registerOnFreshLedger(goldenAlgorithm().json());
    String backward = registerOnFreshLedger(goldenAlgorithm().reversed().json());

    assertThat(backward).isEqualTo(forward);
    assertThat(forward).isEqualTo(golden("algorithm.json"));
  }

  @Test
  void encodes_an_algorithm_as_sorted_compact_utf8() throws IOException {
    Algorithm algorithm =
        new Algorithm(
            GOLDEN_MEASUREMENT,
            "join-aggregate",
            "1.2.0-rc.1+sgx",
            ORG3,
            "count/sum/mean per group of ≥ k rows — Gruppen ab k Zeilen 分组",
            Instant.parse("2026-02-03T04:05:06.789Z"),
            Instant.parse("2026-02-03T04:05:06.789Z"));

    byte[] bytes = RecordJson.toBytes(algorithm);

    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(golden("algorithm.json"));
    assertThat(RecordJson.fromState(bytes, Algorithm.class)).isEqualTo(algorithm);
  }

  @Test
  void writes_instants_in_the_one_iso_utc_form() {
    assertThat(RecordJson.toJson(List.of(Instant.parse("2026-01-01T01:00:00+01:00"))))
        .isEqualTo("[\"2026-01-01T00:00:00Z\"]");
  }

  @Test
  void parse_errors_carry_the_invalid_argument_payload() {
    assertThatThrownBy(
            () ->
                RecordJson.parseInput(
                    io.mitai.chaincode.support.Fixtures.org(ORG1).with("x", 1).json(),
                    OrganisationRequest.class))
        .isInstanceOf(ChaincodeException.class)
        .hasMessageStartingWith("INVALID_ARGUMENT: unknown field 'x'")
        .satisfies(
            e ->
                assertThat(
                        new String(((ChaincodeException) e).getPayload(), StandardCharsets.UTF_8))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT.name()));
  }

  @Test
  void unreadable_state_is_an_internal_error_not_the_callers_fault() {
    assertThatThrownBy(
            () -> RecordJson.fromState("{oops".getBytes(StandardCharsets.UTF_8), Grant.class))
        .hasMessageStartingWith("INTERNAL: ");
  }
}
