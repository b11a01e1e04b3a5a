package io.mitai.chaincode;

import static io.mitai.chaincode.support.Expect.error;
import static io.mitai.chaincode.support.Expect.failsWithoutWrites;
import static io.mitai.chaincode.support.Fixtures.ORG1;
import static io.mitai.chaincode.support.Fixtures.ORG2;
import static io.mitai.chaincode.support.Fixtures.ORG3;
import static io.mitai.chaincode.support.Fixtures.STRANGER;
import static io.mitai.chaincode.support.Fixtures.algorithm;
import static io.mitai.chaincode.support.Fixtures.expectOk;
import static io.mitai.chaincode.support.Fixtures.hex;
import static io.mitai.chaincode.support.Fixtures.threeOrgsWithAssets;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mitai.chaincode.support.TestLedger;
import io.mitai.chaincode.support.TxResult;
import io.mitai.contract.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The TEE algorithm allow-list: {@code RegisterAlgorithm}, {@code ReadAlgorithm}, listing. */
class AlgorithmTransactionsTest {

  private static final String M = hex('e');

  private TestLedger ledger;

  @BeforeEach
  void threeOrganisations() {
    ledger = threeOrgsWithAssets(new TestLedger());
  }

  private List<String> listed(String field) {
    List<String> out = new ArrayList<>();
    ledger.evaluate(ORG1, "ListAlgorithms").json().forEach(a -> out.add(a.get(field).asText()));
    return out;
  }

  @Nested
  class RegisterAlgorithm {

    @Test
    void publishes_the_algorithm_under_the_callers_msp_id_keyed_by_measurement() {
      String now = ledger.now().toString();

      TxResult result = ledger.submit(ORG3, "RegisterAlgorithm", algorithm(M).json());

      JsonNode json = result.json();
      assertThat(json.get("measurement").asText()).isEqualTo(M);
      assertThat(json.get("name").asText()).isEqualTo("join-aggregate");
      assertThat(json.get("version").asText()).isEqualTo("1.0.0");
      assertThat(json.get("publisher").asText()).isEqualTo(ORG3);
      assertThat(json.get("description").asText()).startsWith("joins the inputs");
      assertThat(json.get("registeredAt").asText()).isEqualTo(now);
      assertThat(json.get("updatedAt").asText()).isEqualTo(now);
      assertThat(ledger.state().committed("algorithm:" + M)).isEqualTo(result.payload());
    }

    @Test
    void writes_one_name_index_entry_of_name_version_and_measurement() {
      expectOk(ledger.submit(ORG3, "RegisterAlgorithm", algorithm(M).json()));

      assertThat(
              ledger
                  .state()
                  .committed(
                      "\u0000algorithm~name\u0000join-aggregate\u00001.0.0\u0000" + M + "\u0000"))
          .isEqualTo("\u0000");
    }

    @Test
    void emits_one_AlgorithmRegistered_event_with_the_record() {
      TxResult result = ledger.submit(ORG3, "RegisterAlgorithm", algorithm(M).json());

      assertThat(result.event().name()).isEqualTo("AlgorithmRegistered");
      assertThat(result.event().payload()).isEqualTo(result.payload());
    }

    @Test
    void accepts_prerelease_and_build_versions() {
      JsonNode json =
          ledger
              .submit(
                  ORG1, "RegisterAlgorithm", algorithm(M).with("version", "2.1.0-rc.1+sgx").json())
              .json();

      assertThat(json.get("version").asText()).isEqualTo("2.1.0-rc.1+sgx");
    }

    @Test
    void accepts_another_build_of_the_same_name_and_version_as_a_new_measurement() {
      expectOk(ledger.submit(ORG3, "RegisterAlgorithm", algorithm(M).json()));

      expectOk(ledger.submit(ORG1, "RegisterAlgorithm", algorithm(hex('d')).json()));

      assertThat(listed("publisher")).containsExactly(ORG1, ORG3);
    }

    @Test
    void refuses_a_measurement_already_registered_so_a_record_is_never_altered() {
      String first = ledger.submit(ORG3, "RegisterAlgorithm", algorithm(M).json()).payload();

      TxResult again =
          failsWithoutWrites(
              ledger,
              ErrorCode.ALREADY_EXISTS,
              () ->
                  ledger.submit(
                      ORG3,
                      "RegisterAlgorithm",
                      algorithm(M).with("version", "1.0.1").with("description", "changed").json()));

      assertThat(again.message()).contains("join-aggregate 1.0.0").contains(ORG3);
      assertThat(ledger.state().committed("algorithm:" + M)).isEqualTo(first);
    }

    @Test
    void refuses_another_publisher_claiming_a_registered_measurement() {
      expectOk(ledger.submit(ORG3, "RegisterAlgorithm", algorithm(M).json()));

      failsWithoutWrites(
          ledger,
          ErrorCode.ALREADY_EXISTS,
          () ->
              ledger.submit(
                  ORG2, "RegisterAlgorithm", algorithm(M).with("name", "impostor").json()));
    }

    @Test
    void refuses_an_unregistered_caller() {
      failsWithoutWrites(
          ledger,
          ErrorCode.FORBIDDEN,
          () -> ledger.submit(STRANGER, "RegisterAlgorithm", algorithm(M).json()));
    }

