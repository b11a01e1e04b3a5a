package io.mitai.platform.outbox;

import io.mitai.contract.Tx;
import io.mitai.contract.json.RecordJson;
import io.mitai.contract.model.AlgorithmRequest;
import io.mitai.contract.model.AssetRequest;
import io.mitai.contract.model.AssetStatus;
import io.mitai.contract.model.DataAsset;
import io.mitai.contract.model.Grant;
import io.mitai.contract.model.GrantRequest;
import io.mitai.contract.model.GrantStatus;
import io.mitai.contract.model.KeyRelease;
import io.mitai.contract.model.KeyReleaseRequest;
import io.mitai.contract.model.Task;
import io.mitai.contract.model.TaskRequest;
import io.mitai.contract.model.TaskResultRequest;
import io.mitai.contract.model.TaskStatus;
import io.mitai.platform.ledger.LedgerRecords;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * Whether a write the ledger refused as a replay ({@code ALREADY_EXISTS}, {@code INVALID_STATE})
 * had in fact landed in an earlier attempt whose outcome the node never learnt (on Fabric a retry
 * is a new transaction, refused by the contract because the first one committed). It landed if the
 * record it writes is now exactly what that write would have left: the record it creates exists
 * (its id is one this node generated), or the record it moves is in the state it moves to, with the
 * same reason or result. Then the write is DONE, with that record as its response.
 *
 * <p>The stored arguments are read with the contract's own request types; arguments that do not
 * read as the request (which the ledger would have refused as INVALID_ARGUMENT, not as a replay),
 * or a record that does not read as its type, cannot tell, so the refusal stands.
 */
final class Replay {

  static final Set<String> REPLAY_CODES = Set.of("ALREADY_EXISTS", "INVALID_STATE");

  private Replay() {}

  /**
   * The record showing that the write landed, or empty if it did not (or cannot be told).
   *
   * @param read reads a record: (evaluate transaction, id) to its JSON, empty if there is none
   */
  static Optional<String> landed(
      Tx write, List<String> args, BiFunction<Tx, String, Optional<String>> read) {
    if (args.isEmpty()) {
      return Optional.empty();
    }
    String first = args.get(0);
    return switch (write) {
      case REGISTER_ASSET -> created(read, Tx.READ_ASSET, first, AssetRequest.class, r -> r.id());
      case ISSUE_GRANT -> created(read, Tx.READ_GRANT, first, GrantRequest.class, r -> r.id());
      case SUBMIT_TASK -> created(read, Tx.READ_TASK, first, TaskRequest.class, r -> r.id());
      case REGISTER_ALGORITHM ->
          created(read, Tx.READ_ALGORITHM, first, AlgorithmRequest.class, r -> r.measurement());
      case DESTROY_ASSET ->
          moved(
              read,
              Tx.READ_ASSET,
              first,
              DataAsset.class,
              a -> a.status() == AssetStatus.DESTROYED && same(a.destroyedReason(), arg(args, 1)));
      case REVOKE_GRANT ->
          moved(
              read,
              Tx.READ_GRANT,
              first,
              Grant.class,
              g -> g.status() == GrantStatus.REVOKED && same(g.revokedReason(), arg(args, 1)));
      case RECORD_TASK_STARTED ->
          moved(read, Tx.READ_TASK, first, Task.class, t -> t.status() == TaskStatus.RUNNING);
      case RECORD_TASK_RESULT ->
          request(first, TaskResultRequest.class)
              .flatMap(
                  r ->
                      moved(
                          read,
                          Tx.READ_TASK,
                          r.taskId(),
                          Task.class,
                          t ->
                              t.status() == TaskStatus.SUCCEEDED
                                  && same(t.resultHash(), r.resultHash())));
      case RECORD_TASK_FAILURE ->
          moved(
              read,
              Tx.READ_TASK,
              first,
              Task.class,
              t -> t.status() == TaskStatus.FAILED && same(t.failureReason(), arg(args, 1)));
      case RECORD_KEY_RELEASE ->
          request(first, KeyReleaseRequest.class)
              .flatMap(
                  r ->
                      read.apply(Tx.LIST_KEY_RELEASES, r.taskId())
                          .flatMap(json -> sameRelease(json, r)));
      // RegisterOrganisation and RegisterComputeCentre update in place: an existing record proves
      // nothing.
      default -> Optional.empty();
    };
  }

  /** A create landed if the record with the request's (node-generated) id exists. */
  private static <R> Optional<String> created(
      BiFunction<Tx, String, Optional<String>> read,
      Tx reader,
      String argument,
      Class<R> requestType,
      Function<R, String> id) {
    return request(argument, requestType).flatMap(r -> read.apply(reader, id.apply(r)));
  }

  /** A transition landed if the record is now in the state (and with the reason) it moves to. */
  private static <T> Optional<String> moved(
      BiFunction<Tx, String, Optional<String>> read,
      Tx reader,
      String id,
      Class<T> recordType,
      Predicate<T> arrived) {
    if (id.isBlank()) {
      return Optional.empty();
    }
    return read.apply(reader, id)
        .filter(
            json -> {
              try {
                return arrived.test(LedgerRecords.decode(json, recordType));
              } catch (IllegalStateException e) {
                return false;
              }
            });
  }

  /** The recorded release of the request's input, if it is the decision the request recorded. */
  private static Optional<String> sameRelease(String json, KeyReleaseRequest r) {
    try {
      for (KeyRelease k : LedgerRecords.decode(json, KeyRelease[].class)) {
        if (k.inputIndex() == r.inputIndex()
            && k.decision() == r.decision()
            && java.util.Objects.equals(k.evidenceHash(), r.evidenceHash())) {
          return Optional.of(RecordJson.toJson(k));
        }
      }
    } catch (IllegalStateException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static <R> Optional<R> request(String json, Class<R> type) {
    try {
      return Optional.of(RecordJson.parseInput(json, type));
    } catch (ChaincodeException e) {
      return Optional.empty();
    }
  }

  private static String arg(List<String> args, int i) {
    return i < args.size() ? args.get(i) : "";
  }

  private static boolean same(String recorded, String expected) {
    return !expected.isEmpty() && expected.equals(recorded);
  }
}
