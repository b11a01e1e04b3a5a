package io.mitai.compute.ops;

import java.util.Objects;

/**
 * PSI or PSI_CARDINALITY between exactly two input parties, one of which is the requester.
 *
 * @param keyColumn the column holding the join keys in both inputs
 */
public record PsiSpec(Operation operation, Roles roles, String keyColumn) implements TaskSpec {
  public PsiSpec {
    if (operation != Operation.PSI && operation != Operation.PSI_CARDINALITY) {
      throw new IllegalArgumentException("not a PSI operation: " + operation);
    }
    if (roles.inputs().size() != 2 || !roles.isInput(roles.requester())) {
      throw new IllegalArgumentException("PSI needs two input parties, one being the requester");
    }
    if (roles.dealer().isPresent()) {
      throw new IllegalArgumentException("PSI has no dealer");
    }
    Objects.requireNonNull(keyColumn);
  }
}
