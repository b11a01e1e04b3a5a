package io.mitai.platform.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.mitai.platform.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/**
 * Security headers on the console and the API; nothing behind the sign-in is cacheable (issue #12,
 * finding 10). Also: /q/metrics is not public, and an anonymous call is a 401 before any 415 or 405
 * (finding 13).
 */
@QuarkusTest
class SecurityHeadersTest {

  static ValidatableResponse hardened(ValidatableResponse response) {
    return response
        .header("X-Content-Type-Options", "nosniff")
        .header("X-Frame-Options", "DENY")
        .header("Referrer-Policy", "no-referrer")
        .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
  }

  @Test
  void console_pages_behind_the_sign_in_are_framed_by_nobody_and_never_cached() {
    String cookie = ConsoleSessionTest.signIn("alice", "mitai-demo");
    hardened(given().cookie(SessionCookie.NAME, cookie).get("/console/data.html").then())
        .statusCode(200)
        .header("Content-Security-Policy", containsString("script-src 'self'"))
        .header("Cache-Control", "no-store");
  }

  @Test
  void public_console_files_are_revalidated_not_immutable() {
    hardened(given().get("/console/js/api.js").then())
        .statusCode(200)
        .header("Cache-Control", not(containsString("immutable")));
    hardened(given().get("/console/login.html").then())
        .statusCode(200)
        .header("Cache-Control", not(containsString("immutable")));
  }

  @Test
  void api_answers_are_no_store() {
    hardened(Api.alice().get("/api/v1/me").then())
        .statusCode(200)
        .header("Cache-Control", "no-store");
    hardened(given().get("/api/v1/me").then()).statusCode(401);
  }

  @Test
  void the_console_has_no_inline_script_or_style_the_policy_would_block() {
    for (String page :
        new String[] {
          "login.html",
          "index.html",
          "data.html",
          "grants.html",
          "tasks.html",
          "ledger.html",
          "provenance.html"
        }) {
      String cookie = ConsoleSessionTest.signIn("alice", "mitai-demo");
      String html =
          given()
              .cookie(SessionCookie.NAME, cookie)
              .get("/console/" + page)
              .then()
              .statusCode(200)
              .extract()
              .asString();
      org.assertj.core.api.Assertions.assertThat(html)
          .as(page)
          .doesNotContain("style=")
          .doesNotContainPattern("<script(?![^>]*\\bsrc=)")
          .doesNotContainPattern("\\son[a-z]+=");
    }
  }

  @Test
  void metrics_are_for_auditors_only() {
    given().get("/q/metrics").then().statusCode(401);
    Api.alice().get("/q/metrics").then().statusCode(403);
    Api.auditor().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
  }

  @Test
  void an_anonymous_upload_is_401_before_its_media_type_is_looked_at() {
    given()
        .contentType("text/plain")
        .body("n\n1\n")
        .post("/api/v1/assets")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("type", equalTo("https://mitai.io/problems/unauthenticated"));
    given()
        .contentType("application/json")
        .body("{}")
        .post("/api/v1/ledger/verify-result")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
    given().delete("/api/v1/me").then().statusCode(401);
  }

  @Test
  void an_authenticated_upload_of_the_wrong_media_type_is_still_415() {
    Api.alice()
        .contentType("text/plain")
        .body("n\n1\n")
        .post("/api/v1/assets")
        .then()
        .statusCode(415);
  }
}
