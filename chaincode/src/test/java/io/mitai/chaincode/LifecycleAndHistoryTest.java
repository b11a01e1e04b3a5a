package io.mitai.chaincode;

import static io.mitai.chaincode.support.Expect.error;
import static io.mitai.chaincode.support.Fixtures.A1;
import static io.mitai.chaincode.support.Fixtures.B1;
import static io.mitai.chaincode.support.Fixtures.ONE_YEAR;
import static io.mitai.chaincode.support.Fixtures.ORG1;
import static io.mitai.chaincode.support.Fixtures.ORG2;
import static io.mitai.chaincode.support.Fixtures.ORG3;
import static io.mitai.chaincode.support.Fixtures.algorithm;
import static io.mitai.chaincode.support.Fixtures.asset;
import static io.mitai.chaincode.support.Fixtures.expectOk;
import static io.mitai.chaincode.support.Fixtures.grant;
import static io.mitai.chaincode.support.Fixtures.hex;
import static io.mitai.chaincode.support.Fixtures.org;
import static io.mitai.chaincode.support.Fixtures.psi;
import static io.mitai.chaincode.support.Fixtures.result;
import static io.mitai.chaincode.support.Fixtures.threeOrgsWithAssets;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mitai.chaincode.support.Event;
import io.mitai.chaincode.support.TestLedger;
import io.mitai.chaincode.support.TxResult;
import io.mitai.contract.error.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** End-to-end stories, GetHistory, events and the public transaction names. */
class LifecycleAndHistoryTest {

  private final TestLedger ledger = threeOrgsWithAssets(new TestLedger());

  private String taskStatus(TxResult result) {
    return result.json().get("status").asText();
  }

  private String rejection(TxResult result) {
    return result.json().get("rejection").get("code").asText();
  }

  @Nested
  class Lifecycle {

    @Test
    void register_grant_submit_start_result() {
      expectOk(ledger.submit(ORG2, "IssueGrant", grant("g1", B1, ORG1).json()));
      assertThat(taskStatus(ledger.submit(ORG1, "SubmitTask", psi("t1").json())))
          .isEqualTo("SUBMITTED");
      assertThat(taskStatus(ledger.submit(ORG2, "RecordTaskStarted", "t1"))).isEqualTo("RUNNING");
      assertThat(taskStatus(ledger.submit(ORG1, "RecordTaskResult", result("t1").json())))
          .isEqualTo("SUCCEEDED");

      JsonNode history = ledger.evaluate(ORG2, "GetHistory", "task:t1").json();
      assertThat(history.findValuesAsText("status"))
          .containsExactly("SUBMITTED", "RUNNING", "SUCCEEDED");
    }

    @Test
    void revoke_then_refused() {
      expectOk(ledger.submit(ORG2, "IssueGrant", grant("g1", B1, ORG1).json()));
      assertThat(taskStatus(ledger.submit(ORG1, "SubmitTask", psi("t1").json())))
          .isEqualTo("SUBMITTED");
      expectOk(ledger.submit(ORG2, "RevokeGrant", "g1", "ended"));

      assertThat(rejection(ledger.submit(ORG1, "SubmitTask", psi("t2").json())))
          .isEqualTo("GRANT_REVOKED");
    }

    @Test
    void exhausted_then_refused() {
      expectOk(ledger.submit(ORG2, "IssueGrant", grant("g1", B1, ORG1).with("maxUses", 1).json()));
      assertThat(taskStatus(ledger.submit(ORG1, "SubmitTask", psi("t1").json())))
          .isEqualTo("SUBMITTED");

      assertThat(rejection(ledger.submit(ORG1, "SubmitTask", psi("t2").json())))
          .isEqualTo("GRANT_EXHAUSTED");
    }

    @Test
    void expired_then_refused() {
      expectOk(ledger.submit(ORG2, "IssueGrant", grant("g1", B1, ORG1).json()));
      ledger.at(ONE_YEAR.minusSeconds(1));
      assertThat(taskStatus(ledger.submit(ORG1, "SubmitTask", psi("t1").json())))
          .isEqualTo("SUBMITTED");

      assertThat(rejection(ledger.submit(ORG1, "SubmitTask", psi("t2").json())))
          .isEqualTo("GRANT_EXPIRED");
    }

