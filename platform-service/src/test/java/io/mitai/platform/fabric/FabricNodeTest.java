package io.mitai.platform.fabric;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.mitai.platform.support.Api;
import io.mitai.platform.support.Csv;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The node with {@code mitai.ledger=fabric}: the official Fabric Gateway client over TLS to a peer
 * (audit-ledger's in-process Gateway served by a real gRPC server), each organisation acting with
 * its MSP identity files; the projection follows the chaincode events Fabric delivers.
 */
@QuarkusTest
@TestProfile(FabricProfile.class)
class FabricNodeTest {

  static final String PROBLEMS = "https://mitai.io/problems/";

  @Test
  void organisations_register_on_fabric_and_assets_and_grants_follow_its_events() {
    Api.alice()
        .get("/api/v1/orgs")
        .then()
        .statusCode(200)
        .body("id", hasItems("org1", "org2", "org3"))
        .body("find { it.id == 'org1' }.hostedHere", equalTo(true))
        .body("find { it.id == 'org1' }.ledgerTxId", not(startsWith("mitai-")));

    String asset = Csv.uploaded(Api.alice(), "on-fabric", Csv.PEOPLE);
    Api.alice().get("/api/v1/assets/" + asset).then().statusCode(200);

    String grant =
        Api.alice()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "assetId", asset,
                    "grantee", "org2",
                    "operations", List.of("SECURE_AGGREGATE"),
                    "columns", List.of("age", "balance"),
                    "purpose", "quarterly statistics",
                    "legalBasis", "contract",
                    "validUntil", "2099-01-01T00:00:00Z",
                    "maxUses", 3,
                    "minAssurance", "MPC_SEMI_HONEST"))
            .post("/api/v1/grants")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    Api.alice()
        .get("/api/v1/grants/" + grant)
        .then()
        .statusCode(200)
        .body("status", equalTo("ACTIVE"))
        .body("owner", equalTo("org1"));
    Api.bob()
        .get("/api/v1/grants?assetId=" + asset)
        .then()
        .statusCode(200)
        .body("id", hasItem(grant));
    Api.bob().get("/api/v1/assets").then().body("id", hasItem(asset));

    // No inclusion proofs on Fabric: the evidence bundle is the explorer's 501 problem.
    Api.alice()
        .get("/api/v1/provenance/assets/" + asset + "/export")
        .then()
        .statusCode(501)
        .contentType("application/problem+json")
        .body("type", equalTo(PROBLEMS + "explorer-unavailable"));
  }

  @Test
  void the_explorer_answers_a_501_problem_on_fabric() {
    Api.auditor()
        .get("/api/v1/ledger/verify")
        .then()
        .statusCode(501)
        .contentType("application/problem+json")
        .body("type", equalTo(PROBLEMS + "explorer-unavailable"))
        .body("detail", containsString("mitai.ledger=fabric"));
  }
}
