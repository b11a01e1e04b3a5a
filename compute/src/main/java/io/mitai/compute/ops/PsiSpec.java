package io.mitai.compute.ops;

import java.util.Objects;

/**
 * PSI or PSI_CARDINALITY between exactly two input parties. If the requester is one of them the
 * session runs two-party PSI by the chosen {@link PsiProtocol}; if it holds no input, delegated PSI
 * (see {@link #variant()}).
 *
 * @param keyColumn the column holding the join keys in both inputs
 * @param protocol ECDH (the default) or OT; OT only for PSI with the requester holding an input
 */
public record PsiSpec(Operation operation, Roles roles, String keyColumn, PsiProtocol protocol)
    implements TaskSpec {
  public PsiSpec {
    if (operation != Operation.PSI && operation != Operation.PSI_CARDINALITY) {
      throw new IllegalArgumentException("not a PSI operation: " + operation);
    }
    if (roles.inputs().size() != 2) {
      throw new IllegalArgumentException("PSI needs exactly two input parties");
    }
    if (roles.dealer().isPresent()) {
      throw new IllegalArgumentException("PSI has no dealer");
    }
    Objects.requireNonNull(keyColumn);
    Objects.requireNonNull(protocol);
    if (protocol == PsiProtocol.OT) {
      if (operation != Operation.PSI) {
        throw new IllegalArgumentException(
            "OT-PSI reveals the intersection itself to the requester: PSI_CARDINALITY runs on ECDH");
      }
      if (!roles.isInput(roles.requester())) {
        throw new IllegalArgumentException("OT-PSI needs the requester to hold one of the inputs");
      }
    }
  }

  /** ECDH-PSI (the default protocol). */
  public PsiSpec(Operation operation, Roles roles, String keyColumn) {
    this(operation, roles, keyColumn, PsiProtocol.ECDH);
  }

  /**
   * Delegated PSI when the requester holds no input; otherwise ECDH-PSI or OT-PSI by {@link
   * #protocol()}.
   */
  public PsiVariant variant() {
    if (!roles.isInput(roles.requester())) {
      return PsiVariant.DELEGATED;
    }
    return protocol == PsiProtocol.OT ? PsiVariant.OT : PsiVariant.ECDH;
  }
}
