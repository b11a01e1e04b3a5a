package io.mitai.platform.task.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mitai.compute.ops.PsiProtocol;
import io.mitai.compute.ops.PsiSpec;
import io.mitai.compute.ops.PsiVariant;
import io.mitai.compute.session.PartyId;
import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.task.persistence.JobKind;
import io.mitai.platform.task.persistence.JobState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The pure planning rules, without the node. */
class TaskPlanningTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> HOSTED = List.of("org1", "org2", "org3");

  static final Map<String, AssetSchema> ASSETS =
      Map.of(
          "a1", schema("a1", "org1", 100),
          "a2", schema("a2", "org2", 100),
          "a3", schema("a3", "org3", 100),
          "big1", schema("big1", "org1", 5_000),
          "big2", schema("big2", "org2", 1_000));

  static AssetSchema schema(String id, String owner, long rows) {
    return new AssetSchema(
        id,
        owner,
        "ACTIVE",
        List.of(
            new AssetSchema.Column("id", "STRING"),
            new AssetSchema.Column("region", "STRING"),
            new AssetSchema.Column("amount", "DECIMAL")),
        rows);
  }

  static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  static TaskPlan plan(String requester, String operation, String params, String... assets)
      throws Exception {
    List<TaskRequest.Input> inputs =
        java.util.Arrays.stream(assets)
            .map(
                a ->
                    new TaskRequest.Input(
                        a, operation.startsWith("PSI") ? List.of("id") : List.of("id", "amount")))
            .toList();
    return TaskPlanning.plan(
        "t-1",
        requester,
        new TaskRequest(operation, inputs, json(params)),
        id -> Optional.ofNullable(ASSETS.get(id)),
        SessionReach.hostedOnly(HOSTED));
  }

  @Nested
  class AggregationFloor {
    static final String STATS = "{\"key\":\"id\",\"statistics\":[\"SUM\"]";

    @Test
    void the_params_floor_goes_to_the_ledger_and_the_ledgers_floor_to_the_session()
        throws Exception {
      TaskPlan asked = plan("org3", "JOINT_STATS", STATS + ",\"minGroupSize\":25}", "a1", "a2");
      TaskPlan silent = plan("org3", "JOINT_STATS", STATS + "}", "a1", "a2");

      assertThat(asked.requestedMinGroupSize()).contains(25);
      assertThat(silent.requestedMinGroupSize()).isEmpty();
      assertThat(
              ((io.mitai.compute.ops.JointStatsSpec)
                      SessionDesign.of(silent, Optional.of(10)).spec())
                  .minGroupSize())
          .as("the ledger's recorded floor")
          .isEqualTo(10);
      assertThat(
              ((io.mitai.compute.ops.JointStatsSpec)
                      SessionDesign.of(asked, Optional.of(10)).spec())
                  .minGroupSize())
          .as("the params' floor when higher")
          .isEqualTo(25);
    }

    @Test
    void a_floor_below_one_or_not_an_integer_is_refused_before_the_ledger() {
      for (String bad : List.of("0", "-3", "2.5", "\"10\"", "1000001")) {
        assertThatThrownBy(
                () ->
                    plan(
                        "org3",
                        "SECURE_AGGREGATE",
                        "{\"aggregates\":[\"SUM\"],\"minGroupSize\":" + bad + "}",
                        "a1"))
            .as(bad)
            .isInstanceOf(ProblemException.class)
            .hasMessageContaining("minGroupSize");
      }
    }
  }

  @Nested
  class ParameterHash {
    @Test
    void is_the_sha256_of_the_canonical_params_whatever_the_key_order_and_spacing()
        throws Exception {
      TaskPlan a =
          plan("org3", "JOINT_STATS", "{\"statistics\": [\"SUM\"], \"key\": \"id\"}", "a1", "a2");
      TaskPlan b =
          plan("org3", "JOINT_STATS", "{\"key\":\"id\",\"statistics\":[\"SUM\"]}", "a1", "a2");
      String canonical = "{\"key\":\"id\",\"statistics\":[\"SUM\"]}";
      assertThat(a.parameterHash())
          .isEqualTo(b.parameterHash())
          .isEqualTo(DocumentValues.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void refuses_fractional_numbers() {
      assertThatThrownBy(() -> DocumentValues.encode(json("{\"k\":1.5}")))
          .isInstanceOf(DocumentValues.NotCanonical.class)
          .hasMessageContaining("$.k");
    }
  }

  @Nested
  class Roles {
    @Test
    void joint_stats_picks_a_hosted_dealer_that_is_neither_an_input_owner_nor_the_requester()
        throws Exception {
      String params = "{\"key\":\"id\",\"statistics\":[\"DOT\"]}";
      assertThat(plan("org1", "JOINT_STATS", params, "a1", "a2").dealer()).contains("org3");
      assertThat(plan("org3", "JOINT_STATS", params, "a1", "a2").dealer()).contains("org3");
      assertThatThrownBy(() -> plan("org1", "JOINT_STATS", params, "a1", "a2", "a3"))
          .isInstanceOf(ProblemException.class)
          .hasMessageContaining("dealer");
    }

    @Test
    void psi_by_a_holder_is_ecdh_psi_and_by_a_non_holder_is_delegated_psi() throws Exception {
      for (String op : List.of("PSI", "PSI_CARDINALITY")) {
        assertThat(plan("org1", op, "{}", "a1", "a2").protocol())
            .isEqualTo(PsiVariant.ECDH.protocol());
        TaskPlan delegated = plan("org3", op, "{}", "a1", "a2");
        assertThat(delegated.protocol()).isEqualTo(PsiVariant.DELEGATED.protocol());
        assertThat(delegated.dealer()).isEmpty();
        SessionDesign design = SessionDesign.of(delegated, java.util.Optional.empty());
        assertThat(((PsiSpec) design.spec()).variant()).isEqualTo(PsiVariant.DELEGATED);
        assertThat(design.spec().roles().participants())
            .extracting(PartyId::value)
            .containsExactly("org1", "org2", "org3");
        assertThat(design.inputs()).doesNotContainKey(PartyId.of("org3"));
      }
      String stats = "{\"key\":\"id\",\"statistics\":[\"SUM\"]}";
      assertThat(plan("org3", "JOINT_STATS", stats, "a1", "a2").protocol())
          .isEqualTo(TaskOperation.JOINT_STATS.protocol());
    }

    @Test
    void psi_with_protocol_ot_runs_ot_psi_and_records_its_label() throws Exception {
      TaskPlan ot = plan("org1", "PSI", "{\"protocol\":\"OT\"}", "a1", "a2");
      assertThat(ot.protocol()).isEqualTo(PsiVariant.OT.protocol());
      SessionDesign design = SessionDesign.of(ot, java.util.Optional.empty());
      assertThat(((PsiSpec) design.spec()).protocol()).isEqualTo(PsiProtocol.OT);
      assertThat(((PsiSpec) design.spec()).variant()).isEqualTo(PsiVariant.OT);
      TaskPlan ecdh = plan("org1", "PSI", "{\"protocol\":\"ECDH\"}", "a1", "a2");
      assertThat(ecdh.protocol()).isEqualTo(PsiVariant.ECDH.protocol());
      assertThat(((PsiSpec) SessionDesign.of(ecdh, java.util.Optional.empty()).spec()).protocol())
          .isEqualTo(PsiProtocol.ECDH);
    }

    @Test
    void without_a_protocol_large_inputs_run_ot_where_it_reveals_no_more_than_ecdh()
        throws Exception {
      // Two-party PSI to an owner: OT from 1,000 rows in the larger input, written into params.
      TaskPlan large = plan("org1", "PSI", "{}", "big1", "a2");
      assertThat(large.protocol()).isEqualTo(PsiVariant.OT.protocol());
      assertThat(large.params().path("protocol").asText()).isEqualTo("OT");
      assertThat(plan("org2", "PSI", "{}", "a1", "big2").protocol())
          .isEqualTo(PsiVariant.OT.protocol());
      TaskPlan small = plan("org1", "PSI", "{}", "a1", "a2");
      assertThat(small.protocol()).isEqualTo(PsiVariant.ECDH.protocol());
      assertThat(small.params().has("protocol")).isFalse();
      // What OT would reveal more, or cannot serve, stays on ECDH or delegated PSI.
      assertThat(plan("org1", "PSI_CARDINALITY", "{}", "big1", "big2").protocol())
          .isEqualTo(PsiVariant.ECDH.protocol());
      assertThat(plan("org3", "PSI", "{}", "big1", "big2").protocol())
          .isEqualTo(PsiVariant.DELEGATED.protocol());
      // An explicit choice is kept.
      assertThat(plan("org1", "PSI", "{\"protocol\":\"ECDH\"}", "big1", "big2").protocol())
          .isEqualTo(PsiVariant.ECDH.protocol());
    }

    @Test
    void joint_stats_aligns_two_inputs_by_ot_when_large_or_asked_and_more_by_ecdh()
        throws Exception {
      String stats = "{\"key\":\"id\",\"statistics\":[\"SUM\"]";
      TaskPlan large = plan("org3", "JOINT_STATS", stats + "}", "big1", "big2");
      assertThat(large.protocol()).isEqualTo(TaskOperation.JOINT_STATS_OT_ALIGNED);
      assertThat(
              ((io.mitai.compute.ops.JointStatsSpec)
                      SessionDesign.of(large, java.util.Optional.empty()).spec())
                  .alignment())
          .isEqualTo(PsiProtocol.OT);
      assertThat(plan("org3", "JOINT_STATS", stats + "}", "a1", "a2").protocol())
          .isEqualTo(TaskOperation.JOINT_STATS.protocol());
      assertThat(
              plan("org3", "JOINT_STATS", stats + ",\"protocol\":\"OT\"}", "a1", "a2").protocol())
          .isEqualTo(TaskOperation.JOINT_STATS_OT_ALIGNED);
      assertThat(
              ProtocolChoice.withDefault(
                      TaskOperation.JOINT_STATS,
                      "org1",
                      List.of(ASSETS.get("big1"), ASSETS.get("big2"), ASSETS.get("a3")),
                      json("{}"))
                  .has("protocol"))
          .as("three inputs align by the ECDH ring")
          .isFalse();
      assertThatThrownBy(
              () -> plan("org1", "JOINT_STATS", stats + ",\"protocol\":\"OT\"}", "a1", "a2", "a3"))
          .isInstanceOf(ProblemException.class)
          .hasMessageContaining("exactly two inputs");
    }

    @Test
    void protocol_ot_is_refused_for_cardinality_for_a_non_holder_and_unknown_names() {
      assertThatThrownBy(() -> plan("org1", "PSI_CARDINALITY", "{\"protocol\":\"OT\"}", "a1", "a2"))
          .isInstanceOf(ProblemException.class)
          .hasMessageContaining("PSI_CARDINALITY");
      assertThatThrownBy(() -> plan("org3", "PSI", "{\"protocol\":\"OT\"}", "a1", "a2"))
          .isInstanceOf(ProblemException.class)
          .hasMessageContaining("own one of the two inputs");
      assertThatThrownBy(() -> plan("org1", "PSI", "{\"protocol\":\"RR22\"}", "a1", "a2"))
          .isInstanceOf(ProblemException.class)
          .hasMessageContaining("ECDH or OT");
    }

    @Test
    void an_input_owned_by_an_organisation_not_hosted_here_is_refused() {
      assertThatThrownBy(
              () ->
                  TaskPlanning.plan(
                      "t-1",
                      "org1",
                      new TaskRequest(
                          "SECURE_AGGREGATE",
                          List.of(new TaskRequest.Input("a2", List.of("amount"))),
                          json("{}")),
                      id -> Optional.ofNullable(ASSETS.get(id)),
                      SessionReach.hostedOnly(List.of("org1"))))
          .isInstanceOf(ProblemException.class)
          .hasMessageContaining("not hosted on this node");
    }

    @Test
    void in_a_federation_an_input_of_another_node_is_planned_and_the_requester_deals()
        throws Exception {
      SessionReach org3Node = new SessionReach(List.of("org3"), Set.of("org1", "org2"));
      String stats = "{\"key\":\"id\",\"statistics\":[\"SUM\"]}";
      List<TaskRequest.Input> inputs =
          List.of(
              new TaskRequest.Input("a1", List.of("id", "amount")),
              new TaskRequest.Input("a2", List.of("id", "amount")));
      TaskPlan joint =
          TaskPlanning.plan(
              "t-1",
              "org3",
              new TaskRequest("JOINT_STATS", inputs, json(stats)),
              id -> Optional.ofNullable(ASSETS.get(id)),
              org3Node);
      assertThat(joint.owners()).containsExactly("org1", "org2");
      assertThat(joint.dealer()).contains("org3");
    }

    @Test
    void joint_stats_dealt_by_the_enclave_says_so_in_its_protocol_label_on_every_node()
        throws Exception {
      String params = "{\"key\":\"id\",\"statistics\":[\"DOT\"],\"dealer\":\"ENCLAVE\"}";
      TaskPlan hosted = plan("org1", "JOINT_STATS", params, "a1", "a2");
      assertThat(hosted.dealer()).contains("tee-dealer");
      assertThat(hosted.protocol()).isEqualTo("PSI-ALIGNED-BEAVER/Z2^64-tee-dealer");
      assertThat(TaskOperation.isEnclaveDealt(hosted.protocol())).isTrue();
      assertThat(TaskOperation.isEnclaveDealt(TaskOperation.JOINT_STATS.protocol())).isFalse();
      List<TaskRequest.Input> inputs =
          List.of(
              new TaskRequest.Input("a1", List.of("id", "amount")),
              new TaskRequest.Input("a2", List.of("id", "amount")));
      // Owners on other nodes: they verify the enclave themselves (SessionRunner), so it may deal.
      TaskPlan federated =
          TaskPlanning.plan(
              "t-1",
              "org3",
              new TaskRequest(
                  "JOINT_STATS", inputs, json(params.replace("}", ",\"protocol\":\"OT\"}"))),
              id -> Optional.ofNullable(ASSETS.get(id)),
              new SessionReach(List.of("org3"), Set.of("org1", "org2")));
      assertThat(federated.dealer()).contains("tee-dealer");
      assertThat(federated.protocol()).isEqualTo("OT-PSI-ALIGNED-BEAVER/Z2^64-tee-dealer");
      assertThatThrownBy(
              () ->
                  plan(
                      "org3",
                      "JOINT_STATS",
                      "{\"key\":\"id\",\"statistics\":[\"DOT\"],\"dealer\":\"NOBODY\"}",
                      "a1",
                      "a2"))
          .isInstanceOf(ProblemException.class)
          .hasMessageContaining("params.dealer");
    }

    @Test
    void in_a_federation_an_organisation_without_a_compute_endpoint_cannot_take_part() {
      SessionReach org1Node = new SessionReach(List.of("org1"), Set.of("org3"));
      assertThatThrownBy(
              () ->
                  TaskPlanning.plan(
                      "t-1",
                      "org1",
                      new TaskRequest(
                          "SECURE_AGGREGATE",
                          List.of(new TaskRequest.Input("a2", List.of("amount"))),
                          json("{}")),
                      id -> Optional.ofNullable(ASSETS.get(id)),
                      org1Node))
          .isInstanceOf(ProblemException.class)
          .hasMessageContaining("no compute endpoint");
    }
  }

  @Nested
  class JobStates {
    @Test
    void terminal_states_have_no_way_out_and_a_claim_can_only_end_or_requeue() {
      for (JobState end : List.of(JobState.FAILED, JobState.REJECTED)) {
        for (JobState next : JobState.values()) {
          assertThat(JobKind.TASK.allows(end, next)).isFalse();
        }
      }
      // DONE ends only in FAILED: the ledger refused the result (grant revoked while running).
      for (JobState next : JobState.values()) {
        assertThat(JobKind.TASK.allows(JobState.DONE, next)).isEqualTo(next == JobState.FAILED);
      }
      assertThat(JobKind.TASK.allows(JobState.CLAIMED, JobState.QUEUED)).isTrue();
      assertThat(JobKind.TASK.allows(JobState.CLAIMED, JobState.REJECTED)).isFalse();
      assertThat(JobKind.TASK.allows(JobState.QUEUED, JobState.DONE)).isFalse();
    }
  }
}
