package io.mitai.platform.task.domain;

import io.mitai.compute.ops.AggregateSpec;
import io.mitai.compute.ops.JointStatsSpec;
import io.mitai.compute.ops.PsiSpec;
import io.mitai.compute.ops.Roles;
import io.mitai.compute.ops.TaskSpec;
import io.mitai.compute.session.PartyId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The compute session of a planned task: the parties' roles and the operation's spec (identical at
 * every party), and for each input party the one asset it decrypts and which of its columns.
 *
 * @param inputs per input party: its own asset, the columns read from it and the names they carry
 *     in the party's table
 */
public record SessionDesign(TaskSpec spec, Map<PartyId, PartyInput> inputs) {

  /** PSI compares one column per party; the two may be named differently, so both become this. */
  static final String PSI_KEY = "key";

  public SessionDesign {
    inputs = Map.copyOf(inputs);
  }

  /**
   * What one party reads from its own asset.
   *
   * @param columns the asset's columns to decrypt, in table order (only these leave the cipher)
   * @param names the table's column names, one per column
   */
  public record PartyInput(String assetId, List<String> columns, List<String> names) {
    public PartyInput {
      columns = List.copyOf(columns);
      names = List.copyOf(names);
      if (columns.size() != names.size()) {
        throw new IllegalArgumentException("one name per column");
      }
    }
  }

  /**
   * The session of a planned task, at the aggregation floor the ledger recorded for it ({@code
   * minGroupSize} of the Task record: the requested floor, else the highest of its grants); the
   * params' own floor applies if it is higher. Every party builds the same design from the plan and
   * the same ledger record.
   *
   * @param ledgerFloor the Task record's {@code minGroupSize}, empty if it has none
   */
  public static SessionDesign of(TaskPlan plan, Optional<Integer> ledgerFloor) {
    List<PartyId> owners = plan.owners().stream().map(PartyId::of).toList();
    PartyId requester = PartyId.of(plan.requester());
    Roles roles = new Roles(owners, requester, plan.dealer().map(PartyId::of));
    OperationParams params = OperationParams.parse(plan.operation(), plan.inputs(), plan.params());
    Map<PartyId, PartyInput> inputs = new TreeMap<>();
    TaskSpec spec;
    if (params instanceof OperationParams.Psi psi) {
      for (TaskPlan.Input in : plan.inputs()) {
        inputs.put(
            PartyId.of(in.owner()), new PartyInput(in.assetId(), in.columns(), List.of(PSI_KEY)));
      }
      spec =
          new PsiSpec(
              plan.operation().compute().orElseThrow(),
              new Roles(owners, requester, Optional.empty()),
              PSI_KEY,
              psi.protocol());
    } else if (params instanceof OperationParams.SecureAggregate a) {
      // Every input reads its columns in the first input's order, so all tables look alike.
      List<String> order = plan.inputs().get(0).columns();
      for (TaskPlan.Input in : plan.inputs()) {
        inputs.put(PartyId.of(in.owner()), new PartyInput(in.assetId(), order, order));
      }
      List<String> values = new ArrayList<>(order);
      a.groupBy().ifPresent(values::remove);
      spec =
          new AggregateSpec(
              new Roles(owners, requester, Optional.empty()),
              values,
              a.aggregates(),
              a.groupBy(),
              Math.max(a.minGroupSize(), ledgerFloor.orElse(0)));
    } else {
      OperationParams.JointStats j = (OperationParams.JointStats) params;
      for (TaskPlan.Input in : plan.inputs()) {
        inputs.put(
            PartyId.of(in.owner()), new PartyInput(in.assetId(), in.columns(), in.columns()));
      }
      spec =
          new JointStatsSpec(
              roles,
              j.key(),
              j.statistics(),
              j.target(),
              Math.max(j.minGroupSize(), ledgerFloor.orElse(0)),
              j.alignment());
    }
    return new SessionDesign(spec, inputs);
  }
}
