package io.mitai.platform.task.domain;

import io.mitai.compute.session.PartyId;
import io.mitai.contract.model.Task;
import io.mitai.contract.model.TaskStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The node's reading of the ledger's {@link Task} record when it takes part on behalf of an input
 * owner: what it trusts. Another node's requester offers the session's full {@link TaskPlan} (its
 * parameters are only hashed on the ledger); the owner's node runs its party only if the offer is
 * exactly this record.
 *
 * @param record the task as the contract recorded it
 */
public record LedgerTask(Task record) {

  public LedgerTask {
    Objects.requireNonNull(record, "record");
  }

  public static LedgerTask of(Task record) {
    return new LedgerTask(record);
  }

  public String id() {
    return record.id();
  }

  public String requester() {
    return record.requester();
  }

  public TaskStatus status() {
    return record.status();
  }

  /** The inputs as a plan names them: asset, owner and columns, in input order. */
  public List<TaskPlan.Input> inputs() {
    return record.inputs().stream()
        .map(
            i ->
                new TaskPlan.Input(
                    i.assetId(), Objects.requireNonNullElse(i.owner(), ""), i.columns()))
        .toList();
  }

  /** The aggregation floor the ledger recorded (empty if none): the session's. */
  public Optional<Integer> minGroupSize() {
    return Optional.ofNullable(record.minGroupSize());
  }

  public boolean isRunning() {
    return record.status() == TaskStatus.RUNNING;
  }

  /**
   * The organisations of the session: the input owners and the requester, sorted. A session led
   * from another node has no third organisation: its dealer, if any, is the requester ({@link
   * TaskPlanning}) or the requester node's attested enclave ({@link #enclaveDealer()}).
   */
  public List<PartyId> parties() {
    TreeSet<PartyId> all = new TreeSet<>();
    inputs().forEach(i -> all.add(PartyId.of(i.owner())));
    all.add(PartyId.of(record.requester()));
    return List.copyOf(all);
  }

  /** Whether the task's Beaver triples come from an attested enclave (its protocol label). */
  public boolean enclaveDealer() {
    return TaskOperation.isEnclaveDealt(record.protocol());
  }

  /** Why {@code offered} is not this task, or empty if it is exactly this task. */
  public Optional<String> mismatch(TaskPlan offered) {
    String id = record.id();
    String requester = record.requester();
    if (!id.equals(offered.taskId())) {
      return Optional.of("the plan is for task " + offered.taskId() + ", not " + id);
    }
    if (!requester.equals(offered.requester())) {
      return Optional.of("the plan names requester " + offered.requester() + ", not " + requester);
    }
    if (!record.operation().name().equals(offered.operation().name())) {
      return Optional.of(
          "the plan's operation " + offered.operation() + " is not " + record.operation());
    }
    if (!inputs().equals(offered.inputs())) {
      return Optional.of("the plan's inputs (assets, owners, columns) differ from the ledger's");
    }
    String hash;
    try {
      hash = DocumentValues.sha256Hex(DocumentValues.encode(offered.params()));
    } catch (DocumentValues.NotCanonical e) {
      return Optional.of("the plan's parameters cannot be hashed canonically");
    }
    String parameterHash = record.parameterHash();
    if (!parameterHash.equals(hash) || !parameterHash.equals(offered.parameterHash())) {
      return Optional.of("the plan's parameters do not hash to the ledger's parameterHash");
    }
    if (!record.protocol().equals(offered.protocol())) {
      return Optional.of(
          "the plan's protocol " + offered.protocol() + " is not " + record.protocol());
    }
    // The protocol label matched, so an enclave dealer is one the ledger recorded.
    String dealer = enclaveDealer() ? Dealer.ENCLAVE_PARTY : requester;
    if (offered.dealer().filter(d -> !d.equals(dealer)).isPresent()) {
      return Optional.of(
          "the plan names a dealer other than the requester or the ledger's enclave");
    }
    return Optional.empty();
  }
}
