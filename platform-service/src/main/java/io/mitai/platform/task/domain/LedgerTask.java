package io.mitai.platform.task.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.mitai.compute.session.PartyId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A task as the ledger records it: what a node that takes part on behalf of an input owner trusts.
 * Another node's requester offers the session's full {@link TaskPlan} (its parameters are only
 * hashed on the ledger); the owner's node runs its party only if the offer is exactly this record.
 *
 * @param status the ledger's status, e.g. {@code RUNNING}
 * @param grantIds the grant each input uses, in input order ({@code null} for an own input)
 * @param minGroupSize the aggregation floor the ledger recorded (empty if none): the session's
 */
public record LedgerTask(
    String id,
    String requester,
    String operation,
    List<TaskPlan.Input> inputs,
    String parameterHash,
    String protocol,
    String status,
    List<String> grantIds,
    Optional<Integer> minGroupSize) {

  public LedgerTask {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(requester, "requester");
    inputs = List.copyOf(inputs);
    grantIds =
        grantIds == null
            ? List.of()
            : java.util.Collections.unmodifiableList(new ArrayList<>(grantIds));
    minGroupSize = minGroupSize == null ? Optional.empty() : minGroupSize;
  }

  /** A task record without grants or floor (tests, older callers). */
  public LedgerTask(
      String id,
      String requester,
      String operation,
      List<TaskPlan.Input> inputs,
      String parameterHash,
      String protocol,
      String status) {
    this(
        id,
        requester,
        operation,
        inputs,
        parameterHash,
        protocol,
        status,
        List.of(),
        Optional.empty());
  }

  /** Reads a chaincode {@code Task} record. */
  public static LedgerTask of(JsonNode record) {
    List<TaskPlan.Input> inputs = new ArrayList<>();
    List<String> grantIds = new ArrayList<>();
    for (JsonNode input : record.path("inputs")) {
      grantIds.add(input.path("grantId").isTextual() ? input.path("grantId").asText() : null);
      List<String> columns = new ArrayList<>();
      input.path("columns").forEach(c -> columns.add(c.asText()));
      inputs.add(
          new TaskPlan.Input(
              input.path("assetId").asText(), input.path("owner").asText(), columns));
    }
    return new LedgerTask(
        record.path("id").asText(),
        record.path("requester").asText(),
        record.path("operation").asText(),
        inputs,
        record.path("parameterHash").asText(),
        record.path("protocol").asText(),
        record.path("status").asText(),
        grantIds,
        record.path("minGroupSize").isInt()
            ? Optional.of(record.path("minGroupSize").asInt())
            : Optional.empty());
  }

  public boolean isRunning() {
    return "RUNNING".equals(status);
  }

  /**
   * The parties of the session: the input owners and the requester, sorted. A session led from
   * another node has no third party: its dealer, if any, is the requester ({@link TaskPlanning}).
   */
  public List<PartyId> parties() {
    TreeSet<PartyId> all = new TreeSet<>();
    inputs.forEach(i -> all.add(PartyId.of(i.owner())));
    all.add(PartyId.of(requester));
    return List.copyOf(all);
  }

  /** Why {@code offered} is not this task, or empty if it is exactly this task. */
  public Optional<String> mismatch(TaskPlan offered) {
    if (!id.equals(offered.taskId())) {
      return Optional.of("the plan is for task " + offered.taskId() + ", not " + id);
    }
    if (!requester.equals(offered.requester())) {
      return Optional.of("the plan names requester " + offered.requester() + ", not " + requester);
    }
    if (!operation.equals(offered.operation().name())) {
      return Optional.of("the plan's operation " + offered.operation() + " is not " + operation);
    }
    if (!inputs.equals(offered.inputs())) {
      return Optional.of("the plan's inputs (assets, owners, columns) differ from the ledger's");
    }
    String hash;
    try {
      hash = DocumentValues.sha256Hex(DocumentValues.encode(offered.params()));
    } catch (DocumentValues.NotCanonical e) {
      return Optional.of("the plan's parameters cannot be hashed canonically");
    }
    if (!parameterHash.equals(hash) || !parameterHash.equals(offered.parameterHash())) {
      return Optional.of("the plan's parameters do not hash to the ledger's parameterHash");
    }
    if (!protocol.equals(offered.protocol())) {
      return Optional.of("the plan's protocol " + offered.protocol() + " is not " + protocol);
    }
    if (offered.dealer().filter(d -> !d.equals(requester)).isPresent()) {
      return Optional.of("the plan names a dealer other than the requester");
    }
    return Optional.empty();
  }
}
