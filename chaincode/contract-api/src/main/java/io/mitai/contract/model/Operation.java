package io.mitai.contract.model;

/** The computations a grant can allow and a task can request. */
public enum Operation {
  /** Private set intersection: the intersecting keys, ECDH-PSI between exactly two inputs. */
  PSI(2, 2),
  /** Private set intersection revealing only the size of the intersection; two inputs. */
  PSI_CARDINALITY(2, 2),
  /** Count, sum, mean, variance over secret-shared numeric columns of one or more inputs. */
  SECURE_AGGREGATE(1, Operation.MAX_INPUTS),
  /** Statistics over PSI-aligned rows across two or more owners (sums, covariance, ...). */
  JOINT_STATS(2, Operation.MAX_INPUTS),
  /** A measured algorithm from the allow-list run inside an enclave over one or more inputs. */
  TEE_JOB(1, Operation.MAX_INPUTS);

  /** Upper bound on inputs of any task. */
  public static final int MAX_INPUTS = 16;

  private final int minInputs;
  private final int maxInputs;

  Operation(int minInputs, int maxInputs) {
    this.minInputs = minInputs;
    this.maxInputs = maxInputs;
  }

  /** Fewest inputs a task of this operation may name. */
  public int minInputs() {
    return minInputs;
  }

  /** Most inputs a task of this operation may name. */
  public int maxInputs() {
    return maxInputs;
  }

  /**
   * Whether a task of this operation releases aggregates over groups of rows, so that its grants'
   * {@code minGroupSize} floor applies (SECURE_AGGREGATE, JOINT_STATS, TEE_JOB); PSI releases the
   * intersection itself and takes no floor.
   */
  public boolean hasGroupFloor() {
    return this == SECURE_AGGREGATE || this == JOINT_STATS || this == TEE_JOB;
  }

  /** Whether this operation runs inside an enclave (and so names an algorithm measurement). */
  public boolean isTee() {
    return this == TEE_JOB;
  }

  /**
   * Whether a task of this operation may run at {@code assurance}: MPC operations only at {@link
   * Assurance#MPC_SEMI_HONEST}, {@link #TEE_JOB} only at a TEE level.
   */
  public boolean runsAt(Assurance assurance) {
    return isTee()
        ? assurance != Assurance.MPC_SEMI_HONEST
        : assurance == Assurance.MPC_SEMI_HONEST;
  }

  /**
   * Whether some task of this operation could meet {@code minimum}; a grant naming an operation
   * that never could is refused as unusable.
   */
  public boolean usableWith(Assurance minimum) {
    for (Assurance level : Assurance.values()) {
      if (runsAt(level) && level.satisfies(minimum)) {
        return true;
      }
    }
    return false;
  }
}
