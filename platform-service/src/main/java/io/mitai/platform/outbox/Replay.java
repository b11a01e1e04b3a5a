package io.mitai.platform.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.mitai.platform.ledger.RecordJson;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Whether a write the ledger refused as a replay ({@code ALREADY_EXISTS}, {@code INVALID_STATE})
 * had in fact landed in an earlier attempt whose outcome the node never learnt (on Fabric a retry
 * is a new transaction, refused by the contract because the first one committed). It landed if the
 * record it writes is now exactly what that write would have left: the record it creates exists
 * (its id is one this node generated), or the record it moves is in the state it moves to, with the
 * same reason or result. Then the write is DONE, with that record as its response.
 */
final class Replay {

  static final Set<String> REPLAY_CODES = Set.of("ALREADY_EXISTS", "INVALID_STATE");

  private Replay() {}

  /**
   * The record showing that the write landed, or empty if it did not (or cannot be told).
   *
   * @param read reads a record: (evaluate function, id) to its JSON, empty if there is none
   */
  static Optional<String> landed(
      String function, List<String> args, BiFunction<String, String, Optional<String>> read) {
    if (args.isEmpty()) {
      return Optional.empty();
    }
    BiFunction<String, String, Optional<String>> reader =
        (fn, id) -> id.isBlank() ? Optional.empty() : read.apply(fn, id);
    return switch (function) {
      case "RegisterAsset" -> reader.apply("ReadAsset", field(args.get(0), "id"));
      case "IssueGrant" -> reader.apply("ReadGrant", field(args.get(0), "id"));
      case "SubmitTask" -> reader.apply("ReadTask", field(args.get(0), "id"));
      case "RegisterAlgorithm" -> reader.apply("ReadAlgorithm", field(args.get(0), "measurement"));
      case "DestroyAsset" ->
          reader
              .apply("ReadAsset", args.get(0))
              .filter(r -> is(r, "status", "DESTROYED") && is(r, "destroyedReason", arg(args, 1)));
      case "RevokeGrant" ->
          reader
              .apply("ReadGrant", args.get(0))
              .filter(r -> is(r, "status", "REVOKED") && is(r, "revokedReason", arg(args, 1)));
      case "RecordTaskStarted" ->
          reader.apply("ReadTask", args.get(0)).filter(r -> is(r, "status", "RUNNING"));
      case "RecordTaskResult" ->
          reader
              .apply("ReadTask", field(args.get(0), "taskId"))
              .filter(
                  r ->
                      is(r, "status", "SUCCEEDED")
                          && is(r, "resultHash", field(args.get(0), "resultHash")));
      case "RecordTaskFailure" ->
          reader
              .apply("ReadTask", args.get(0))
              .filter(r -> is(r, "status", "FAILED") && is(r, "failureReason", arg(args, 1)));
      default -> Optional.empty();
    };
  }

  private static String field(String json, String name) {
    return RecordJson.parse(json).path(name).asText("");
  }

  private static String arg(List<String> args, int i) {
    return i < args.size() ? args.get(i) : "";
  }

  private static boolean is(String record, String name, String expected) {
    JsonNode value = RecordJson.parse(record).path(name);
    return !expected.isEmpty() && expected.equals(value.asText(null));
  }
}
