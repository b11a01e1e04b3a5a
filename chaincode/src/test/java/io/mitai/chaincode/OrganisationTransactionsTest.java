package io.mitai.chaincode;

import static io.mitai.chaincode.support.Expect.error;
import static io.mitai.chaincode.support.Expect.failsWithoutWrites;
import static io.mitai.chaincode.support.Fixtures.ORG1;
import static io.mitai.chaincode.support.Fixtures.ORG2;
import static io.mitai.chaincode.support.Fixtures.STRANGER;
import static io.mitai.chaincode.support.Fixtures.expectOk;
import static io.mitai.chaincode.support.Fixtures.org;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mitai.chaincode.support.Identities;
import io.mitai.chaincode.support.TestLedger;
import io.mitai.chaincode.support.TxResult;
import io.mitai.contract.error.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OrganisationTransactionsTest {

  private TestLedger ledger;

  @BeforeEach
  void freshLedger() {
    ledger = new TestLedger();
  }

  @Nested
  class RegisterOrganisation {

    @Test
    void registers_the_caller_under_its_msp_id() {
      TxResult result = ledger.submit(ORG1, "RegisterOrganisation", org(ORG1).json());

      JsonNode json = result.json();
      assertThat(json.get("id").asText()).isEqualTo(ORG1);
      assertThat(json.get("displayName").asText()).isEqualTo("Organisation Org1MSP");
      assertThat(json.get("endpoint").asText()).isEqualTo("https://node.org1msp.example:8443");
      assertThat(json.get("registeredAt").asText()).isEqualTo(TestLedger.GENESIS.toString());
      assertThat(json.get("updatedAt").asText()).isEqualTo(TestLedger.GENESIS.toString());
      assertThat(ledger.state().committed("org:" + ORG1)).isEqualTo(result.payload());
    }

    @Test
    void emits_one_OrganisationRegistered_event_with_the_record() {
      TxResult result = ledger.submit(ORG1, "RegisterOrganisation", org(ORG1).json());

      assertThat(result.event().name()).isEqualTo("OrganisationRegistered");
      assertThat(result.event().payload()).isEqualTo(result.payload());
    }

    @Test
    void re_registering_updates_the_record_and_keeps_registeredAt() {
      expectOk(ledger.submit(ORG1, "RegisterOrganisation", org(ORG1).json()));
      ledger.advance(Duration.ofDays(2));

      JsonNode updated =
          ledger
              .submit(
                  ORG1,
                  "RegisterOrganisation",
                  org(ORG1).with("displayName", "Org One, renamed").json())
              .json();

      assertThat(updated.get("displayName").asText()).isEqualTo("Org One, renamed");
      assertThat(updated.get("registeredAt").asText()).isEqualTo(TestLedger.GENESIS.toString());
      assertThat(updated.get("updatedAt").asText())
          .isEqualTo(TestLedger.GENESIS.plus(Duration.ofDays(2)).plusSeconds(1).toString());
    }

    @Test
    void accepts_an_id_equal_to_the_caller() {
      expectOk(ledger.submit(ORG1, "RegisterOrganisation", org(ORG1).with("id", ORG1).json()));
    }

    @Test
    void refuses_to_register_another_organisation() {
      failsWithoutWrites(
          ledger,
          ErrorCode.FORBIDDEN,
          () -> ledger.submit(ORG1, "RegisterOrganisation", org(ORG2).with("id", ORG2).json()));
    }

    @Test
    void refuses_a_creator_without_a_certificate_and_writes_nothing() {
      TxResult result =
          ledger.submitAs(
              Identities.garbageCreator(ORG1), "RegisterOrganisation", org(ORG1).json());

      assertThat(result.ok()).isFalse();
      assertThat(ledger.state().snapshot()).isEmpty();
    }

    static Stream<Arguments> malformed() {
      return Stream.of(
          Arguments.of("missing displayName", org(ORG1).without("displayName").json()),
          Arguments.of("blank displayName", org(ORG1).with("displayName", "  ").json()),
          Arguments.of("numeric displayName", org(ORG1).with("displayName", 42).json()),
          Arguments.of(
              "too long displayName", org(ORG1).with("displayName", "x".repeat(257)).json()),
          Arguments.of("control char", org(ORG1).with("displayName", "a\u0000b").json()),
          Arguments.of("missing endpoint", org(ORG1).without("endpoint").json()),
          Arguments.of("relative endpoint", org(ORG1).with("endpoint", "/node").json()),
          Arguments.of("endpoint not a URI", org(ORG1).with("endpoint", "http://a b").json()),
          Arguments.of("missing publicKey", org(ORG1).without("publicKey").json()),
          Arguments.of("publicKey not base64", org(ORG1).with("publicKey", "%%%").json()),
          Arguments.of(
              "incomplete PEM",
              org(ORG1).with("publicKey", "-----BEGIN PUBLIC KEY-----\nAA").json()),
          Arguments.of("malformed id", org(ORG1).with("id", "-bad").json()),
          Arguments.of(
              "unknown field", org(ORG1).with("registeredAt", "2020-01-01T00:00:00Z").json()),
          Arguments.of("not JSON", "{displayName:"),
          Arguments.of("JSON array", "[]"),
          Arguments.of("JSON null", "null"),
          Arguments.of("empty", ""),
          Arguments.of("trailing content", org(ORG1).json() + "{}"),
          Arguments.of(
              "duplicate field",
              "{\"displayName\":\"a\",\"displayName\":\"b\",\"endpoint\":\"https://x\","
                  + "\"publicKey\":\"AAAA\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejects_malformed_input_and_writes_nothing(String why, String json) {
      failsWithoutWrites(
          ledger,
          ErrorCode.INVALID_ARGUMENT,
          () -> ledger.submit(ORG1, "RegisterOrganisation", json));
    }

    @Test
    void accepts_a_base64_public_key() {
      expectOk(
          ledger.submit(
              ORG1,
              "RegisterOrganisation",
              org(ORG1).with("publicKey", "MFkwEwYHKoZIzj0C").json()));
    }
  }

  @Nested
  class ReadOrganisation {

    @Test
    void reads_a_registered_organisation() {
      String written = ledger.submit(ORG1, "RegisterOrganisation", org(ORG1).json()).payload();

      assertThat(ledger.evaluate(ORG2, "ReadOrganisation", ORG1).payload()).isEqualTo(written);
    }

    @Test
    void reports_not_found_for_an_unknown_organisation() {
      error(ledger.evaluate(ORG1, "ReadOrganisation", STRANGER), ErrorCode.NOT_FOUND);
    }

    @Test
    void rejects_a_malformed_id() {
      error(ledger.evaluate(ORG1, "ReadOrganisation", "no spaces"), ErrorCode.INVALID_ARGUMENT);
    }
  }

  @Nested
  class ListOrganisations {

    @Test
    void lists_nothing_on_an_empty_ledger() {
      assertThat(ledger.evaluate(ORG1, "ListOrganisations").payload()).isEqualTo("[]");
    }

    @Test
    void lists_every_organisation_in_id_order() {
      for (String msp : List.of("ZedMSP", ORG2, "AlphaMSP", ORG1)) {
        expectOk(ledger.submit(msp, "RegisterOrganisation", org(msp).json()));
      }

      JsonNode list = ledger.evaluate(ORG1, "ListOrganisations").json();

      assertThat(list.findValuesAsText("id")).containsExactly("AlphaMSP", ORG1, ORG2, "ZedMSP");
    }
  }
}
