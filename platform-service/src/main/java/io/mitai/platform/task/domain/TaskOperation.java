package io.mitai.platform.task.domain;

import io.mitai.compute.ops.Operation;
import io.mitai.compute.ops.PsiProtocol;
import io.mitai.compute.ops.PsiVariant;
import java.util.List;
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
  PSI(
      PsiVariant.ECDH.protocol(),
      Operation.PSI,
      "private set intersection (the intersecting keys)",
      List.of(PsiProtocol.ECDH, PsiProtocol.OT)),
  /** As PSI, but the requester learns only the size of the intersection. */
  PSI_CARDINALITY(
      PsiVariant.ECDH.protocol(),
      Operation.PSI_CARDINALITY,
      "only the size of the intersection",
      List.of(PsiProtocol.ECDH)),
  /** Additive secret sharing over Z(2^128) of per-group moments, opened to the requester only. */
  SECURE_AGGREGATE(
      "ADDITIVE-SS/Z2^128-decimal-fixed-point",
      Operation.SECURE_AGGREGATE,
      "count, sum, mean, variance (secret sharing)",
      List.of()),
  /**
   * PSI alignment (m-party ECDH, or OT for two inputs), then Beaver products over Z(2^64) from a
   * non-colluding dealer.
   */
  JOINT_STATS(
      "PSI-ALIGNED-BEAVER/Z2^64-dealer",
      Operation.JOINT_STATS,
      "statistics over PSI-aligned rows",
      List.of(PsiProtocol.ECDH, PsiProtocol.OT)),
  /** A measured algorithm inside an attested enclave; run by the {@code tee} package, not MPC. */
  TEE_JOB("TEE", null, "a measured algorithm in an enclave", List.of());

  /**
   * JOINT_STATS's label when its rows are aligned by OT-extension PSI ({@code params.protocol}).
   */
  public static final String JOINT_STATS_OT_ALIGNED = "OT-PSI-ALIGNED-BEAVER/Z2^64-dealer";

  /**
   * How a JOINT_STATS label ends when an attested enclave deals the triples: the ledger names the
   * dealer's trust from submission on, and a party on another node knows before the session opens
   * that it must verify an enclave.
   */
  private static final String ENCLAVE_DEALT = "-tee-dealer";

  /** The JOINT_STATS label {@code label} with the triples dealt by an attested enclave. */
  public static String enclaveDealt(String label) {
    return label.substring(0, label.length() - "-dealer".length()) + ENCLAVE_DEALT;
  }

  /** Whether a recorded protocol label has its triples dealt by an attested enclave. */
  public static boolean isEnclaveDealt(String protocol) {
    return protocol.endsWith(ENCLAVE_DEALT);
  }

  private final String protocol;
  private final Operation compute;
  private final String summary;
  private final List<PsiProtocol> protocols;

  TaskOperation(String protocol, Operation compute, String summary, List<PsiProtocol> protocols) {
    this.protocol = protocol;
    this.compute = compute;
    this.summary = summary;
    this.protocols = protocols;
  }

  /** What the requester receives, in a few words (the console's operation list shows it). */
  public String summary() {
    return summary;
  }

  /** The choices of {@code params.protocol}, empty where the operation takes none. */
  public List<PsiProtocol> protocols() {
    return protocols;
  }

  /** The ledger's operation of the same name: input counts and assurance levels are its rules. */
  public io.mitai.contract.model.Operation ledger() {
    return io.mitai.contract.model.Operation.valueOf(name());
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
