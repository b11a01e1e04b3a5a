package io.mitai.chaincode;

import static io.mitai.chaincode.support.Expect.error;
import static io.mitai.chaincode.support.Expect.failsWithoutWrites;
import static io.mitai.chaincode.support.Fixtures.A1;
import static io.mitai.chaincode.support.Fixtures.B1;
import static io.mitai.chaincode.support.Fixtures.ORG1;
import static io.mitai.chaincode.support.Fixtures.ORG2;
import static io.mitai.chaincode.support.Fixtures.ORG3;
import static io.mitai.chaincode.support.Fixtures.STRANGER;
import static io.mitai.chaincode.support.Fixtures.asset;
import static io.mitai.chaincode.support.Fixtures.column;
import static io.mitai.chaincode.support.Fixtures.expectOk;
import static io.mitai.chaincode.support.Fixtures.grant;
import static io.mitai.chaincode.support.Fixtures.hex;
import static io.mitai.chaincode.support.Fixtures.threeOrgsWithAssets;
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

class AssetTransactionsTest {

  private TestLedger ledger;

  @BeforeEach
  void threeOrganisations() {
    ledger = threeOrgsWithAssets(new TestLedger());
  }

  @Nested
  class RegisterAsset {

    @Test
    void registers_an_active_asset_owned_by_the_caller() {
      TxResult result = ledger.submit(ORG1, "RegisterAsset", asset("asset-new").json());

      JsonNode json = result.json();
      assertThat(json.get("owner").asText()).isEqualTo(ORG1);
      assertThat(json.get("status").asText()).isEqualTo("ACTIVE");
      assertThat(json.get("rowCount").asLong()).isEqualTo(100);
      assertThat(json.get("commitment").asText()).isEqualTo(hex('c'));
      assertThat(json.has("destroyedReason")).isFalse();
      assertThat(json.get("createdAt").asText()).isEqualTo(json.get("updatedAt").asText());
      assertThat(json.get("columns").findValuesAsText("name"))
          .as("schema keeps file order")
          .containsExactly("email", "age", "spend", "since");
      assertThat(result.event().name()).isEqualTo("AssetRegistered");
      assertThat(result.event().payload()).isEqualTo(result.payload());
    }

    @Test
    void refuses_a_duplicate_id_even_from_another_owner() {
      failsWithoutWrites(
          ledger,
          ErrorCode.ALREADY_EXISTS,
          () -> ledger.submit(ORG2, "RegisterAsset", asset(A1).json()));
    }

    @Test
    void refuses_an_unregistered_caller() {
      failsWithoutWrites(
          ledger,
          ErrorCode.FORBIDDEN,
          () -> ledger.submit(STRANGER, "RegisterAsset", asset("asset-x").json()));
    }

    @Test
    void accepts_an_empty_data_set() {
      expectOk(
          ledger.submit(ORG1, "RegisterAsset", asset("asset-empty").with("rowCount", 0).json()));
    }

