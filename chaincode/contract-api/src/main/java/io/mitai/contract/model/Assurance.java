package io.mitai.contract.model;

/**
 * How a computation protects the data it touches. The levels are different <em>kinds</em> of trust,
 * not a ranking; {@link #satisfies(Assurance)} is the one table that says which level may stand in
 * for which minimum.
 *
 * <table>
 *   <caption>actual level (row) satisfies minimum (column)</caption>
 *   <tr><th></th><th>MPC_SEMI_HONEST</th><th>TEE_SIMULATED</th><th>TEE_HARDWARE</th></tr>
 *   <tr><td>MPC_SEMI_HONEST</td><td>yes</td><td>yes</td><td>no</td></tr>
 *   <tr><td>TEE_SIMULATED</td><td>no</td><td>yes</td><td>no</td></tr>
 *   <tr><td>TEE_HARDWARE</td><td>no</td><td>yes</td><td>yes</td></tr>
 * </table>
 */
public enum Assurance {
  /** Secure multi-party computation, semi-honest and non-colluding parties; no vendor trust. */
  MPC_SEMI_HONEST,
  /** An enclave simulated in software: protects nothing beyond trust in the node's operator. */
  TEE_SIMULATED,
  /** A hardware enclave with remote attestation: trust in the enclave vendor. */
  TEE_HARDWARE;

  /**
   * Whether a computation run at this level meets a grant's {@code minimum}.
   *
   * <ul>
   *   <li>minimum {@code MPC_SEMI_HONEST}: only MPC &mdash; the owner asked for cryptographic
   *       protection, not vendor trust.
   *   <li>minimum {@code TEE_SIMULATED}: anything &mdash; a simulated enclave only asks for the
   *       operator's trust, so every level is at least as strong.
   *   <li>minimum {@code TEE_HARDWARE}: only a hardware enclave, never a simulated one.
   * </ul>
   *
   * @param minimum the least the grant accepts
   * @return true if this level is acceptable
   */
  public boolean satisfies(Assurance minimum) {
    return switch (minimum) {
      case MPC_SEMI_HONEST -> this == MPC_SEMI_HONEST;
      case TEE_SIMULATED -> true;
      case TEE_HARDWARE -> this == TEE_HARDWARE;
    };
  }
}
