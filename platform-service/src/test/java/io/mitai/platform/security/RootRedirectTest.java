package io.mitai.platform.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.platform.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The bare address leads to the console: a visitor without a session ends on the sign-in page. */
@QuarkusTest
class RootRedirectTest {

  @Test
  void the_bare_address_redirects_to_the_console_and_on_to_the_sign_in_page() {
    Response root = given().redirects().follow(false).get("/");
    assertThat(root.statusCode()).isEqualTo(303);
    String console = root.header("Location");
    assertThat(URI.create(console).getPath()).isEqualTo("/console/");

    Response page = given().redirects().follow(false).get(URI.create(console).getPath());
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.header("Location")).contains("/console/login.html");
  }

  @Test
  void a_signed_in_user_is_sent_to_the_console_too() {
    Response root = Api.alice().redirects().follow(false).get("/");
    assertThat(root.statusCode()).isEqualTo(303);
    assertThat(URI.create(root.header("Location")).getPath()).isEqualTo("/console/");
  }

  @Test
  void only_the_bare_address_is_redirected() {
    given().redirects().follow(false).get("/nothing-here").then().statusCode(404);
    given().redirects().follow(false).get("/api/v1/me").then().statusCode(401);
  }
}
