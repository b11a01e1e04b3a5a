package io.mitai.platform.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mitai.compute.session.PartyId;
import io.mitai.contract.json.RecordJson;
import io.mitai.contract.model.Assurance;
import io.mitai.contract.model.Operation;
import io.mitai.contract.model.Task;
import io.mitai.contract.model.TaskInput;
import io.mitai.contract.model.TaskStatus;
import io.mitai.platform.task.session.ComputeEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
    return recorded(status, List.of("g1", "g2"), null);
  }

  static LedgerTask recorded(String status, List<String> grantIds, Integer minGroupSize) {
    TaskPlan plan = offered(PARAMS, Optional.empty());
    Instant now = Instant.parse("2026-01-02T03:04:05Z");
    return LedgerTask.of(
        new Task(
            plan.taskId(),
            plan.requester(),
            Operation.SECURE_AGGREGATE,
            List.of(
                new TaskInput("a1", "org1", grantIds.get(0), List.of("amount")),
                new TaskInput("a2", "org2", grantIds.get(1), List.of("amount"))),
            plan.parameterHash(),
            null,
            plan.protocol(),
            Assurance.MPC_SEMI_HONEST,
            List.of(),
            List.of(plan.requester()),
            minGroupSize,
            TaskStatus.valueOf(status),
            null,
            null,
            null,
            null,
            null,
            now,
            now));
  }

  @Test
  void reads_the_chaincode_task_record() {
    LedgerTask task =
        LedgerTask.of(
            RecordJson.fromState(
                ("{\"assurance\":\"MPC_SEMI_HONEST\",\"createdAt\":\"2026-01-02T03:04:05Z\","
                        + "\"id\":\"task-1\",\"inputCommitments\":[],"
                        + "\"inputs\":[{\"assetId\":\"a1\",\"columns\":[\"amount\"],"
                        + "\"grantId\":\"g1\",\"owner\":\"org1\"},{\"assetId\":\"a2\","
                        + "\"columns\":[\"amount\"],\"owner\":\"org2\"}],\"minGroupSize\":12,"
                        + "\"operation\":\"SECURE_AGGREGATE\",\"parameterHash\":\""
                        + recorded("RUNNING").record().parameterHash()
                        + "\",\"protocol\":\""
                        + recorded("RUNNING").record().protocol()
                        + "\",\"requester\":\"org3\",\"resultRecipients\":[\"org3\"],"
                        + "\"status\":\"RUNNING\",\"updatedAt\":\"2026-01-02T03:04:05Z\"}")
                    .getBytes(StandardCharsets.UTF_8),
                Task.class));
    assertThat(task).isEqualTo(recorded("RUNNING", java.util.Arrays.asList("g1", null), 12));
    assertThat(task.isRunning()).isTrue();
    assertThat(task.minGroupSize()).contains(12);
    assertThat(task.inputs()).isEqualTo(offered(PARAMS, Optional.empty()).inputs());
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
    // An enclave dealer only where the ledger's protocol label names one.
    assertThat(task.enclaveDealer()).isFalse();
    assertThat(task.mismatch(offered(PARAMS, Optional.of(Dealer.ENCLAVE_PARTY))))
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