    static Stream<Arguments> malformed() {
      return Stream.of(
          Arguments.of("missing id", asset("x").without("id").json()),
          Arguments.of("id starting with a dot", asset(".x").json()),
          Arguments.of("id with a space", asset("a b").json()),
          Arguments.of("id of 129 characters", asset("a".repeat(129)).json()),
          Arguments.of("numeric id", asset("x").with("id", 7).json()),
          Arguments.of("missing name", asset("x").without("name").json()),
          Arguments.of("no columns", asset("x").with("columns", List.of()).json()),
          Arguments.of("missing columns", asset("x").without("columns").json()),
          Arguments.of(
              "duplicate column names",
              asset("x")
                  .with("columns", List.of(column("a", "STRING"), column("a", "DATE")))
                  .json()),
          Arguments.of(
              "unknown column type",
              asset("x").with("columns", List.of(column("a", "FLOAT"))).json()),
          Arguments.of(
              "lower-case column type",
              asset("x").with("columns", List.of(column("a", "string"))).json()),
          Arguments.of(
              "column without type",
              asset("x").with("columns", List.of(java.util.Map.of("name", "a"))).json()),
          Arguments.of(
              "null column",
              "{\"id\":\"x\",\"name\":\"n\",\"columns\":[null],\"rowCount\":1,"
                  + "\"commitment\":\""
                  + hex('c')
                  + "\"}"),
          Arguments.of("negative rowCount", asset("x").with("rowCount", -1).json()),
          Arguments.of("fractional rowCount", asset("x").with("rowCount", 1.5).json()),
          Arguments.of("rowCount as string", asset("x").with("rowCount", "100").json()),
          Arguments.of("missing rowCount", asset("x").without("rowCount").json()),
          Arguments.of(
              "upper-case commitment", asset("x").with("commitment", "C".repeat(64)).json()),
          Arguments.of("short commitment", asset("x").with("commitment", "c".repeat(63)).json()),
          Arguments.of("non-hex commitment", asset("x").with("commitment", "g".repeat(64)).json()),
          Arguments.of("missing commitment", asset("x").without("commitment").json()),
          Arguments.of("owner supplied by the client", asset("x").with("owner", ORG2).json()),
          Arguments.of(
              "status supplied by the client", asset("x").with("status", "ACTIVE").json()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejects_malformed_input_and_writes_nothing(String why, String json) {
      failsWithoutWrites(
          ledger, ErrorCode.INVALID_ARGUMENT, () -> ledger.submit(ORG1, "RegisterAsset", json));
    }
  }

  @Nested
  class ReadAsset {

    @Test
    void reads_the_stored_record() {
      assertThat(ledger.evaluate(ORG3, "ReadAsset", A1).payload())
          .isEqualTo(ledger.state().committed("asset:" + A1));
    }

    @Test
    void reports_not_found_never_null() {
      error(ledger.evaluate(ORG1, "ReadAsset", "asset-none"), ErrorCode.NOT_FOUND);
    }

    @Test
    void rejects_a_malformed_id() {
      error(ledger.evaluate(ORG1, "ReadAsset", ""), ErrorCode.INVALID_ARGUMENT);
    }
  }

  @Nested
  class QueryAssetsByOwner {

    @Test
    void lists_the_owners_assets_in_id_order() {
      expectOk(ledger.submit(ORG1, "RegisterAsset", asset("asset-a9").json()));
      expectOk(ledger.submit(ORG1, "RegisterAsset", asset("asset-a0").json()));

      JsonNode list = ledger.evaluate(ORG2, "QueryAssetsByOwner", ORG1).json();

      assertThat(list.findValuesAsText("id")).containsExactly("asset-a0", A1, "asset-a9");
    }

    @Test
    void lists_nothing_for_an_organisation_without_assets() {
      assertThat(ledger.evaluate(ORG1, "QueryAssetsByOwner", STRANGER).payload()).isEqualTo("[]");
    }
  }

  @Nested
  class DestroyAsset {

    @Test
    void destroys_the_asset_and_records_the_reason() {
      TxResult result = ledger.submit(ORG1, "DestroyAsset", A1, "retention period over");

      JsonNode json = result.json();
      assertThat(json.get("status").asText()).isEqualTo("DESTROYED");
      assertThat(json.get("destroyedReason").asText()).isEqualTo("retention period over");
      assertThat(json.get("updatedAt").asText()).isNotEqualTo(json.get("createdAt").asText());
      assertThat(result.event().name()).isEqualTo("AssetDestroyed");
      assertThat(result.event().payload()).isEqualTo(result.payload());
    }

    @Test
    void refuses_anyone_but_the_owner() {
      failsWithoutWrites(
          ledger, ErrorCode.FORBIDDEN, () -> ledger.submit(ORG2, "DestroyAsset", A1, "mine now"));
    }

    @Test
    void refuses_to_destroy_twice() {
      expectOk(ledger.submit(ORG1, "DestroyAsset", A1, "first"));

      failsWithoutWrites(
          ledger, ErrorCode.INVALID_STATE, () -> ledger.submit(ORG1, "DestroyAsset", A1, "again"));
    }

    @Test
    void reports_an_unknown_asset() {
      failsWithoutWrites(
          ledger,
          ErrorCode.NOT_FOUND,
          () -> ledger.submit(ORG1, "DestroyAsset", "asset-none", "x"));
    }

    @Test
    void requires_a_reason() {
      failsWithoutWrites(
          ledger, ErrorCode.INVALID_ARGUMENT, () -> ledger.submit(ORG1, "DestroyAsset", A1, " "));
    }

    @Test
    void keeps_its_grants_readable_and_in_history() {
      expectOk(ledger.submit(ORG2, "IssueGrant", grant("g1", B1, ORG1).json()));
      expectOk(ledger.submit(ORG2, "DestroyAsset", B1, "shredded"));

      assertThat(ledger.evaluate(ORG1, "ReadGrant", "g1").json().get("status").asText())
          .isEqualTo("ACTIVE");
      assertThat(ledger.evaluate(ORG1, "QueryGrantsByAsset", B1).json()).hasSize(1);
      assertThat(ledger.evaluate(ORG1, "GetHistory", "grant:g1").json()).hasSize(1);
      assertThat(ledger.evaluate(ORG1, "GetHistory", "asset:" + B1).json()).hasSize(2);
    }

    @Test
    void makes_the_asset_ungrantable() {
      expectOk(ledger.submit(ORG2, "DestroyAsset", B1, "shredded"));

      failsWithoutWrites(
          ledger,
          ErrorCode.INVALID_STATE,
          () -> ledger.submit(ORG2, "IssueGrant", grant("g1", B1, ORG1).json()));
    }
  }
}