    @Test
    void destroyed_then_refused() {
      expectOk(ledger.submit(ORG2, "IssueGrant", grant("g1", B1, ORG1).json()));
      expectOk(ledger.submit(ORG2, "DestroyAsset", B1, "crypto-shredded"));

      assertThat(rejection(ledger.submit(ORG1, "SubmitTask", psi("t1").json())))
          .isEqualTo("ASSET_DESTROYED");
    }
  }

  @Nested
  class GetHistory {

    @Test
    void returns_every_version_oldest_first_with_tx_ids_and_times() {
      TxResult issued = ledger.submit(ORG2, "IssueGrant", grant("g1", B1, ORG1).json());
      ledger.advance(Duration.ofHours(1));
      TxResult used = ledger.submit(ORG1, "SubmitTask", psi("t1").json());
      ledger.advance(Duration.ofHours(1));
      TxResult revoked = ledger.submit(ORG2, "RevokeGrant", "g1", "ended");

      JsonNode history = ledger.evaluate(ORG1, "GetHistory", "grant:g1").json();

      assertThat(history).hasSize(3);
      assertThat(history.findValuesAsText("txId"))
          .containsExactly(issued.txId(), used.txId(), revoked.txId());
      assertThat(history.get(0).get("deleted").asBoolean()).isFalse();
      assertThat(history.get(0).get("value").get("usesConsumed").asInt()).isZero();
      assertThat(history.get(1).get("value").get("usesConsumed").asInt()).isEqualTo(1);
      assertThat(history.get(2).get("value").get("status").asText()).isEqualTo("REVOKED");
      assertThat(history.get(2).get("timestamp").asText())
          .isEqualTo(history.get(2).get("value").get("updatedAt").asText());
      assertThat(history.get(2).get("value").toString()).isEqualTo(revoked.payload());
    }

    @Test
    void covers_organisations_and_assets() {
      expectOk(ledger.submit(ORG1, "RegisterOrganisation", org(ORG1).json()));
      expectOk(ledger.submit(ORG1, "DestroyAsset", A1, "gone"));

      assertThat(ledger.evaluate(ORG2, "GetHistory", "org:" + ORG1).json()).hasSize(2);
      assertThat(
              ledger.evaluate(ORG2, "GetHistory", "asset:" + A1).json().findValuesAsText("status"))
          .containsExactly("ACTIVE", "DESTROYED");
    }

    @Test
    void covers_algorithms_written_once() {
      TxResult registered = ledger.submit(ORG3, "RegisterAlgorithm", algorithm(hex('e')).json());
      error(
          ledger.submit(ORG3, "RegisterAlgorithm", algorithm(hex('e')).json()),
          ErrorCode.ALREADY_EXISTS);

      JsonNode history = ledger.evaluate(ORG1, "GetHistory", "algorithm:" + hex('e')).json();

      assertThat(history).hasSize(1);
      assertThat(history.get(0).get("txId").asText()).isEqualTo(registered.txId());
      assertThat(history.get(0).get("value").toString()).isEqualTo(registered.payload());
      assertThat(history.get(0).get("timestamp").asText())
          .isEqualTo(history.get(0).get("value").get("registeredAt").asText());
    }

    @Test
    void reports_an_algorithm_never_registered() {
      error(ledger.evaluate(ORG1, "GetHistory", "algorithm:" + hex('d')), ErrorCode.NOT_FOUND);
    }