    static Stream<Arguments> malformed() {
      return Stream.of(
          Arguments.of("missing name", algorithm(M).without("name").json()),
          Arguments.of("null name", algorithm(M).with("name", null).json()),
          Arguments.of("name with a space", algorithm(M).with("name", "join aggregate").json()),
          Arguments.of("name starting with '-'", algorithm(M).with("name", "-join").json()),
          Arguments.of("name too long", algorithm(M).with("name", "j".repeat(129)).json()),
          Arguments.of("numeric name", algorithm(M).with("name", 7).json()),
          Arguments.of("missing version", algorithm(M).without("version").json()),
          Arguments.of("two-part version", algorithm(M).with("version", "1.0").json()),
          Arguments.of("version with a 'v'", algorithm(M).with("version", "v1.0.0").json()),
          Arguments.of(
              "version with a leading zero", algorithm(M).with("version", "01.0.0").json()),
          Arguments.of("empty prerelease", algorithm(M).with("version", "1.0.0-").json()),
          Arguments.of("empty build", algorithm(M).with("version", "1.0.0+").json()),
          Arguments.of("version with a space", algorithm(M).with("version", "1.0.0 ").json()),
          Arguments.of(
              "version too long", algorithm(M).with("version", "1.0.0-" + "a".repeat(59)).json()),
          Arguments.of("numeric version", algorithm(M).with("version", 1).json()),
          Arguments.of("missing measurement", algorithm(M).without("measurement").json()),
          Arguments.of("upper-case measurement", algorithm("E".repeat(64)).json()),
          Arguments.of("short measurement", algorithm("e".repeat(63)).json()),
          Arguments.of("long measurement", algorithm("e".repeat(65)).json()),
          Arguments.of("non-hex measurement", algorithm("g".repeat(64)).json()),
          Arguments.of("missing description", algorithm(M).without("description").json()),
          Arguments.of("blank description", algorithm(M).with("description", " ").json()),
          Arguments.of(
              "description too long", algorithm(M).with("description", "d".repeat(1025)).json()),
          Arguments.of(
              "control char in description", algorithm(M).with("description", "a\u0007b").json()),
          Arguments.of("publisher supplied", algorithm(M).with("publisher", ORG2).json()),
          Arguments.of(
              "registeredAt supplied",
              algorithm(M).with("registeredAt", "2026-01-01T00:00:00Z").json()),
          Arguments.of("not JSON", "{name:"),
          Arguments.of("JSON array", "[]"),
          Arguments.of("JSON null", "null"),
          Arguments.of("empty", ""),
          Arguments.of("trailing content", algorithm(M).json() + "{}"),
          Arguments.of(
              "duplicate field",
              "{\"name\":\"a\",\"name\":\"b\",\"version\":\"1.0.0\",\"measurement\":\""
                  + M
                  + "\",\"description\":\"d\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejects_malformed_input_and_writes_nothing(String why, String json) {
      failsWithoutWrites(
          ledger, ErrorCode.INVALID_ARGUMENT, () -> ledger.submit(ORG3, "RegisterAlgorithm", json));
    }
  }

  @Nested
  class ReadAlgorithm {

    @Test
    void reads_a_registered_algorithm() {
      String written = ledger.submit(ORG3, "RegisterAlgorithm", algorithm(M).json()).payload();

      assertThat(ledger.evaluate(ORG1, "ReadAlgorithm", M).payload()).isEqualTo(written);
    }

    @Test
    void reports_not_found_for_an_unregistered_measurement() {
      TxResult result = error(ledger.evaluate(ORG1, "ReadAlgorithm", M), ErrorCode.NOT_FOUND);

      assertThat(result.message()).contains(M);
    }

    @Test
    void rejects_a_malformed_measurement() {
      error(ledger.evaluate(ORG1, "ReadAlgorithm", "join-aggregate"), ErrorCode.INVALID_ARGUMENT);
      error(ledger.evaluate(ORG1, "ReadAlgorithm", "E".repeat(64)), ErrorCode.INVALID_ARGUMENT);
    }
  }

  @Nested
  class ListAlgorithms {

    @Test
    void lists_nothing_on_an_empty_allow_list() {
      assertThat(ledger.evaluate(ORG1, "ListAlgorithms").payload()).isEqualTo("[]");
    }

    @Test
    void lists_every_algorithm_in_name_version_measurement_order() {
      expectOk(
          ledger.submit(
              ORG1,
              "RegisterAlgorithm",
              algorithm(hex('1')).with("name", "logistic-regression").json()));
      expectOk(
          ledger.submit(
              ORG2, "RegisterAlgorithm", algorithm(hex('2')).with("version", "1.1.0").json()));
      expectOk(ledger.submit(ORG3, "RegisterAlgorithm", algorithm(hex('f')).json()));
      expectOk(ledger.submit(ORG1, "RegisterAlgorithm", algorithm(hex('0')).json()));
      expectOk(
          ledger.submit(
              ORG2, "RegisterAlgorithm", algorithm(hex('3')).with("name", "join").json()));

      assertThat(listed("measurement"))
          .as("join < join-aggregate (the index separator sorts first), then version, measurement")
          .containsExactly(hex('3'), hex('0'), hex('f'), hex('2'), hex('1'));
      assertThat(listed("name"))
          .containsExactly(
              "join", "join-aggregate", "join-aggregate", "join-aggregate", "logistic-regression");
    }

    @Test
    void orders_versions_as_strings_not_by_semver_precedence() {
      expectOk(
          ledger.submit(
              ORG1, "RegisterAlgorithm", algorithm(hex('1')).with("version", "1.9.0").json()));
      expectOk(
          ledger.submit(
              ORG1, "RegisterAlgorithm", algorithm(hex('2')).with("version", "1.10.0").json()));

      assertThat(listed("version")).containsExactly("1.10.0", "1.9.0");
    }
  }
}
