package io.mitai.platform.validation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;

import io.mitai.platform.support.Api;
import io.mitai.platform.support.Csv;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input checked at the edge (issue #12, findings 7, 8, 9, 13): ids of one pattern on every path,
 * strict JSON bodies, names without control or format characters, bounded dates, and a hidden asset
 * indistinguishable from an unknown one. Every refusal is a 4xx problem and changes nothing.
 */
@QuarkusTest
class EdgeValidationApiTest {

  static final String PROBLEM = "application/problem+json";
  static final String TYPES = "https://mitai.io/problems/";

  // --- finding 8: ids on every path --------------------------------------------------------------

  static final List<String[]> PATHS =
      List.of(
          new String[] {"GET", "/api/v1/assets/%s"},
          new String[] {"DELETE", "/api/v1/assets/%s"},
          new String[] {"GET", "/api/v1/grants/%s"},
          new String[] {"POST", "/api/v1/grants/%s/revoke"},
          new String[] {"GET", "/api/v1/tasks/%s"},
          new String[] {"GET", "/api/v1/tasks/%s/result"},
          new String[] {"GET", "/api/v1/orgs/%s"},
          new String[] {"POST", "/api/v1/orgs/%s/keys/rotate"},
          new String[] {"GET", "/api/v1/provenance/assets/%s"},
          new String[] {"GET", "/api/v1/ledger/tx/%s"},
          new String[] {"GET", "/api/v1/ledger/proof/%s"},
          new String[] {"GET", "/api/v1/ledger/blocks/%s"});

  /** Already percent-encoded: sent as is. */
  static final List<String> ODD_IDS =
      List.of(
          "%00",
          "asset-%00",
          "x".repeat(129),
          "%E2%80%AEtxt.exe",
          "-dash-first",
          "a%20b",
          "%C3%A4",
          "a%0Ab",
          "a%09b",
          "%FF%FE",
          "a'%20or%20'1'='1");

  static Stream<Arguments> oddPaths() {
    List<Arguments> out = new ArrayList<>();
    for (String[] path : PATHS) {
      for (String id : ODD_IDS) {
        out.add(Arguments.of(path[0], path[1].formatted(id)));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("oddPaths")
  void an_id_that_cannot_exist_is_a_404_problem_on_every_path(String method, String path) {
    Response response =
        Api.alice()
            .urlEncodingEnabled(false)
            .contentType(ContentType.JSON)
            .body(method.equals("POST") ? "{}" : "")
            .request(method, path);
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(404);
    assertThat(response.contentType()).startsWith(PROBLEM);
    assertThat(response.jsonPath().getString("type")).isEqualTo(TYPES + "not-found");
    assertThat(response.asString()).doesNotContain("\u0000");
  }

  @Test
  void an_anonymous_request_with_an_odd_id_is_still_a_401() {
    given()
        .urlEncodingEnabled(false)
        .get("/api/v1/assets/%00")
        .then()
        .statusCode(401)
        .contentType(PROBLEM);
  }

  @Test
  void a_well_formed_unknown_id_is_the_same_404() {
    Api.alice()
        .get("/api/v1/ledger/tx/mitai-does-not-exist")
        .then()
        .statusCode(404)
        .body("type", equalTo(TYPES + "not-found"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"assetId=%00", "grantee=org2%00", "assetId=" + "y" + "%E2%80%AE"})
  void a_malformed_id_in_a_query_is_a_400_problem(String query) {
    Api.alice()
        .urlEncodingEnabled(false)
        .get("/api/v1/grants?" + query)
        .then()
        .statusCode(400)
        .contentType(PROBLEM)
        .body("type", equalTo(TYPES + "invalid-request"));
  }

  @Test
  void a_destroy_reason_with_a_nul_byte_is_refused_and_the_asset_survives() {
    String asset = Csv.uploaded(Api.alice(), "survivor", Csv.PEOPLE);
    Api.alice()
        .urlEncodingEnabled(false)
        .delete("/api/v1/assets/" + asset + "?reason=gone%00")
        .then()
        .statusCode(400)
        .body("type", equalTo(TYPES + "invalid-request"));
    Api.alice()
        .get("/api/v1/assets/" + asset)
        .then()
        .statusCode(200)
        .body("status", equalTo("ACTIVE"));
  }

  // --- finding 9: strict JSON, bounded dates ----------------------------------------------------

  @Nested
  class GrantBodies {

    static final String VALID =
        "{\"assetId\":\"%s\",\"grantee\":\"org2\",\"operations\":[\"SECURE_AGGREGATE\"],"
            + "\"columns\":[\"age\"],\"purpose\":\"statistics\",\"legalBasis\":\"contract\","
            + "\"validUntil\":\"2099-01-01T00:00:00Z\",\"maxUses\":2}";

    static Stream<Arguments> refused() {
      return Stream.of(
          Arguments.of(
              "a duplicate key (last would win)",
              "\"grantee\":\"org2\"",
              "\"grantee\":\"org3\",\"grantee\":\"org2\"",
              "invalid-json"),
          Arguments.of(
              "a float for an integer", "\"maxUses\":2", "\"maxUses\":2.5", "invalid-json"),
          Arguments.of("a whole float", "\"maxUses\":2", "\"maxUses\":2.0", "invalid-json"),
          Arguments.of(
              "a string for a number", "\"maxUses\":2", "\"maxUses\":\"5\"", "invalid-json"),
          Arguments.of(
              "a number for a string",
              "\"purpose\":\"statistics\"",
              "\"purpose\":5",
              "invalid-json"),
          Arguments.of(
              "an unknown field", "\"maxUses\":2", "\"maxUses\":2,\"maxUse\":1", "invalid-json"),
          Arguments.of("trailing content", "\"maxUses\":2}", "\"maxUses\":2}{}", "invalid-json"),
          Arguments.of("broken JSON", "\"maxUses\":2}", "\"maxUses\":2", "invalid-json"),
          Arguments.of(
              "a six-digit year",
              "2099-01-01T00:00:00Z",
              "+999999-01-01T00:00:00Z",
              "invalid-request"),
          Arguments.of(
              "more than 100 years ahead",
              "2099-01-01T00:00:00Z",
              "9999-12-31T23:59:59Z",
              "invalid-request"),
          Arguments.of(
              "an offset instead of Z",
              "2099-01-01T00:00:00Z",
              "2099-01-01T00:00:00+01:00",
              "invalid-request"),
          Arguments.of(
              "a NUL byte in the asset id",
              "\"assetId\":\"",
              "\"assetId\":\"\\u0000",
              "invalid-request"),
          Arguments.of(
              "a NUL byte in the grantee", "\"org2\"", "\"org2\\u0000\"", "invalid-request"),
          Arguments.of(
              "a bidi override in the purpose",
              "\"statistics\"",
              "\"stat\\u202Eistics\"",
              "invalid-request"),
          Arguments.of(
              "a NUL byte in a column", "[\"age\"]", "[\"age\\u0000\"]", "invalid-request"),
          Arguments.of(
              "a zero-width space in the legal basis",
              "\"contract\"",
              "\"con\\u200Btract\"",
              "invalid-request"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void is_refused_with_a_problem_and_no_grant_is_issued(
        String what, String from, String to, String type) {
      String asset = Csv.uploaded(Api.alice(), "strict", Csv.PEOPLE);
      String body = VALID.formatted(asset);
      assertThat(body).contains(from);
      Api.alice()
          .contentType(ContentType.JSON)
          .body(body.replace(from, to).getBytes(StandardCharsets.UTF_8))
          .post("/api/v1/grants")
          .then()
          .statusCode(400)
          .contentType(PROBLEM)
          .body("type", equalTo(TYPES + type))
          .body("status", equalTo(400));
      Api.alice()
          .get("/api/v1/grants?assetId=" + asset)
          .then()
          .statusCode(200)
          .body("$", hasSize(0));
      // The same body without the defect is accepted: the refusal is the defect's.
      Api.alice()
          .contentType(ContentType.JSON)
          .body(body)
          .post("/api/v1/grants")
          .then()
          .statusCode(201)
          .body("maxUses", equalTo(2))
          .body("grantee", equalTo("org2"));
    }

    @Test
    void the_problem_names_the_field_not_the_value() {
      String asset = Csv.uploaded(Api.alice(), "strict-detail", Csv.PEOPLE);
      Api.alice()
          .contentType(ContentType.JSON)
          .body(VALID.formatted(asset).replace("\"maxUses\":2", "\"maxUses\":\"5\""))
          .post("/api/v1/grants")
          .then()
          .statusCode(400)
          .body("detail", equalTo("field `maxUses` must be an integer (no coercion is applied)"));
      Api.alice()
          .contentType(ContentType.JSON)
          .body(VALID.formatted(asset).replace("\"maxUses\":2", "\"maxUses\":2,\"evil\":1"))
          .post("/api/v1/grants")
          .then()
          .statusCode(400)
          .body("detail", equalTo("unknown field `evil`; unknown fields are refused"));
      Api.alice()
          .contentType(ContentType.JSON)
          .body(
              VALID
                  .formatted(asset)
                  .replace("\"grantee\":\"org2\"", "\"grantee\":\"org3\",\"grantee\":\"org2\""))
          .post("/api/v1/grants")
          .then()
          .statusCode(400)
          .body("detail", equalTo("duplicate field `grantee`; each key may appear once"));
    }

    @Test
    void a_revoke_reason_with_a_control_character_leaves_the_grant_active() {
      String asset = Csv.uploaded(Api.alice(), "strict-revoke", Csv.PEOPLE);
      String grant =
          Api.alice()
              .contentType(ContentType.JSON)
              .body(VALID.formatted(asset))
              .post("/api/v1/grants")
              .then()
              .statusCode(201)
              .extract()
              .path("id");
      Api.alice()
          .contentType(ContentType.JSON)
          .body(Map.of("reason", "done\u0000"))
          .post("/api/v1/grants/" + grant + "/revoke")
          .then()
          .statusCode(400)
          .body("type", equalTo(TYPES + "invalid-request"));
      Api.alice()
          .contentType(ContentType.JSON)
          .body("{\"reason\":\"a\",\"reason\":\"b\"}")
          .post("/api/v1/grants/" + grant + "/revoke")
          .then()
          .statusCode(400)
          .body("type", equalTo(TYPES + "invalid-json"));
      Api.alice().get("/api/v1/grants/" + grant).then().body("status", equalTo("ACTIVE"));
    }
  }

  @Nested
  class TaskBodies {

    static int taskCount(RequestSpecification as) {
      return as.get("/api/v1/tasks")
          .then()
          .statusCode(200)
          .extract()
          .jsonPath()
          .getList("$")
          .size();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          // duplicate keys inside the free-form params are refused too
          "{\"operation\":\"SECURE_AGGREGATE\",\"inputs\":[{\"assetId\":\"%s\",\"columns\":[\"age\"]}],"
              + "\"params\":{\"aggregates\":[\"SUM\"],\"aggregates\":[\"COUNT\"]}}",
          "{\"operation\":\"SECURE_AGGREGATE\",\"inputs\":[{\"assetId\":\"%s\",\"columns\":[\"age\"],"
              + "\"owner\":\"org9\"}],\"params\":{\"aggregates\":[\"SUM\"]}}",
          "{\"operation\":\"SECURE_AGGREGATE\",\"operation\":\"PSI\",\"inputs\":[{\"assetId\":\"%s\","
              + "\"columns\":[\"age\"]}],\"params\":{\"aggregates\":[\"SUM\"]}}",
          "{\"operation\":\"SECURE_AGGREGATE\",\"inputs\":[{\"assetId\":\"%s\",\"columns\":\"age\"}],"
              + "\"params\":{\"aggregates\":[\"SUM\"]}}"
        })
    void loose_json_is_refused_and_no_task_is_recorded(String template) {
      String asset = Csv.uploaded(Api.alice(), "strict-task", Csv.PEOPLE);
      int before = taskCount(Api.alice());
      Api.alice()
          .contentType(ContentType.JSON)
          .body(template.formatted(asset))
          .post("/api/v1/tasks")
          .then()
          .statusCode(400)
          .contentType(PROBLEM)
          .body("type", equalTo(TYPES + "invalid-json"));
      assertThat(taskCount(Api.alice())).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "asset-\\u0000",
          "\\u202Easset",
          "x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x"
        })
    void an_odd_input_asset_id_is_a_400(String assetId) {
      int before = taskCount(Api.alice());
      Api.alice()
          .contentType(ContentType.JSON)
          .body(
              "{\"operation\":\"SECURE_AGGREGATE\",\"inputs\":[{\"assetId\":\""
                  + assetId
                  + "\",\"columns\":[\"age\"]}],\"params\":{\"aggregates\":[\"SUM\"]}}")
          .post("/api/v1/tasks")
          .then()
          .statusCode(lessThan(500))
          .statusCode(400)
          .body("type", equalTo(TYPES + "invalid-request"));
      assertThat(taskCount(Api.alice())).isEqualTo(before);
    }
  }

  // --- finding 13: names ------------------------------------------------------------------------

  @Test
  void an_asset_name_with_a_bidi_override_is_refused() {
    Api.alice()
        .multiPart("name", "name.txt", "invoice\u202Etxt.exe".getBytes(StandardCharsets.UTF_8))
        .multiPart("file", "data.csv", Csv.PEOPLE.getBytes(StandardCharsets.UTF_8), "text/csv")
        .post("/api/v1/assets")
        .then()
        .statusCode(400)
        .contentType(PROBLEM)
        .body("type", equalTo(TYPES + "invalid-request"));
  }

  @Test
  void a_column_name_with_a_control_character_is_refused() {
    Csv.upload(Api.alice(), "bad-header", "id,na\u0000me\n1,Ada\n")
        .statusCode(422)
        .body("type", equalTo(TYPES + "malformed-csv"));
    Csv.upload(Api.alice(), "bad-header", "id,name\u202E\n1,Ada\n")
        .statusCode(422)
        .body("type", equalTo(TYPES + "malformed-csv"));
  }

  @Test
  void formula_cells_are_stored_verbatim() {
    // Decision (docs/api.md): data fidelity; the node never exports CSV, results are JSON.
    Csv.upload(
            Api.alice(), "formulas", "id,note\n1,=1+2\n2,+cmd|' /C calc'!A0\n3,-2+3\n4,@SUM(A1)\n")
        .statusCode(201);
  }

  // --- finding 7: a hidden asset looks like an unknown one --------------------------------------

  @Test
  void a_task_on_an_asset_without_a_grant_answers_exactly_like_one_on_an_unknown_asset() {
    String hidden = Csv.uploaded(Api.bob(), "hidden-payroll", "id,secret_salary\n1,100\n2,200\n");
    String unknown = "asset-00000000-0000-0000-0000-000000000000";
    for (String column : List.of("secret_salary", "no_such_column")) {
      Response onHidden = submitAggregate(hidden, column);
      Response onUnknown = submitAggregate(unknown, column);
      assertThat(onHidden.statusCode()).isEqualTo(404).isEqualTo(onUnknown.statusCode());
      if (column.equals("no_such_column")) {
        assertThat(onHidden.asString()).doesNotContain("secret_salary");
      }
      assertThat(onHidden.asString().replace(hidden, "<asset>"))
          .isEqualTo(onUnknown.asString().replace(unknown, "<asset>"));
    }
  }

  private static Response submitAggregate(String assetId, String column) {
    return Api.carol()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "operation",
                "SECURE_AGGREGATE",
                "inputs",
                List.of(Map.of("assetId", assetId, "columns", List.of(column))),
                "params",
                Map.of("aggregates", List.of("SUM"))))
        .post("/api/v1/tasks");
  }
}