    @Test
    void reports_a_key_never_written() {
      error(ledger.evaluate(ORG1, "GetHistory", "asset:never"), ErrorCode.NOT_FOUND);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "asset",
          "asset:",
          "asset:bad id",
          "user:x",
          ":x",
          "\u0000asset~owner\u0000x\u0000",
          "algorithm:join-aggregate",
          "algorithm:EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE"
        })
    void rejects_anything_but_a_primary_key(String key) {
      error(ledger.evaluate(ORG1, "GetHistory", key), ErrorCode.INVALID_ARGUMENT);
    }
  }

  @Nested
  class Events {

    @Test
    void every_state_change_emits_exactly_one_named_event() {
      List<String> names = new ArrayList<>();
      names.add(ledger.submit(ORG1, "RegisterOrganisation", org(ORG1).json()).event().name());
      names.add(ledger.submit(ORG1, "RegisterAsset", asset("asset-ev").json()).event().name());
      names.add(ledger.submit(ORG2, "IssueGrant", grant("g1", B1, ORG1).json()).event().name());
      names.add(ledger.submit(ORG1, "SubmitTask", psi("t1").json()).event().name());
      names.add(ledger.submit(ORG1, "RecordTaskStarted", "t1").event().name());
      names.add(ledger.submit(ORG1, "RecordTaskResult", result("t1").json()).event().name());
      names.add(ledger.submit(ORG1, "SubmitTask", psi("t2").json()).event().name());
      names.add(ledger.submit(ORG1, "RecordTaskFailure", "t2", "x").event().name());
      names.add(ledger.submit(ORG2, "RevokeGrant", "g1", "ended").event().name());
      names.add(ledger.submit(ORG1, "SubmitTask", psi("t3").json()).event().name());
      names.add(ledger.submit(ORG1, "DestroyAsset", "asset-ev", "gone").event().name());
      names.add(
          ledger.submit(ORG3, "RegisterAlgorithm", algorithm(hex('e')).json()).event().name());

      assertThat(names)
          .containsExactly(
              "OrganisationRegistered",
              "AssetRegistered",
              "GrantIssued",
              "TaskSubmitted",
              "TaskStarted",
              "TaskSucceeded",
              "TaskSubmitted",
              "TaskFailed",
              "GrantRevoked",
              "TaskRejected",
              "AssetDestroyed",
              "AlgorithmRegistered");
    }

    @Test
    void queries_and_failures_emit_nothing() {
      int before = ledger.state().committedEvents().size();

      assertThat(ledger.evaluate(ORG1, "ListOrganisations").events()).isEmpty();
      assertThat(ledger.evaluate(ORG1, "ListAlgorithms").events()).isEmpty();
      assertThat(ledger.submit(ORG1, "DestroyAsset", B1, "not mine").events()).isEmpty();
      assertThat(ledger.state().committedEvents()).hasSize(before);
    }

    @Test
    void the_committed_event_carries_the_transaction_id() {
      TxResult result = ledger.submit(ORG2, "IssueGrant", grant("g1", B1, ORG1).json());

      Event last =
          ledger.state().committedEvents().get(ledger.state().committedEvents().size() - 1);
      assertThat(last.txId()).isEqualTo(result.txId());
      assertThat(last.payload()).isEqualTo(ledger.state().committed("grant:g1"));
    }
  }

  @Nested
  class TransactionNames {

    private static final Set<String> SUBMIT =
        Set.of(
            "RegisterOrganisation",
            "RegisterAsset",
            "DestroyAsset",
            "IssueGrant",
            "RevokeGrant",
            "SubmitTask",
            "RecordTaskStarted",
            "RecordTaskResult",
            "RecordTaskFailure",
            "RegisterAlgorithm",
            "RegisterComputeCentre",
            "RecordKeyRelease");

    private static final Set<String> EVALUATE =
        Set.of(
            "ReadOrganisation",
            "ListOrganisations",
            "ReadAsset",
            "QueryAssetsByOwner",
            "ReadGrant",
            "QueryGrantsByAsset",
            "QueryGrantsByGrantee",
            "ReadTask",
            "QueryTasksByAsset",
            "QueryTasksByRequester",
            "ReadAlgorithm",
            "ListAlgorithms",
            "ReadComputeCentre",
            "ListComputeCentres",
            "ListKeyReleases",
            "GetHistory");

    @Test
    void the_contract_exposes_exactly_the_public_transactions_with_their_intents() {
      JsonNode metadata = ledger.evaluate(ORG1, "org.hyperledger.fabric:GetMetadata").json();
      JsonNode transactions = metadata.get("contracts").get("mitai").get("transactions");

      Set<String> submit = new TreeSet<>();
      Set<String> evaluate = new TreeSet<>();
      for (JsonNode tx : transactions) {
        String tags = tx.get("tags").toString();
        (tags.contains("\"SUBMIT\"") ? submit : evaluate).add(tx.get("name").asText());
        tx.withArray("parameters")
            .forEach(p -> assertThat(p.get("schema").get("type").asText()).isEqualTo("string"));
        assertThat(tx.get("returns").get("type").asText()).isEqualTo("string");
      }
      assertThat(submit).isEqualTo(new TreeSet<>(SUBMIT));
      assertThat(evaluate).isEqualTo(new TreeSet<>(EVALUATE));
    }

    @Test
    void an_unknown_transaction_is_an_invalid_argument() {
      error(ledger.submit(ORG1, "DeleteEverything"), ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void the_java_method_name_is_not_a_transaction_name() {
      error(ledger.evaluate(ORG1, "readAsset", A1), ErrorCode.INVALID_ARGUMENT);
    }
  }
}
