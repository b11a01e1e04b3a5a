package io.mitai.platform.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mitai.platform.grant.api.GrantRequest;
import io.mitai.platform.task.domain.TaskRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictJsonTest {

  final ObjectMapper strict = StrictJson.apply(new ObjectMapper());

  static final String GRANT =
      "{\"assetId\":\"a-1\",\"grantee\":\"org2\",\"operations\":[\"PSI\"],\"columns\":[\"id\"],"
          + "\"purpose\":\"p\",\"validUntil\":\"2030-01-01T00:00:00Z\",\"maxUses\":%s%s}";

  @Test
  void a_well_formed_grant_request_still_parses() throws Exception {
    GrantRequest request = strict.readValue(GRANT.formatted("2", ""), GrantRequest.class);
    assertThat(request.maxUses()).isEqualTo(2);
    assertThat(request.columns()).isEqualTo(List.of("id"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2.5", // a float for an integer
        "2.0", // even a whole float
        "\"5\"", // a string for a number
        "\"\"", // an empty string for a number
        "true", // a boolean for a number
        "2,\"surprise\":1", // an unknown field
        "2,\"grantee\":\"org3\"", // a duplicate key
        "2} trailing", // content after the document
      })
  void loose_json_is_refused(String maxUses) {
    String body = GRANT.formatted(maxUses, "");
    assertThatThrownBy(() -> strict.readValue(body, GrantRequest.class))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void a_number_for_a_string_is_refused() {
    String body = GRANT.replace("\"purpose\":\"p\"", "\"purpose\":5").formatted("2", "");
    assertThatThrownBy(() -> strict.readValue(body, GrantRequest.class))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void duplicate_keys_inside_free_form_params_are_refused() {
    String body =
        "{\"operation\":\"SECURE_AGGREGATE\",\"inputs\":[],"
            + "\"params\":{\"aggregates\":[{\"column\":\"a\",\"column\":\"b\"}]}}";
    assertThatThrownBy(() -> strict.readValue(body, TaskRequest.class))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("Duplicate field");
  }

  @Test
  void free_form_params_keep_their_types() throws Exception {
    String body =
        "{\"operation\":\"SECURE_AGGREGATE\",\"inputs\":[],\"params\":{\"x\":2.5,\"y\":\"5\"}}";
    TaskRequest request = strict.readValue(body, TaskRequest.class);
    assertThat(request.params().get("x").isDouble()).isTrue();
    assertThat(request.params().get("y").isTextual()).isTrue();
  }

  @Test
  void writing_is_unchanged() throws Exception {
    Map<String, Object> value = Map.of("n", 2.5, "s", "5", "list", List.of(1, 2));
    assertThat(strict.writeValueAsString(value))
        .isEqualTo(new ObjectMapper().writeValueAsString(value));
  }
}
