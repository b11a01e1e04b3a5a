package io.mitai.ledger;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A call of a chaincode transaction by name with string arguments. {@code txId} is optional: a
 * caller that must not apply a write twice (the node's outbox) supplies its own id, and a second
 * submission with the same id returns the first one's result instead of executing again.
 */
public record Invocation(Optional<String> txId, String function, List<String> args) {

  public Invocation {
    Objects.requireNonNull(txId, "txId");
    Objects.requireNonNull(function, "function");
    args = List.copyOf(args);
    if (function.isBlank()) {
      throw new IllegalArgumentException("an invocation names a transaction");
    }
    txId.ifPresent(
        id -> {
          if (!id.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")) {
            throw new IllegalArgumentException("malformed transaction id: " + id);
          }
        });
  }

  public static Invocation of(String function, String... args) {
    return new Invocation(Optional.empty(), function, List.of(args));
  }

  public Invocation withTxId(String id) {
    return new Invocation(Optional.of(id), function, args);
  }
}
