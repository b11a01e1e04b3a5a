package io.mitai.platform.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mitai.platform.asset.domain.PrivateName;
import io.mitai.platform.asset.persistence.StoredAsset;
import io.mitai.platform.support.Api;
import io.mitai.platform.support.Csv;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An owner keeps an asset's name off the shared ledger with {@code private=true}. */
@QuarkusTest
class PrivateNameApiTest {

  static final String NAME = "Payroll Q3 - do not circulate";

  @Test
  void a_private_name_is_only_a_salted_hash_on_the_ledger_and_in_clear_for_its_owner()
      throws Exception {
    JsonPath uploaded =
        Api.alice()
            .multiPart("name", NAME)
            .multiPart("private", "true")
            .multiPart("file", "data.csv", Csv.PEOPLE.getBytes(StandardCharsets.UTF_8), "text/csv")
            .post("/api/v1/assets")
            .then()
            .statusCode(201)
            .body("name", equalTo(NAME))
            .extract()
            .jsonPath();
    String asset = uploaded.getString("id");
    String tx = uploaded.getString("ledgerTxId");

    // What every member reads on the shared ledger: an opaque label, never the name.
    String onLedger =
        Api.carol().get("/api/v1/ledger/tx/" + tx).then().statusCode(200).extract().asString();
    assertThat(onLedger).doesNotContain(NAME).doesNotContain("Payroll").contains("private:");

    // The owner sees its own name; a grantee sees the label.
    Api.alice().get("/api/v1/assets/" + asset).then().statusCode(200).body("name", equalTo(NAME));
    Api.alice()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "assetId",
                asset,
                "grantee",
                "org2",
                "operations",
                List.of("SECURE_AGGREGATE"),
                "columns",
                List.of("age"),
                "purpose",
                "statistics",
                "validUntil",
                "2099-01-01T00:00:00Z",
                "maxUses",
                1))
        .post("/api/v1/grants")
        .then()
        .statusCode(201);
    String label =
        Api.bob()
            .get("/api/v1/assets/" + asset)
            .then()
            .statusCode(200)
            .body("name", matchesPattern("private:[0-9a-f]{64}"))
            .extract()
            .path("name");

    // The owner can prove the name: the salt kept on its node opens the label.
    String schema =
        QuarkusTransaction.requiringNew()
            .call(() -> StoredAsset.<StoredAsset>findById(asset).schemaJson);
    byte[] salt =
        HexFormat.of().parseHex(new ObjectMapper().readTree(schema).path("nameSalt").asText());
    assertThat(PrivateName.of(NAME, salt)).isEqualTo(label);
    assertThat(PrivateName.of(NAME + " ", salt)).isNotEqualTo(label);
  }

  @Test
  void a_public_name_is_on_the_ledger_as_given_and_a_bad_flag_is_refused() {
    String tx =
        Csv.upload(Api.alice(), "public-name", Csv.PEOPLE)
            .statusCode(201)
            .extract()
            .path("ledgerTxId");
    assertThat(Api.carol().get("/api/v1/ledger/tx/" + tx).then().extract().asString())
        .contains("public-name");
    Api.alice()
        .multiPart("name", "flagged")
        .multiPart("private", "yes")
        .multiPart("file", "data.csv", Csv.PEOPLE.getBytes(StandardCharsets.UTF_8), "text/csv")
        .post("/api/v1/assets")
        .then()
        .statusCode(400)
        .body("type", equalTo("https://mitai.io/problems/invalid-request"));
  }
}
