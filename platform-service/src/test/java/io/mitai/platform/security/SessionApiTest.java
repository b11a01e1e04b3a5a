package io.mitai.platform.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.mitai.platform.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The console's sign-in (form login) next to HTTP Basic for API clients. */
@QuarkusTest
class SessionApiTest {

  @Nested
  class Me {
    @Test
    void names_the_user_its_organisation_and_roles() {
      Api.alice()
          .get("/api/v1/me")
          .then()
          .statusCode(200)
          .body("user", equalTo("alice"))
          .body("organisation", equalTo("org1"))
          .body("roles", contains("member"));
    }

    @Test
    void an_auditor_acts_for_no_organisation() {
      Api.auditor()
          .get("/api/v1/me")
          .then()
          .statusCode(200)
          .body("organisation", nullValue())
          .body("roles", contains("auditor"));
    }

    @Test
    void without_credentials_is_a_401_problem_with_a_basic_challenge() {
      given()
          .get("/api/v1/me")
          .then()
          .statusCode(401)
          .contentType("application/problem+json")
          .header("WWW-Authenticate", startsWith("Basic"));
    }

    @Test
    void the_consoles_calls_get_no_basic_challenge_so_no_browser_dialog() {
      given()
          .header("X-Requested-With", "XMLHttpRequest")
          .get("/api/v1/me")
          .then()
          .statusCode(401)
          .contentType("application/problem+json")
          .header("WWW-Authenticate", startsWith("Form"));
    }
  }

  @Nested
  class FormLogin {
    private Response signIn(String password) {
      return given()
          .redirects()
          .follow(false)
          .formParam("j_username", "bob")
          .formParam("j_password", password)
          .post("/j_security_check");
    }

    @Test
    void sets_a_session_cookie_that_the_api_accepts() {
      Response login = signIn(Api.PASSWORD);
      login.then().statusCode(302).header("Location", containsString("/console/"));
      String cookie = login.getCookie(SessionCookie.NAME);
      given()
          .cookie(SessionCookie.NAME, cookie)
          .get("/api/v1/me")
          .then()
          .statusCode(200)
          .body("user", equalTo("bob"));
    }

    @Test
    void a_wrong_password_returns_to_the_login_page_with_an_error() {
      signIn("wrong")
          .then()
          .statusCode(302)
          .header("Location", containsString("/console/login.html?error"));
    }

    @Test
    void a_console_page_without_a_session_redirects_to_the_login_page() {
      given()
          .redirects()
          .follow(false)
          .get("/console/data.html")
          .then()
          .statusCode(302)
          .header("Location", containsString("/console/login.html"));
    }

    @Test
    void the_login_page_and_its_styles_need_no_session() {
      given().get("/console/login.html").then().statusCode(200);
      given().get("/console/css/console.css").then().statusCode(200);
    }

    @Test
    void sign_out_expires_the_session_cookie() {
      given()
          .post("/api/v1/logout")
          .then()
          .statusCode(204)
          .header("Set-Cookie", containsString(SessionCookie.NAME + "=;"))
          .header("Set-Cookie", containsString("Max-Age=0"));
    }
  }
}
