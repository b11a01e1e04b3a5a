package io.mitai.chaincode.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.contract.model.Algorithm;
import io.mitai.contract.model.AssetStatus;
import io.mitai.contract.model.Assurance;
import io.mitai.contract.model.Column;
import io.mitai.contract.model.ColumnType;
import io.mitai.contract.model.DataAsset;
import io.mitai.contract.model.Grant;
import io.mitai.contract.model.GrantStatus;
import io.mitai.contract.model.Operation;
import io.mitai.contract.model.RejectionReason;
import io.mitai.contract.model.TaskInputRequest;
import io.mitai.contract.model.TaskRequest;
import io.mitai.contract.model.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The admission rule as a pure function: values and a time in, a decision out, no stub. */
class TaskRulesTest {

  private static final Instant NOW = Instant.parse("2026-05-01T00:00:00Z");
  private static final String H = "a".repeat(64);

  /** An in-memory view; grants by asset are returned in id order, as the index would. */
  private static final class MapView implements LedgerView {
    final TreeMap<String, DataAsset> assets = new TreeMap<>();
    final TreeMap<String, Grant> grants = new TreeMap<>();
    final List<String> orgs = new ArrayList<>(List.of("o1", "o2", "o3"));
    final TreeMap<String, Algorithm> algorithms = new TreeMap<>();

    @Override
    public Optional<DataAsset> asset(String id) {
      return Optional.ofNullable(assets.get(id));
    }

    @Override
    public Optional<Grant> grant(String id) {
      return Optional.ofNullable(grants.get(id));
    }

    @Override
    public List<Grant> grantsByAsset(String assetId) {
      return grants.values().stream().filter(g -> g.assetId().equals(assetId)).toList();
    }

    @Override
    public boolean isRegistered(String org) {
      return orgs.contains(org);
    }

    @Override
    public Optional<Algorithm> algorithm(String measurement) {
      return Optional.ofNullable(algorithms.get(measurement));
    }

    @Override
    public Optional<io.mitai.contract.model.ComputeCentre> computeCentre(String id) {
      return Optional.empty();
    }

    @Override
    public Optional<io.mitai.contract.model.KeyRelease> keyRelease(String taskId, int index) {
      return Optional.empty();
    }
  }

  private static DataAsset asset(String id, String owner) {
    return new DataAsset(
        id,
        owner,
        id,
        List.of(new Column("k", ColumnType.STRING), new Column("v", ColumnType.INTEGER)),
        10,
        "c".repeat(64),
        AssetStatus.ACTIVE,
        null,
        NOW,
        NOW);
  }

  private static Grant grant(String id, String assetId, String owner, String grantee, int used) {
    return new Grant(
        id,
        assetId,
        owner,
        grantee,
        List.of(Operation.PSI, Operation.SECURE_AGGREGATE),
        List.of("k", "v"),
        "p",
        "",
        NOW.minusSeconds(60),
        NOW.plusSeconds(60),
        2,
        used,
        Assurance.MPC_SEMI_HONEST,
        null,
        List.of(),
        List.of(grantee),
        GrantStatus.ACTIVE,
        null,
        NOW,
        NOW);
  }

  private static TaskRequest aggregate(String... assetIds) {
    List<TaskInputRequest> inputs = new ArrayList<>();
    for (String assetId : assetIds) {
      inputs.add(new TaskInputRequest(assetId, null, List.of("v")));
    }
    return new TaskRequest(
        "t",
        Operation.SECURE_AGGREGATE,
        inputs,
        H,
        null,
        "SS/Z2^64",
        Assurance.MPC_SEMI_HONEST,
        null,
        null);
  }

  @Test
  void admits_and_returns_each_grant_with_one_more_use() {
    MapView view = new MapView();
    view.assets.put("x", asset("x", "o2"));
    view.assets.put("y", asset("y", "o3"));
    view.grants.put("gx", grant("gx", "x", "o2", "o1", 0));
    view.grants.put("gy", grant("gy", "y", "o3", "o1", 1));

    Submission submission = TaskRules.submit(aggregate("x", "y"), "o1", false, view, NOW);

    assertThat(submission.task().status()).isEqualTo(TaskStatus.SUBMITTED);
    assertThat(submission.consumedGrants())
        .extracting(Grant::id, Grant::usesConsumed, Grant::updatedAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("gx", 1, NOW),
            org.assertj.core.groups.Tuple.tuple("gy", 2, NOW));
    assertThat(view.grants.get("gx").usesConsumed()).as("inputs are not mutated").isZero();
  }

