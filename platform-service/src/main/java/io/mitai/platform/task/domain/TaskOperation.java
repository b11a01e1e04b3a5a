package io.mitai.platform.task.domain;

import io.mitai.compute.ops.Operation;
import io.mitai.compute.ops.PsiVariant;
import java.util.Optional;

/**
 * The operations a task can name (the ledger's {@code Operation}), with the protocol label the node
 * records for each. TEE_JOB has no MPC engine: the node's {@code tee} package plans and runs it in
 * an attested enclave worker.
 */
public enum TaskOperation {
  /**
   * The requester learns the intersection of the two inputs' keys: ECDH-PSI if it holds one input,
   * delegated PSI ({@link TaskPlan#protocol()}) if it holds neither.
   */
  PSI(PsiVariant.ECDH.protocol(), Operation.PSI),
  /** As PSI, but the requester learns only the size of the intersection. */
  PSI_CARDINALITY(PsiVariant.ECDH.protocol(), Operation.PSI_CARDINALITY),
  /** Additive secret sharing over Z(2^128) of per-group moments, opened to the requester only. */
  SECURE_AGGREGATE("ADDITIVE-SS/Z2^128-decimal-fixed-point", Operation.SECURE_AGGREGATE),
  /** m-party ECDH-PSI alignment, then Beaver products over Z(2^64) from a non-colluding dealer. */
  JOINT_STATS("PSI-ALIGNED-BEAVER/Z2^64-dealer", Operation.JOINT_STATS),
  /** A measured algorithm inside an attested enclave; run by the {@code tee} package, not MPC. */
  TEE_JOB("TEE", null);

  /**
   * JOINT_STATS's label when its rows are aligned by OT-extension PSI ({@code params.protocol}).
   */
  public static final String JOINT_STATS_OT_ALIGNED = "OT-PSI-ALIGNED-BEAVER/Z2^64-dealer";

  private final String protocol;
  private final Operation compute;

  TaskOperation(String protocol, Operation compute) {
    this.protocol = protocol;
    this.compute = compute;
  }

  /**
   * The operation's protocol label; the one recorded on the ledger is {@link TaskPlan#protocol()}.
   */
  public String protocol() {
    return protocol;
  }

  /** The compute engine's operation, or empty when this node cannot run it. */
  public Optional<Operation> compute() {
    return Optional.ofNullable(compute);
  }

  /** Every MPC operation runs semi-honest with non-colluding parties. */
  public String assurance() {
    return "MPC_SEMI_HONEST";
  }

  public static Optional<TaskOperation> parse(String name) {
    for (TaskOperation op : values()) {
      if (op.name().equals(name)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }
}
