package io.mitai.platform.grant;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.mitai.platform.outbox.OutboxEntry;
import io.mitai.platform.support.Api;
import io.mitai.platform.support.Csv;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RightsAndLedgerApiTest {

  static final String PROBLEM = "application/problem+json";

  static Map<String, Object> grant(String assetId, String grantee, List<String> columns) {
    return Map.of(
        "assetId",
        assetId,
        "grantee",
        grantee,
        "operations",
        List.of("SECURE_AGGREGATE"),
        "columns",
        columns,
        "purpose",
        "quarterly statistics",
        "legalBasis",
        "contract",
        "validUntil",
        "2099-01-01T00:00:00Z",
        "maxUses",
        3,
        "minAssurance",
        "MPC_SEMI_HONEST");
  }

  static String issued(RequestSpecification as, Map<String, Object> body) {
    return as.contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/grants")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  @Nested
  class Grants {
    @Test
    void the_owner_issues_a_grant_that_both_sides_see_and_that_makes_the_asset_visible() {
      String asset = Csv.uploaded(Api.alice(), "granted", Csv.PEOPLE);
      String grant = issued(Api.alice(), grant(asset, "org2", List.of("age", "balance")));
      Api.alice()
          .get("/api/v1/grants/" + grant)
          .then()
          .statusCode(200)
          .body("status", equalTo("ACTIVE"))
          .body("owner", equalTo("org1"))
          .body("usesLeft", equalTo(3))
          .body("columns", equalTo(List.of("age", "balance")))
          .body("ledgerTxId", startsWith("mitai-"));
      Api.bob()
          .get("/api/v1/grants?assetId=" + asset)
          .then()
          .statusCode(200)
          .body("id", hasItem(grant));
      Api.bob().get("/api/v1/assets").then().body("id", hasItem(asset));
      Api.bob().get("/api/v1/assets/" + asset).then().statusCode(200);
      Api.carol().get("/api/v1/grants").then().body("id", not(hasItem(grant)));
    }

    @Test
    void the_answer_to_an_issue_is_the_grant_as_it_is_read_afterwards() {
      String asset = Csv.uploaded(Api.alice(), "answered", Csv.PEOPLE);
      Map<String, Object> answered =
          Api.alice()
              .contentType(ContentType.JSON)
              .body(grant(asset, "org2", List.of("age")))
              .post("/api/v1/grants")
              .then()
              .statusCode(201)
              .extract()
              .jsonPath()
              .getMap("");
      Map<String, Object> read =
          Api.alice()
              .get("/api/v1/grants/" + answered.get("id"))
              .then()
              .statusCode(200)
              .extract()
              .jsonPath()
              .getMap("");
      org.assertj.core.api.Assertions.assertThat(answered).isEqualTo(read);
    }

    @Test
    void a_grant_the_node_refuses_leaves_no_ledger_write_behind() {
      String asset = Csv.uploaded(Api.alice(), "unwritten", Csv.PEOPLE);
      long writes = writesNaming(asset);
      Api.alice()
          .contentType(ContentType.JSON)
          .body(grant(asset, "org2", List.of("salary")))
          .post("/api/v1/grants")
          .then()
          .statusCode(422);
      Api.alice()
          .contentType(ContentType.JSON)
          .body(grant(asset, "org-nobody", List.of("age")))
          .post("/api/v1/grants")
          .then()
          .statusCode(422);
      org.assertj.core.api.Assertions.assertThat(writesNaming(asset)).isEqualTo(writes);
    }

    /** The node's ledger writes (outbox entries, any state) whose arguments name {@code id}. */
    private static long writesNaming(String id) {
      return QuarkusTransaction.requiringNew()
          .call(() -> OutboxEntry.count("args like ?1", "%" + id + "%"));
    }

    @Test
    void revoking_ends_the_grant_and_hides_the_asset_from_the_grantee() {
      String asset = Csv.uploaded(Api.alice(), "revoked", Csv.PEOPLE);
      String grant = issued(Api.alice(), grant(asset, "org3", List.of("age")));
      Api.carol()
          .contentType(ContentType.JSON)
          .body(Map.of("reason", "mine now"))
          .post("/api/v1/grants/" + grant + "/revoke")
          .then()
          .statusCode(403)
          .body("type", equalTo("https://mitai.io/problems/forbidden"));
      Api.alice()
          .contentType(ContentType.JSON)
          .body(Map.of("reason", "project ended"))
          .post("/api/v1/grants/" + grant + "/revoke")
          .then()
          .statusCode(200)
          .body("status", equalTo("REVOKED"))
          .body("revokedReason", equalTo("project ended"));
      Api.carol().get("/api/v1/assets/" + asset).then().statusCode(404);
      Api.alice()
          .contentType(ContentType.JSON)
          .body(Map.of())
          .post("/api/v1/grants/" + grant + "/revoke")
          .then()
          .statusCode(409)
          .body("type", equalTo("https://mitai.io/problems/invalid-state"));
    }

    @Test
    void a_grant_on_another_organisations_asset_is_a_403_problem() {
      String asset = Csv.uploaded(Api.bob(), "bobs", Csv.PEOPLE);
      Api.alice()
          .contentType(ContentType.JSON)
          .body(grant(asset, "org3", List.of("age")))
          .post("/api/v1/grants")
          .then()
          .statusCode(403)
          .contentType(PROBLEM)
          .body("type", equalTo("https://mitai.io/problems/forbidden"));
    }

    @Test
    void unknown_columns_operations_and_assets_are_problems() {
      String asset = Csv.uploaded(Api.alice(), "checked", Csv.PEOPLE);
      Api.alice()
          .contentType(ContentType.JSON)
          .body(grant(asset, "org2", List.of("salary")))
          .post("/api/v1/grants")
          .then()
          .statusCode(422)
          .body("type", equalTo("https://mitai.io/problems/unknown-column"));
      Map<String, Object> badOperation =
          new java.util.HashMap<>(grant(asset, "org2", List.of("age")));
      badOperation.put("operations", List.of("DOWNLOAD"));
      Api.alice()
          .contentType(ContentType.JSON)
          .body(badOperation)
          .post("/api/v1/grants")
          .then()
          .statusCode(422)
          .body("type", equalTo("https://mitai.io/problems/invalid-argument"));
      Api.alice()
          .contentType(ContentType.JSON)
          .body(grant("asset-nope", "org2", List.of("age")))
          .post("/api/v1/grants")
          .then()
          .statusCode(404)
          .body("type", equalTo("https://mitai.io/problems/not-found"));
    }

    @Test
    void a_grant_that_expired_before_it_starts_is_refused_by_the_ledger_rules() {
      String asset = Csv.uploaded(Api.alice(), "window", Csv.PEOPLE);
      Map<String, Object> body = new java.util.HashMap<>(grant(asset, "org2", List.of("age")));
      body.put("validFrom", "2099-02-01T00:00:00Z");
      Api.alice()
          .contentType(ContentType.JSON)
          .body(body)
          .post("/api/v1/grants")
          .then()
          .statusCode(422)
          .contentType(PROBLEM)
          .body("type", equalTo("https://mitai.io/problems/invalid-argument"))
          .body("code", equalTo("INVALID_ARGUMENT"));
    }
  }

  @Nested
  class Tasks {
    @Test
    void a_tee_job_without_inputs_is_refused_before_the_ledger() {
      // TEE jobs run (io.mitai.platform.tee.TeeJobApiTest); a malformed one changes nothing.
      Api.bob()
          .contentType(ContentType.JSON)
          .body(Map.of("operation", "TEE_JOB", "inputs", List.of(), "params", Map.of()))
          .post("/api/v1/tasks")
          .then()
          .statusCode(422)
          .contentType(PROBLEM)
          .body("type", equalTo("https://mitai.io/problems/invalid-argument"));
    }

    @Test
    void an_unknown_operation_is_a_422_problem() {
      Api.bob()
          .contentType(ContentType.JSON)
          .body(Map.of("operation", "EXPORT_ALL"))
          .post("/api/v1/tasks")
          .then()
          .statusCode(422)
          .body("type", equalTo("https://mitai.io/problems/invalid-argument"));
    }
  }

  @Nested
  class Explorer {
    @Test
    void blocks_transactions_proofs_and_verification_are_served_to_the_auditor() {
      String asset = Csv.uploaded(Api.alice(), "explored", Csv.PEOPLE);
      String txId = Api.alice().get("/api/v1/assets/" + asset).then().extract().path("ledgerTxId");
      Api.auditor()
          .get("/api/v1/ledger/blocks")
          .then()
          .statusCode(200)
          .body("height", greaterThan(0))
          .body("blocks[0].number", equalTo(0));
      int block =
          Api.auditor()
              .get("/api/v1/ledger/tx/" + txId)
              .then()
              .statusCode(200)
              .body("function", equalTo("RegisterAsset"))
              .body("creatorMspId", equalTo("org1"))
              .body("eventName", equalTo("AssetRegistered"))
              .extract()
              .path("blockNumber");
      Api.auditor()
          .get("/api/v1/ledger/blocks/" + block)
          .then()
          .statusCode(200)
          .body("txIds", hasItem(txId));
      Api.auditor()
          .get("/api/v1/ledger/proof/" + txId)
          .then()
          .statusCode(200)
          .body("proof.txId", equalTo(txId))
          .body("treeHeadPublicKey", startsWith("-----BEGIN PUBLIC KEY-----"));
      Api.auditor()
          .get("/api/v1/ledger/verify")
          .then()
          .statusCode(200)
          .body("intact", equalTo(true))
          .body("treeRoot", notNullValue());
      Api.auditor().get("/api/v1/ledger/tx/nope").then().statusCode(404);
    }

    @Test
    void the_auditor_reads_provenance_but_cannot_touch_data() {
      String asset = Csv.uploaded(Api.alice(), "audited", Csv.PEOPLE);
      issued(Api.alice(), grant(asset, "org2", List.of("age")));
      Api.alice().delete("/api/v1/assets/" + asset).then().statusCode(200);
      Api.auditor()
          .get("/api/v1/provenance/assets/" + asset)
          .then()
          .statusCode(200)
          .body("owner", equalTo("org1"))
          .body("entries.recordType", equalTo(List.of("asset", "grant", "asset")))
          .body("entries.status", hasItems("ACTIVE", "DESTROYED"));
      Api.auditor().get("/api/v1/assets").then().statusCode(403);
      Api.carol().get("/api/v1/provenance/assets/" + asset).then().statusCode(404);
    }
  }
}
