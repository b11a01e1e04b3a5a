package io.mitai.platform.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * HTTP Basic runs bcrypt once per credential cache lifetime, not per request; a changed password is
 * never accepted from the cache (issue #13, item 7).
 */
@QuarkusTest
class CredentialCacheApiTest {

  @Inject Users users;
  @Inject PasswordLogin login;

  private static int me(String user, String password) {
    return given()
        .auth()
        .preemptive()
        .basic(user, password)
        .get("/api/v1/me")
        .then()
        .extract()
        .statusCode();
  }

  @Test
  void repeated_requests_run_bcrypt_once() {
    users.create("cached", "cached-password", Roles.MEMBER, "org1");
    long before = login.bcryptChecks();
    for (int i = 0; i < 20; i++) {
      given()
          .auth()
          .preemptive()
          .basic("cached", "cached-password")
          .get("/api/v1/me")
          .then()
          .statusCode(200)
          .body("user", org.hamcrest.Matchers.equalTo("cached"))
          .body("organisation", org.hamcrest.Matchers.equalTo("org1"));
    }
    assertThat(login.bcryptChecks() - before).isEqualTo(1);
  }

  @Test
  void a_changed_password_invalidates_the_cached_one() {
    users.create("changing", "old-password", Roles.MEMBER, "org1");
    assertThat(me("changing", "old-password")).isEqualTo(200);
    assertThat(me("changing", "old-password")).isEqualTo(200);
    users.changePassword("changing", "new-password");
    assertThat(me("changing", "old-password")).isEqualTo(401);
    assertThat(me("changing", "new-password")).isEqualTo(200);
  }

  @Test
  void a_removed_user_is_refused_at_once() {
    users.create("leaving", "leaving-password", Roles.MEMBER, "org1");
    assertThat(me("leaving", "leaving-password")).isEqualTo(200);
    users.remove("leaving");
    assertThat(me("leaving", "leaving-password")).isEqualTo(401);
  }

  @Test
  void a_wrong_password_is_never_served_from_the_cache() {
    users.create("wrongly", "right-password", Roles.MEMBER, "org1");
    assertThat(me("wrongly", "right-password")).isEqualTo(200);
    long before = login.bcryptChecks();
    assertThat(me("wrongly", "right-passwordX")).isEqualTo(401);
    assertThat(login.bcryptChecks() - before).isEqualTo(1);
  }
}
