package io.mitai.platform.tee;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** REST helpers of the TEE end-to-end tests. */
final class TeeApi {
  static final String PROBLEMS = "https://mitai.io/problems/";

  private TeeApi() {}

  static String grant(
      RequestSpecification as,
      String assetId,
      String grantee,
      List<String> columns,
      String minAssurance,
      List<String> algorithms) {
    Map<String, Object> body = new HashMap<>();
    body.put("assetId", assetId);
    body.put("grantee", grantee);
    body.put("operations", List.of("TEE_JOB"));
    body.put("columns", columns);
    body.put("purpose", "churn analysis in an enclave");
    body.put("validUntil", "2099-01-01T00:00:00Z");
    body.put("maxUses", 20);
    body.put("minAssurance", minAssurance);
    body.put("algorithms", algorithms);
    // The test tables are a few rows per group: a floor of 2 (the lowest a grant may set).
    body.put("minGroupSize", 2);
    return as.contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/grants")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  static ValidatableResponse submit(
      RequestSpecification as, List<Map<String, Object>> inputs, Map<String, Object> params) {
    Map<String, Object> body = new HashMap<>();
    body.put("operation", "TEE_JOB");
    body.put("inputs", inputs);
    body.put("params", params);
    return as.contentType(ContentType.JSON).body(body).post("/api/v1/tasks").then();
  }

  static String accepted(
      RequestSpecification as, List<Map<String, Object>> inputs, Map<String, Object> params) {
    return submit(as, inputs, params).statusCode(202).extract().path("id");
  }
}
