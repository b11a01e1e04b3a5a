package io.mitai.platform.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mitai.compute.session.PartyId;
import io.mitai.platform.task.session.ComputeEndpoint;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A party on another node runs only the plan the ledger recorded: every field of an offered plan
 * that differs from the task record, or parameters that do not hash to its parameterHash, refuse
 * the session.
 */
class LedgerTaskTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String PARAMS = "{\"aggregates\":[\"SUM\"]}";

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static TaskPlan offered(String params, Optional<String> dealer) {
    JsonNode p = json(params);
    String hash;
    try {
      hash = DocumentValues.sha256Hex(DocumentValues.encode(p));
    } catch (DocumentValues.NotCanonical e) {
      throw new IllegalArgumentException(e);
    }
    return new TaskPlan(
        "task-1",
        "org3",
        TaskOperation.SECURE_AGGREGATE,
        List.of(
            new TaskPlan.Input("a1", "org1", List.of("amount")),
            new TaskPlan.Input("a2", "org2", List.of("amount"))),
        p,
        hash,
        dealer);
  }

  static LedgerTask recorded(String status) {
    TaskPlan plan = offered(PARAMS, Optional.empty());
    return new LedgerTask(
        plan.taskId(),
        plan.requester(),
        "SECURE_AGGREGATE",
        plan.inputs(),
        plan.parameterHash(),
        plan.protocol(),
        status);
  }

  @Test
  void reads_the_chaincode_task_record() {
    LedgerTask task =
        LedgerTask.of(
            json(
                "{\"id\":\"task-1\",\"requester\":\"org3\",\"operation\":\"SECURE_AGGREGATE\","
                    + "\"inputs\":[{\"assetId\":\"a1\",\"owner\":\"org1\",\"grantId\":\"g1\","
                    + "\"columns\":[\"amount\"]},{\"assetId\":\"a2\",\"owner\":\"org2\","
                    + "\"columns\":[\"amount\"]}],\"parameterHash\":\""
                    + recorded("RUNNING").parameterHash()
                    + "\",\"protocol\":\""
                    + recorded("RUNNING").protocol()
                    + "\",\"status\":\"RUNNING\",\"minGroupSize\":12}"));
    LedgerTask want = recorded("RUNNING");
    assertThat(task)
        .isEqualTo(
            new LedgerTask(
                want.id(),
                want.requester(),
                want.operation(),
                want.inputs(),
                want.parameterHash(),
                want.protocol(),
                want.status(),
                java.util.Arrays.asList("g1", null),
                Optional.of(12)));
    assertThat(task.isRunning()).isTrue();
    assertThat(task.parties())
        .containsExactly(PartyId.of("org1"), PartyId.of("org2"), PartyId.of("org3"));
  }

  @Test
  void the_plan_the_ledger_recorded_is_accepted() {
    assertThat(recorded("RUNNING").mismatch(offered(PARAMS, Optional.empty()))).isEmpty();
    assertThat(recorded("RUNNING").mismatch(offered(PARAMS, Optional.of("org3")))).isEmpty();
  }

  @Test
  void other_parameters_are_refused_even_with_the_recorded_hash() {
    TaskPlan honest = offered(PARAMS, Optional.empty());
    TaskPlan swapped =
        new TaskPlan(
            honest.taskId(),
            honest.requester(),
            honest.operation(),
            honest.inputs(),
            json("{\"aggregates\":[\"SUM\"],\"groupBy\":\"amount\"}"),
            honest.parameterHash(),
            Optional.empty());
    assertThat(recorded("RUNNING").mismatch(swapped)).get().asString().contains("parameterHash");
  }

  @Test
  void another_task_requester_input_or_dealer_is_refused() {
    TaskPlan honest = offered(PARAMS, Optional.empty());
    LedgerTask task = recorded("RUNNING");
    assertThat(
            task.mismatch(
                new TaskPlan(
                    "task-2",
                    honest.requester(),
                    honest.operation(),
                    honest.inputs(),
                    honest.params(),
                    honest.parameterHash(),
                    Optional.empty())))
        .isPresent();
    assertThat(
            task.mismatch(
                new TaskPlan(
                    honest.taskId(),
                    "org1",
                    honest.operation(),
                    honest.inputs(),
                    honest.params(),
                    honest.parameterHash(),
                    Optional.empty())))
        .isPresent();
    assertThat(
            task.mismatch(
                new TaskPlan(
                    honest.taskId(),
                    honest.requester(),
                    honest.operation(),
                    List.of(
                        new TaskPlan.Input("a1", "org1", List.of("amount", "id")),
                        new TaskPlan.Input("a2", "org2", List.of("amount"))),
                    honest.params(),
                    honest.parameterHash(),
                    Optional.empty())))
        .get()
        .asString()
        .contains("inputs");
    assertThat(task.mismatch(offered(PARAMS, Optional.of("org1"))))
        .get()
        .asString()
        .contains("dealer");
  }

  @Test
  void only_grpcs_uris_with_host_and_port_are_compute_endpoints() {
    assertThat(ComputeEndpoint.parse("grpcs://node.org1.example:7443"))
        .contains(new ComputeEndpoint("node.org1.example", 7443));
    assertThat(ComputeEndpoint.parse("http://127.0.0.1:8080")).isEmpty();
    assertThat(ComputeEndpoint.parse("grpcs://node.org1.example")).isEmpty();
    assertThat(ComputeEndpoint.parse("not a uri")).isEmpty();
    assertThat(ComputeEndpoint.parse(null)).isEmpty();
  }
}
