package io.mitai.platform.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.mitai.platform.asset.persistence.StoredAsset;
import io.mitai.platform.keys.KeyVault;
import io.mitai.platform.support.Api;
import io.mitai.platform.support.Csv;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class KekRotationTest {

  @Inject KeyVault vault;

  @Test
  void rotation_rewraps_every_data_key_retires_the_old_kek_and_the_data_stays_usable() {
    String asset = Csv.uploaded(Api.alice(), "before rotation", "id,amount\n1,10\n2,32\n");
    String before = kekOf(asset);

    Map<String, Object> outcome =
        Api.alice()
            .post("/api/v1/orgs/org1/keys/rotate")
            .then()
            .statusCode(200)
            .extract()
            .as(Map.class);

    String current = (String) outcome.get("kekAlias");
    assertThat(current).isNotEqualTo(before);
    assertThat(kekOf(asset)).isEqualTo(current);
    assertThat((List<?>) outcome.get("retired")).asList().contains(before);
    assertThat(vault.kekAliases("org1")).containsExactly(current);

    // The re-wrapped data key still opens the ciphertext: alice computes on her own asset.
    String task =
        Api.alice()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "operation", "SECURE_AGGREGATE",
                    "inputs", List.of(Map.of("assetId", asset, "columns", List.of("amount"))),
                    "params", Map.of("aggregates", List.of("SUM"))))
            .post("/api/v1/tasks")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    String status = "";
    for (int i = 0; i < 200 && !List.of("SUCCEEDED", "FAILED").contains(status); i++) {
      sleep();
      status = Api.alice().get("/api/v1/tasks/" + task).then().extract().path("status");
    }
    assertThat(status).isEqualTo("SUCCEEDED");
    Api.alice()
        .get("/api/v1/tasks/" + task + "/result")
        .then()
        .statusCode(200)
        .body("result.toString()", org.hamcrest.Matchers.containsString("42"));

    // New uploads use the new key.
    String after = Csv.uploaded(Api.alice(), "after rotation", "id,amount\n1,1\n");
    assertThat(kekOf(after)).isEqualTo(current);
  }

  @Test
  void another_organisation_cannot_rotate_my_keys() {
    Api.bob()
        .post("/api/v1/orgs/org1/keys/rotate")
        .then()
        .statusCode(403)
        .body("status", equalTo(403));
    Api.auditor().post("/api/v1/orgs/org1/keys/rotate").then().statusCode(403);
    assertThat(vault.kekAliases("org2")).isNotEmpty();
    Api.alice().get("/api/v1/orgs").then().body("id", hasItem("org1"));
  }

  private static String kekOf(String assetId) {
    return QuarkusTransaction.requiringNew()
        .call(() -> StoredAsset.<StoredAsset>findById(assetId).kekAlias);
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
