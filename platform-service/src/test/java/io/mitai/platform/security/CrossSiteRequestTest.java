package io.mitai.platform.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.mitai.platform.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Writes made with the console's session cookie need X-Requested-With and must not come from
 * another origin, not even another port of the same host (issue #12, finding 3); HTTP Basic clients
 * are not affected.
 */
@QuarkusTest
class CrossSiteRequestTest {

  static final String CSRF = "https://mitai.io/problems/cross-site-request";

  String cookie;

  @BeforeEach
  void signIn() {
    cookie = ConsoleSessionTest.signIn("alice", "mitai-demo");
  }

  private RequestSpecification upload(RequestSpecification request, String name) {
    return request
        .cookie(SessionCookie.NAME, cookie)
        .multiPart("name", name)
        .multiPart("file", "d.csv", "n\n1\n2\n".getBytes(StandardCharsets.UTF_8), "text/csv");
  }

  private static int alicesAssets() {
    return Api.alice().get("/api/v1/assets").then().statusCode(200).extract().path("size()");
  }

  @Test
  void a_cookie_write_without_the_console_header_is_refused_and_changes_nothing() {
    int before = alicesAssets();
    upload(given(), "csrf-no-header")
        .post("/api/v1/assets")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", equalTo(CSRF));
    assertThat(alicesAssets()).isEqualTo(before);
  }

  @Test
  void a_cookie_write_from_another_port_of_the_same_host_is_refused_and_changes_nothing() {
    int before = alicesAssets();
    upload(given(), "csrf-other-port")
        .header("X-Requested-With", "XMLHttpRequest")
        .header("Origin", "http://127.0.0.1:1")
        .post("/api/v1/assets")
        .then()
        .statusCode(403)
        .body("type", equalTo(CSRF));
    upload(given(), "csrf-same-site")
        .header("X-Requested-With", "XMLHttpRequest")
        .header("Sec-Fetch-Site", "same-site")
        .post("/api/v1/assets")
        .then()
        .statusCode(403)
        .body("type", equalTo(CSRF));
    given()
        .cookie(SessionCookie.NAME, cookie)
        .header("X-Requested-With", "XMLHttpRequest")
        .header("Origin", "null")
        .header("Sec-Fetch-Site", "cross-site")
        .post("/api/v1/orgs/org1/keys/rotate")
        .then()
        .statusCode(403)
        .body("type", equalTo(CSRF));
    assertThat(alicesAssets()).isEqualTo(before);
  }

  @Test
  void the_consoles_own_write_goes_through() {
    int before = alicesAssets();
    String self = io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port;
    upload(given(), "console-upload")
        .header("X-Requested-With", "XMLHttpRequest")
        .header("Origin", self)
        .header("Sec-Fetch-Site", "same-origin")
        .post("/api/v1/assets")
        .then()
        .statusCode(201);
    assertThat(alicesAssets()).isEqualTo(before + 1);
  }

  @Test
  void what_a_browser_sends_for_the_consoles_own_write_under_no_referrer_goes_through() {
    int before = alicesAssets();
    upload(given(), "console-upload-null-origin")
        .header("X-Requested-With", "XMLHttpRequest")
        .header("Origin", "null")
        .header("Sec-Fetch-Site", "same-origin")
        .post("/api/v1/assets")
        .then()
        .statusCode(201);
    assertThat(alicesAssets()).isEqualTo(before + 1);
  }

  @Test
  void reads_with_the_cookie_need_no_header() {
    given().cookie(SessionCookie.NAME, cookie).get("/api/v1/me").then().statusCode(200);
  }

  @Test
  void http_basic_clients_need_no_header() {
    Api.alice()
        .multiPart("name", "basic-upload")
        .multiPart("file", "d.csv", "n\n1\n".getBytes(StandardCharsets.UTF_8), "text/csv")
        .post("/api/v1/assets")
        .then()
        .statusCode(201);
  }

  @Test
  void the_sign_in_form_cannot_be_posted_from_another_origin() {
    given()
        .redirects()
        .follow(false)
        .header("Origin", "http://127.0.0.1:1")
        .formParam("j_username", "alice")
        .formParam("j_password", "mitai-demo")
        .post("/j_security_check")
        .then()
        .statusCode(403)
        .body("type", equalTo(CSRF));
  }
}
