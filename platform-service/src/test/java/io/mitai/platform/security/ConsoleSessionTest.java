package io.mitai.platform.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The console's session lives on the node: signing out, timing out or a new password ends it, and a
 * saved copy of the cookie opens nothing afterwards (issue #12, finding 4).
 */
@QuarkusTest
class ConsoleSessionTest {

  static final String XHR = "XMLHttpRequest";

  @Inject Users users;

  /** Signs in through the console's form and returns the session cookie's value. */
  static String signIn(String user, String password) {
    Response login =
        given()
            .redirects()
            .follow(false)
            .formParam("j_username", user)
            .formParam("j_password", password)
            .post("/j_security_check");
    login.then().statusCode(302).header("Location", endsWith("/console/"));
    return login.getCookie(SessionCookie.NAME);
  }

  @Test
  void the_cookie_is_http_only_same_site_strict_and_not_secure_over_plain_http() {
    given()
        .redirects()
        .follow(false)
        .formParam("j_username", "carol")
        .formParam("j_password", "mitai-demo")
        .post("/j_security_check")
        .then()
        .statusCode(302)
        .header("Set-Cookie", containsStringIgnoringCase("HttpOnly"))
        .header("Set-Cookie", containsString("SameSite=Strict"))
        .header("Set-Cookie", not(containsString("Secure")));
  }

  @Test
  void a_saved_cookie_opens_nothing_after_sign_out() {
    String saved = signIn("alice", "mitai-demo");
    given().cookie(SessionCookie.NAME, saved).get("/api/v1/me").then().statusCode(200);

    given()
        .cookie(SessionCookie.NAME, saved)
        .header("X-Requested-With", XHR)
        .post("/api/v1/logout")
        .then()
        .statusCode(204);

    given()
        .cookie(SessionCookie.NAME, saved)
        .get("/api/v1/me")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("type", equalTo("https://mitai.io/problems/unauthenticated"));
    given()
        .cookie(SessionCookie.NAME, saved)
        .header("X-Requested-With", XHR)
        .post("/api/v1/orgs/org1/keys/rotate")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
    given()
        .redirects()
        .follow(false)
        .cookie(SessionCookie.NAME, saved)
        .get("/console/data.html")
        .then()
        .statusCode(302)
        .header("Location", containsString("/console/login.html"));
  }

  @Test
  void a_session_unused_for_the_idle_timeout_has_ended() {
    String saved = signIn("bob", "mitai-demo");
    age(saved, Duration.ofMinutes(31), Duration.ofMinutes(31));
    given().cookie(SessionCookie.NAME, saved).get("/api/v1/me").then().statusCode(401);
  }

  @Test
  void a_session_in_use_ends_at_the_absolute_timeout() {
    String saved = signIn("bob", "mitai-demo");
    age(saved, Duration.ofHours(12).plusMinutes(1), Duration.ZERO);
    given().cookie(SessionCookie.NAME, saved).get("/api/v1/me").then().statusCode(401);
  }

  @Test
  void a_session_within_both_timeouts_is_kept_and_touched() {
    String saved = signIn("bob", "mitai-demo");
    age(saved, Duration.ofHours(11), Duration.ofMinutes(29));
    given().cookie(SessionCookie.NAME, saved).get("/api/v1/me").then().statusCode(200);
    Instant lastSeen =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    ConsoleSession.<ConsoleSession>findById(ConsoleSessions.hash(saved)).lastSeen);
    org.assertj.core.api.Assertions.assertThat(lastSeen)
        .isAfter(Instant.now().minus(Duration.ofMinutes(1)));
  }

  @Test
  void a_new_password_ends_the_users_sessions() {
    users.create("sessiony", "first-password", Roles.MEMBER, "org1");
    String saved = signIn("sessiony", "first-password");
    given().cookie(SessionCookie.NAME, saved).get("/api/v1/me").then().statusCode(200);
    users.changePassword("sessiony", "second-password");
    given().cookie(SessionCookie.NAME, saved).get("/api/v1/me").then().statusCode(401);
  }

  @Test
  void a_made_up_cookie_is_no_session() {
    given().cookie(SessionCookie.NAME, "A".repeat(43)).get("/api/v1/me").then().statusCode(401);
    given().cookie(SessionCookie.NAME, "not a token").get("/api/v1/me").then().statusCode(401);
  }

  /** Moves a session's sign-in and last use into the past. */
  private static void age(String token, Duration sinceSignIn, Duration sinceLastUse) {
    Instant now = Instant.now();
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                ConsoleSession.update(
                    "createdAt = ?1, lastSeen = ?2 where idHash = ?3",
                    now.minus(sinceSignIn),
                    now.minus(sinceLastUse),
                    ConsoleSessions.hash(token)));
  }
}
