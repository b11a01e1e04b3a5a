package io.mitai.platform.org;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import io.mitai.platform.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@QuarkusTest
class NodeBootTest {

  @Nested
  class Operations {
    @Test
    void health_is_up() {
      given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metrics_are_served_in_prometheus_format_to_auditors() {
      Api.auditor().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    }

    @Test
    void openapi_describes_the_api() {
      given()
          .get("/q/openapi?format=json")
          .then()
          .statusCode(200)
          .body(containsString("/api/v1/orgs"));
    }

    @Test
    void swagger_ui_is_included() {
      given().get("/q/swagger-ui/").then().statusCode(200);
    }
  }

  @Nested
  class Organisations {
    @Test
    void demo_organisations_are_registered_on_the_ledger_at_start() {
      Api.alice()
          .get("/api/v1/orgs")
          .then()
          .statusCode(200)
          .body("id", hasItems("org1", "org2", "org3"))
          .body("find { it.id == 'org1' }.publicKey", startsWith("-----BEGIN PUBLIC KEY-----"))
          .body("find { it.id == 'org1' }.hostedHere", equalTo(true))
          .body("find { it.id == 'org1' }.ledgerTxId", startsWith("mitai-"));
    }

    @Test
    void unknown_organisation_is_a_not_found_problem() {
      Api.alice()
          .get("/api/v1/orgs/nope")
          .then()
          .statusCode(404)
          .contentType("application/problem+json")
          .body("type", equalTo("https://mitai.io/problems/not-found"));
    }
  }

  @Nested
  class Authentication {
    @Test
    void an_unauthenticated_call_is_a_401_problem() {
      given()
          .get("/api/v1/orgs")
          .then()
          .statusCode(401)
          .contentType("application/problem+json")
          .header("WWW-Authenticate", startsWith("Basic"))
          .body("type", equalTo("https://mitai.io/problems/unauthenticated"))
          .body("status", equalTo(401));
    }

    @Test
    void a_wrong_password_is_a_401_problem() {
      given()
          .auth()
          .preemptive()
          .basic("alice", "wrong")
          .get("/api/v1/orgs")
          .then()
          .statusCode(401)
          .contentType("application/problem+json")
          .body("type", equalTo("https://mitai.io/problems/unauthenticated"));
    }
  }
}
