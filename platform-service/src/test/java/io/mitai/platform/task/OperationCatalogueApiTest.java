package io.mitai.platform.task;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.contract.model.Assurance;
import io.mitai.contract.model.Operation;
import io.mitai.platform.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operation catalogue the console builds its forms from is the ledger's rules, once. */
@QuarkusTest
class OperationCatalogueApiTest {

  @Test
  void lists_every_ledger_operation_with_the_contracts_rules_and_its_protocol_choices() {
    JsonPath ops =
        JsonPath.from(
            Api.bob().get("/api/v1/operations").then().statusCode(200).extract().asString());
    assertThat(ops.getList("id"))
        .containsExactlyElementsOf(Arrays.stream(Operation.values()).map(Enum::name).toList());
    for (Operation op : Operation.values()) {
      String at = "find { it.id == '" + op.name() + "' }.";
      assertThat(ops.getInt(at + "minInputs")).as(op.name()).isEqualTo(op.minInputs());
      assertThat(ops.getInt(at + "maxInputs")).as(op.name()).isEqualTo(op.maxInputs());
      assertThat(ops.getList(at + "assurances", String.class))
          .as(op.name())
          .containsExactlyElementsOf(
              Arrays.stream(Assurance.values()).filter(op::runsAt).map(Enum::name).toList());
      assertThat(ops.getBoolean(at + "groupFloor")).isEqualTo(op.hasGroupFloor());
      assertThat(ops.getBoolean(at + "tee")).isEqualTo(op.isTee());
      assertThat(ops.getString(at + "summary")).isNotBlank();
    }
    assertThat(ops.getList("find { it.id == 'PSI' }.protocols")).isEqualTo(List.of("ECDH", "OT"));
    // OT would show the requester which of its keys matched: cardinality offers ECDH only.
    assertThat(ops.getList("find { it.id == 'PSI_CARDINALITY' }.protocols"))
        .isEqualTo(List.of("ECDH"));
    assertThat(ops.getList("find { it.id == 'SECURE_AGGREGATE' }.protocols")).isEmpty();
  }

  @Test
  void auditors_read_it_and_anonymous_callers_do_not() {
    Api.auditor().get("/api/v1/operations").then().statusCode(200);
    given().get("/api/v1/operations").then().statusCode(401);
  }
}
