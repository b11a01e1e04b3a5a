package io.mitai.chaincode;

import static io.mitai.chaincode.support.Expect.error;
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
import static io.mitai.chaincode.support.Fixtures.teeGrant;
import static io.mitai.chaincode.support.Fixtures.threeOrgsWithAssets;
import static io.mitai.chaincode.support.Fixtures.withTeeAlgorithm;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mitai.chaincode.support.TestLedger;
import io.mitai.chaincode.support.TxResult;
import io.mitai.contract.error.ErrorCode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GrantTransactionsTest {

  private TestLedger ledger;

  @BeforeEach
  void threeOrganisations() {
    ledger = threeOrgsWithAssets(new TestLedger());
  }

  @Nested
  class IssueGrant {

    @Test
    void issues_an_active_grant_with_defaults() {
      TxResult result =
          ledger.submit(ORG2, "IssueGrant", grant("g1", B1, ORG1).without("legalBasis").json());

      JsonNode json = result.json();
      String now = json.get("createdAt").asText();
      assertThat(json.get("owner").asText()).isEqualTo(ORG2);
      assertThat(json.get("grantee").asText()).isEqualTo(ORG1);
      assertThat(json.get("status").asText()).isEqualTo("ACTIVE");
      assertThat(json.get("usesConsumed").asInt()).isZero();
      assertThat(json.get("maxUses").asInt()).isEqualTo(3);
      assertThat(json.get("validFrom").asText()).as("defaults to tx time").isEqualTo(now);
      assertThat(json.get("validUntil").asText()).isEqualTo(ONE_YEAR.toString());
      assertThat(json.get("legalBasis").asText()).isEmpty();
      assertThat(json.get("algorithms")).isEmpty();
      assertThat(json.get("resultRecipients").toString()).isEqualTo("[\"" + ORG1 + "\"]");
      assertThat(result.event().name()).isEqualTo("GrantIssued");
      assertThat(result.event().payload()).isEqualTo(result.payload());
    }

    @Test
    void stores_operations_columns_and_recipients_sorted() {
      JsonNode json =
          ledger
              .submit(
                  ORG2,
                  "IssueGrant",
                  grant("g1", B1, ORG1)
                      .with("operations", List.of("SECURE_AGGREGATE", "PSI_CARDINALITY", "PSI"))
                      .with("columns", List.of("spend", "email", "age"))
                      .with("resultRecipients", List.of(ORG3, ORG1))
                      .json())
              .json();

      assertThat(json.get("operations").toString())
          .isEqualTo("[\"PSI\",\"PSI_CARDINALITY\",\"SECURE_AGGREGATE\"]");
      assertThat(json.get("columns").toString()).isEqualTo("[\"age\",\"email\",\"spend\"]");
      assertThat(json.get("resultRecipients").toString())
          .isEqualTo("[\"" + ORG1 + "\",\"" + ORG3 + "\"]");
    }

    @Test
    void accepts_an_explicit_validity_window() {
      JsonNode json =
          ledger
              .submit(
                  ORG2,
                  "IssueGrant",
                  grant("g1", B1, ORG1).with("validFrom", "2026-06-01T00:00:00Z").json())
              .json();

      assertThat(json.get("validFrom").asText()).isEqualTo("2026-06-01T00:00:00Z");
    }

    @Test
    void accepts_a_TEE_grant_with_its_algorithms() {
      withTeeAlgorithm(ledger);

      JsonNode json =
          ledger.submit(ORG2, "IssueGrant", teeGrant("g1", B1, ORG1, "TEE_HARDWARE").json()).json();

      assertThat(json.get("algorithms").get(0).asText()).isEqualTo(hex('e'));
    }

    @Test
    void refuses_a_TEE_grant_naming_an_unregistered_algorithm() {
      TxResult result =
          failsWithoutWrites(
              ledger,
              ErrorCode.NOT_FOUND,
              () ->
                  ledger.submit(
                      ORG2, "IssueGrant", teeGrant("g1", B1, ORG1, "TEE_HARDWARE").json()));

      assertThat(result.message()).contains(hex('e')).contains("RegisterAlgorithm");
    }

    @Test
    void refuses_a_TEE_grant_if_any_of_its_algorithms_is_unregistered() {
      withTeeAlgorithm(ledger);

      TxResult result =
          failsWithoutWrites(
              ledger,
              ErrorCode.NOT_FOUND,
              () ->
                  ledger.submit(
                      ORG2,
                      "IssueGrant",
                      teeGrant("g1", B1, ORG1, "TEE_HARDWARE")
                          .with("algorithms", List.of(hex('e'), hex('d')))
                          .json()));

      assertThat(result.message()).contains(hex('d')).doesNotContain(hex('e'));
    }

    @Test
    void accepts_algorithms_from_any_publisher() {
      withTeeAlgorithm(ledger);
      expectOk(ledger.submit(ORG1, "RegisterAlgorithm", algorithm(hex('d')).json()));

      JsonNode json =
          ledger
              .submit(
                  ORG2,
                  "IssueGrant",
                  teeGrant("g1", B1, ORG1, "TEE_SIMULATED")
                      .with("algorithms", List.of(hex('e'), hex('d')))
                      .json())
              .json();

      assertThat(json.get("algorithms").toString())
          .isEqualTo("[\"" + hex('d') + "\",\"" + hex('e') + "\"]");
    }

    @Test
    void accepts_an_MPC_operation_with_a_TEE_SIMULATED_minimum() {
      expectOk(
          ledger.submit(
              ORG2,
              "IssueGrant",
              grant("g1", B1, ORG1).with("minAssurance", "TEE_SIMULATED").json()));
    }

    @Test
    void refuses_a_grant_on_another_organisations_asset() {
      failsWithoutWrites(
          ledger,
          ErrorCode.FORBIDDEN,
          () -> ledger.submit(ORG3, "IssueGrant", grant("g1", B1, ORG1).json()));
    }

    @Test
    void refuses_the_owner_as_grantee() {
      failsWithoutWrites(
          ledger,
          ErrorCode.INVALID_ARGUMENT,
          () -> ledger.submit(ORG2, "IssueGrant", grant("g1", B1, ORG2).json()));
    }

    @Test
    void refuses_an_unregistered_grantee() {
      failsWithoutWrites(
          ledger,
          ErrorCode.NOT_FOUND,
          () -> ledger.submit(ORG2, "IssueGrant", grant("g1", B1, STRANGER).json()));
    }

    @Test
    void refuses_an_unregistered_result_recipient() {
      failsWithoutWrites(
          ledger,
          ErrorCode.NOT_FOUND,
          () ->
              ledger.submit(
                  ORG2,
                  "IssueGrant",
                  grant("g1", B1, ORG1).with("resultRecipients", List.of(STRANGER)).json()));
    }

    @Test
    void refuses_an_unknown_asset() {
      failsWithoutWrites(
          ledger,
          ErrorCode.NOT_FOUND,
          () -> ledger.submit(ORG2, "IssueGrant", grant("g1", "asset-none", ORG1).json()));
    }

    @Test
    void refuses_an_unregistered_caller() {
      failsWithoutWrites(
          ledger,
          ErrorCode.FORBIDDEN,
          () -> ledger.submit(STRANGER, "IssueGrant", grant("g1", B1, ORG1).json()));
    }

    @Test
    void refuses_a_column_outside_the_schema() {
      failsWithoutWrites(
          ledger,
          ErrorCode.INVALID_ARGUMENT,
          () ->
              ledger.submit(
                  ORG2,
                  "IssueGrant",
                  grant("g1", B1, ORG1).with("columns", List.of("email", "salary")).json()));
    }

    @Test
    void refuses_a_validUntil_not_after_the_transaction_time() {
      failsWithoutWrites(
          ledger,
          ErrorCode.INVALID_ARGUMENT,
          () ->
              ledger.submit(
                  ORG2,
                  "IssueGrant",
                  grant("g1", B1, ORG1).with("validUntil", ledger.now().toString()).json()));
    }

    @Test
    void refuses_a_validUntil_before_validFrom() {
      failsWithoutWrites(
          ledger,
          ErrorCode.INVALID_ARGUMENT,
          () ->
              ledger.submit(
                  ORG2,
                  "IssueGrant",
                  grant("g1", B1, ORG1)
                      .with("validFrom", ONE_YEAR.plusSeconds(1).toString())
                      .json()));
    }

    @Test
    void refuses_a_duplicate_id() {
      expectOk(ledger.submit(ORG2, "IssueGrant", grant("g1", B1, ORG1).json()));

      failsWithoutWrites(
          ledger,
          ErrorCode.ALREADY_EXISTS,
          () -> ledger.submit(ORG1, "IssueGrant", grant("g1", A1, ORG2).json()));
    }

    static Stream<Arguments> malformed() {
      return Stream.of(
          Arguments.of("no operations", grant("g", B1, ORG1).with("operations", List.of()).json()),
          Arguments.of(
              "duplicate operations",
              grant("g", B1, ORG1).with("operations", List.of("PSI", "PSI")).json()),
          Arguments.of(
              "unknown operation", grant("g", B1, ORG1).with("operations", List.of("PSI2")).json()),
          Arguments.of("no columns", grant("g", B1, ORG1).with("columns", List.of()).json()),
          Arguments.of(
              "duplicate columns",
              grant("g", B1, ORG1).with("columns", List.of("email", "email")).json()),
          Arguments.of("missing purpose", grant("g", B1, ORG1).without("purpose").json()),
          Arguments.of("blank purpose", grant("g", B1, ORG1).with("purpose", "").json()),
          Arguments.of("zero maxUses", grant("g", B1, ORG1).with("maxUses", 0).json()),
          Arguments.of("missing maxUses", grant("g", B1, ORG1).without("maxUses").json()),
          Arguments.of("missing validUntil", grant("g", B1, ORG1).without("validUntil").json()),
          Arguments.of(
              "validUntil not a date", grant("g", B1, ORG1).with("validUntil", "soon").json()),
          Arguments.of("validUntil as number", grant("g", B1, ORG1).with("validUntil", 17).json()),
          Arguments.of(
              "validUntil without zone",
              grant("g", B1, ORG1).with("validUntil", "2026-06-01T00:00:00").json()),
          Arguments.of("missing minAssurance", grant("g", B1, ORG1).without("minAssurance").json()),
          Arguments.of(
              "unknown minAssurance", grant("g", B1, ORG1).with("minAssurance", "STRONG").json()),
          Arguments.of(
              "algorithms without TEE_JOB",
              grant("g", B1, ORG1).with("algorithms", List.of(hex('e'))).json()),
          Arguments.of(
              "TEE_JOB without algorithms",
              teeGrant("g", B1, ORG1, "TEE_HARDWARE").with("algorithms", List.of()).json()),
          Arguments.of(
              "upper-case algorithm",
              teeGrant("g", B1, ORG1, "TEE_HARDWARE")
                  .with("algorithms", List.of("E".repeat(64)))
                  .json()),
          Arguments.of(
              "TEE_JOB with an MPC minimum (never usable)",
              teeGrant("g", B1, ORG1, "MPC_SEMI_HONEST").json()),
          Arguments.of(
              "PSI with a TEE_HARDWARE minimum (never usable)",
              grant("g", B1, ORG1).with("minAssurance", "TEE_HARDWARE").json()),
          Arguments.of(
              "empty resultRecipients",
              grant("g", B1, ORG1).with("resultRecipients", List.of()).json()),
          Arguments.of(
              "duplicate resultRecipients",
              grant("g", B1, ORG1).with("resultRecipients", List.of(ORG1, ORG1)).json()),
          Arguments.of("malformed grantee", grant("g", B1, "bad grantee").json()),
          Arguments.of(
              "usesConsumed supplied", grant("g", B1, ORG1).with("usesConsumed", 0).json()),
          Arguments.of("maxUses fractional", grant("g", B1, ORG1).with("maxUses", 2.0).json()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejects_malformed_input_and_writes_nothing(String why, String json) {
      failsWithoutWrites(
          ledger, ErrorCode.INVALID_ARGUMENT, () -> ledger.submit(ORG2, "IssueGrant", json));
    }
  }

  @Nested
  class RevokeGrant {

    @BeforeEach
    void issued() {
      expectOk(ledger.submit(ORG2, "IssueGrant", grant("g1", B1, ORG1).json()));
    }

    @Test
    void revokes_the_grant_with_its_reason() {
      TxResult result = ledger.submit(ORG2, "RevokeGrant", "g1", "contract ended");

      JsonNode json = result.json();
      assertThat(json.get("status").asText()).isEqualTo("REVOKED");
      assertThat(json.get("revokedReason").asText()).isEqualTo("contract ended");
      assertThat(result.event().name()).isEqualTo("GrantRevoked");
      assertThat(result.event().payload()).isEqualTo(result.payload());
    }

    @Test
    void refuses_to_revoke_twice() {
      expectOk(ledger.submit(ORG2, "RevokeGrant", "g1", "first"));

      failsWithoutWrites(
          ledger, ErrorCode.INVALID_STATE, () -> ledger.submit(ORG2, "RevokeGrant", "g1", "again"));
    }

    @Test
    void refuses_the_grantee() {
      failsWithoutWrites(
          ledger, ErrorCode.FORBIDDEN, () -> ledger.submit(ORG1, "RevokeGrant", "g1", "no thanks"));
    }

    @Test
    void reports_an_unknown_grant() {
      failsWithoutWrites(
          ledger, ErrorCode.NOT_FOUND, () -> ledger.submit(ORG2, "RevokeGrant", "g-none", "x"));
    }

    @Test
    void requires_a_reason() {
      failsWithoutWrites(
          ledger, ErrorCode.INVALID_ARGUMENT, () -> ledger.submit(ORG2, "RevokeGrant", "g1", ""));
    }
  }

  @Nested
  class ReadGrant {

    @Test
    void reads_the_stored_grant() {
      String written = ledger.submit(ORG2, "IssueGrant", grant("g1", B1, ORG1).json()).payload();

      assertThat(ledger.evaluate(ORG3, "ReadGrant", "g1").payload()).isEqualTo(written);
    }

    @Test
    void reports_not_found() {
      error(ledger.evaluate(ORG1, "ReadGrant", "g-none"), ErrorCode.NOT_FOUND);
    }
  }

  @Nested
  class QueryGrants {

    @BeforeEach
    void severalGrants() {
      expectOk(ledger.submit(ORG2, "IssueGrant", grant("g-3", B1, ORG1).json()));
      expectOk(ledger.submit(ORG2, "IssueGrant", grant("g-1", B1, ORG3).json()));
      expectOk(ledger.submit(ORG3, "IssueGrant", grant("g-2", C1, ORG1).json()));
    }

    @Test
    void by_asset_lists_the_assets_grants_in_key_order() {
      assertThat(ledger.evaluate(ORG1, "QueryGrantsByAsset", B1).json().findValuesAsText("id"))
          .containsExactly("g-1", "g-3");
    }

    @Test
    void by_grantee_lists_the_grantees_grants_in_key_order() {
      assertThat(ledger.evaluate(ORG1, "QueryGrantsByGrantee", ORG1).json().findValuesAsText("id"))
          .containsExactly("g-2", "g-3");
    }

    @Test
    void lists_nothing_when_there_is_nothing() {
      assertThat(ledger.evaluate(ORG1, "QueryGrantsByAsset", A1).payload()).isEqualTo("[]");
      assertThat(ledger.evaluate(ORG1, "QueryGrantsByGrantee", ORG2).payload()).isEqualTo("[]");
    }

    @Test
    void rejects_a_malformed_argument() {
      error(ledger.evaluate(ORG1, "QueryGrantsByGrantee", "a/b"), ErrorCode.INVALID_ARGUMENT);
    }
  }
}