  @Test
  void returns_nothing_to_consume_when_any_input_fails() {
    MapView view = new MapView();
    view.assets.put("x", asset("x", "o2"));
    view.assets.put("y", asset("y", "o3"));
    view.grants.put("gx", grant("gx", "x", "o2", "o1", 0));
    view.grants.put("gy", grant("gy", "y", "o3", "o1", 2));

    Submission submission = TaskRules.submit(aggregate("x", "y"), "o1", false, view, NOW);

    assertThat(submission.task().status()).isEqualTo(TaskStatus.REJECTED);
    assertThat(submission.task().rejection().code()).isEqualTo(RejectionReason.GRANT_EXHAUSTED);
    assertThat(submission.consumedGrants()).isEmpty();
  }

  @Test
  void is_deterministic_for_the_same_inputs() {
    MapView view = new MapView();
    view.assets.put("x", asset("x", "o2"));
    view.grants.put("gx", grant("gx", "x", "o2", "o1", 0));

    assertThat(TaskRules.submit(aggregate("x"), "o1", false, view, NOW))
        .isEqualTo(TaskRules.submit(aggregate("x"), "o1", false, view, NOW));
  }

  @Test
  void refuses_a_taken_id_before_looking_at_anything() {
    assertThatThrownBy(() -> TaskRules.submit(aggregate("x"), "o1", true, new MapView(), NOW))
        .hasMessageStartingWith("ALREADY_EXISTS: ");
  }

  @Test
  void rejects_a_TEE_job_whose_granted_measurement_is_not_on_the_allow_list() {
    String measurement = "e".repeat(64);
    MapView view = new MapView();
    view.assets.put("x", asset("x", "o2"));
    Grant granted = grant("gx", "x", "o2", "o1", 0);
    view.grants.put(
        "gx",
        new Grant(
            granted.id(),
            granted.assetId(),
            granted.owner(),
            granted.grantee(),
            List.of(Operation.TEE_JOB),
            granted.columns(),
            granted.purpose(),
            granted.legalBasis(),
            granted.validFrom(),
            granted.validUntil(),
            granted.maxUses(),
            granted.usesConsumed(),
            Assurance.TEE_SIMULATED,
            granted.minGroupSize(),
            List.of(measurement),
            granted.resultRecipients(),
            granted.status(),
            null,
            granted.createdAt(),
            granted.updatedAt()));
    TaskRequest tee =
        new TaskRequest(
            "t",
            Operation.TEE_JOB,
            List.of(new TaskInputRequest("x", null, List.of("v"))),
            H,
            measurement,
            "SGX/join-aggregate",
            Assurance.TEE_HARDWARE,
            null,
            null);

    Submission refused = TaskRules.submit(tee, "o1", false, view, NOW);
    view.algorithms.put(
        measurement, new Algorithm(measurement, "join-aggregate", "1.0.0", "o3", "d", NOW, NOW));
    Submission admitted = TaskRules.submit(tee, "o1", false, view, NOW);

    assertThat(refused.task().status()).isEqualTo(TaskStatus.REJECTED);
    assertThat(refused.task().rejection().code())
        .as("a grant naming it does not make a measurement registered")
        .isEqualTo(RejectionReason.ALGORITHM_NOT_REGISTERED);
    assertThat(refused.consumedGrants()).isEmpty();
    assertThat(admitted.task().status()).isEqualTo(TaskStatus.SUBMITTED);
    assertThat(admitted.consumedGrants()).extracting(Grant::usesConsumed).containsExactly(1);
  }

  @Test
  void grant_check_stops_at_the_first_failure_in_reason_order() {
    Grant expiredAndExhausted =
        grant("g", "x", "o2", "o1", 2); // exhausted, and about to be checked after expiry

    Optional<?> failure =
        GrantCheck.check(
            expiredAndExhausted,
            "x",
            List.of("nope"),
            "o1",
            Operation.JOINT_STATS,
            Assurance.MPC_SEMI_HONEST,
            null,
            List.of("o1"),
            null,
            NOW.plusSeconds(3600));

    assertThat(failure).get().extracting("code").isEqualTo(RejectionReason.GRANT_EXPIRED);
  }
}
