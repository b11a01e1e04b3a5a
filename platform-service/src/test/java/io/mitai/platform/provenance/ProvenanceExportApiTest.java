package io.mitai.platform.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.ledger.LedgerExplorer;
import io.mitai.ledger.evidence.BundleException;
import io.mitai.ledger.evidence.EvidenceBundle;
import io.mitai.platform.support.Api;
import io.mitai.platform.support.Csv;
import io.mitai.platform.support.Tasks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/provenance/assets/{id}/export}: the evidence bundle of a data set whose grant
 * admitted a task that succeeded, for the owner, the grantee and the auditor, verified offline with
 * the ledger's public key alone.
 */
@QuarkusTest
class ProvenanceExportApiTest {

  @Inject LedgerExplorer explorer;

  @Test
  void owner_grantee_and_auditor_export_a_bundle_that_verifies_offline_and_others_get_404()
      throws Exception {
    String asset = Csv.uploaded(Api.alice(), "exported", Csv.PEOPLE);
    Map<String, Object> grant = new HashMap<>();
    grant.put("assetId", asset);
    grant.put("grantee", "org2");
    grant.put("operations", List.of("SECURE_AGGREGATE"));
    grant.put("columns", List.of("age", "balance"));
    grant.put("purpose", "evidence export");
    grant.put("validUntil", "2099-01-01T00:00:00Z");
    grant.put("maxUses", 3);
    grant.put("minAssurance", "MPC_SEMI_HONEST");
    String grantId =
        Api.alice()
            .contentType(ContentType.JSON)
            .body(grant)
            .post("/api/v1/grants")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    Map<String, Object> task = new HashMap<>();
    task.put("operation", "SECURE_AGGREGATE");
    task.put("inputs", List.of(Tasks.input(asset, "balance")));
    task.put("params", Map.of("aggregates", List.of("COUNT", "SUM")));
    String taskId =
        Api.bob()
            .contentType(ContentType.JSON)
            .body(task)
            .post("/api/v1/tasks")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    JsonPath done = Tasks.succeeded("bob", taskId);

    byte[] bundle =
        Api.auditor()
            .get("/api/v1/provenance/assets/" + asset + "/export")
            .then()
            .statusCode(200)
            .contentType(ContentType.JSON)
            .header("Content-Disposition", "attachment; filename=\"evidence-" + asset + ".json\"")
            .extract()
            .asByteArray();

    EvidenceBundle.Verified verified = EvidenceBundle.verify(bundle, explorer.treeHeadKey());
    assertThat(verified.assetId()).isEqualTo(asset);
    assertThat(verified.records())
        .extracting(r -> r.key())
        .contains("asset:" + asset, "grant:" + grantId, "task:" + taskId);
    JsonPath prov = JsonPath.from(new String(bundle, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(prov.getString("prov.entity.'result:" + taskId + "'.'mitai:resultHash'"))
        .isEqualTo(done.getString("resultHash"));
    assertThat(prov.getMap("prov.agent")).containsKeys("org:org1", "org:org2");

    byte[] changed = bundle.clone();
    changed[changed.length / 3] ^= 0x01;
    assertThatThrownBy(() -> EvidenceBundle.verify(changed, explorer.treeHeadKey()))
        .isInstanceOf(BundleException.class);

    Api.alice().get("/api/v1/provenance/assets/" + asset + "/export").then().statusCode(200);
    Api.bob().get("/api/v1/provenance/assets/" + asset + "/export").then().statusCode(200);
    Api.carol()
        .get("/api/v1/provenance/assets/" + asset + "/export")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }
}
