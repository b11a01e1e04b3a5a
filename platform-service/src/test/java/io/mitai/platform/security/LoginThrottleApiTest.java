package io.mitai.platform.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Failed sign-ins are throttled for HTTP Basic and the console's form alike; during a lockout the
 * right password is refused too (issue #12, finding 12). The test profile's lockout is 2 s.
 */
@QuarkusTest
class LoginThrottleApiTest {

  @Inject Users users;

  @Test
  void ten_wrong_passwords_then_the_right_one_is_refused_with_429_until_the_lockout_ends() {
    users.create("guessed", "right-password", Roles.MEMBER, "org2");
    for (int i = 0; i < 10; i++) {
      int status =
          given()
              .auth()
              .preemptive()
              .basic("guessed", "wrong-" + i)
              .get("/api/v1/me")
              .then()
              .extract()
              .statusCode();
      org.assertj.core.api.Assertions.assertThat(status).isIn(401, 429);
    }
    given()
        .auth()
        .preemptive()
        .basic("guessed", "right-password")
        .get("/api/v1/me")
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .body("type", equalTo("https://mitai.io/problems/too-many-failed-sign-ins"))
        .header("Retry-After", startsWith(""));
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                given()
                        .auth()
                        .preemptive()
                        .basic("guessed", "right-password")
                        .get("/api/v1/me")
                        .statusCode()
                    == 200);
  }

  @Test
  void the_console_form_says_to_wait_and_does_not_sign_in_during_a_lockout() {
    users.create("formguessed", "right-password", Roles.MEMBER, "org3");
    for (int i = 0; i < 10; i++) {
      given()
          .redirects()
          .follow(false)
          .formParam("j_username", "formguessed")
          .formParam("j_password", "wrong-" + i)
          .post("/j_security_check")
          .then()
          .statusCode(302);
    }
    given()
        .redirects()
        .follow(false)
        .formParam("j_username", "formguessed")
        .formParam("j_password", "right-password")
        .post("/j_security_check")
        .then()
        .statusCode(302)
        .header("Location", containsString("/console/login.html?throttled="))
        .header("Set-Cookie", nullValue());
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                given()
                    .redirects()
                    .follow(false)
                    .formParam("j_username", "formguessed")
                    .formParam("j_password", "right-password")
                    .post("/j_security_check")
                    .header("Location")
                    .endsWith("/console/"));
  }
}
