package io.mitai.compute.ops;

import java.util.Objects;

/**
 * PSI or PSI_CARDINALITY between exactly two input parties. If the requester is one of them the
 * session runs two-party ECDH-PSI; if it holds no input, delegated PSI (see {@link #variant()}).
 *
 * @param keyColumn the column holding the join keys in both inputs
 */
public record PsiSpec(Operation operation, Roles roles, String keyColumn) implements TaskSpec {
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
  }

  /** ECDH-PSI when the requester holds an input, delegated PSI when it holds none. */
  public PsiVariant variant() {
    return roles.isInput(roles.requester()) ? PsiVariant.ECDH : PsiVariant.DELEGATED;
  }
}
