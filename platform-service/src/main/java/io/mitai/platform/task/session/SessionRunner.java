package io.mitai.platform.task.session;

import io.mitai.compute.ops.ComputeEngine;
import io.mitai.compute.ops.OperationResult;
import io.mitai.compute.ops.Table;
import io.mitai.compute.session.FailureReason;
import io.mitai.compute.session.PartyChannel;
import io.mitai.compute.session.PartyId;
import io.mitai.compute.session.SessionFailedException;
import io.mitai.compute.session.SessionId;
import io.mitai.compute.session.TlsPartyTransport;
import io.mitai.platform.asset.domain.AssetReader;
import io.mitai.platform.task.domain.SessionDesign;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs one task's compute session with every party hosted on this node: each party on its own
 * thread, over its own TLS transport, decrypting only its own organisation's input inside the
 * session. Returns the requester's result, or one {@link SessionFailure} naming the root cause
 * (never a partial result).
 */
@ApplicationScoped
public class SessionRunner {

  @Inject PartyNetwork network;
  @Inject AssetReader assets;

  /** Bound on every single wait of a party (a message, flow-control credit). */
  @ConfigProperty(name = "mitai.compute.session-timeout", defaultValue = "60s")
  Duration timeout;

  /** Why a session produced no result: the compute reason (or a node-side one) and a message. */
  public record SessionFailure(String reason, int code, Optional<String> party, String message) {
    /**
     * The text recorded on the ledger by RecordTaskFailure (no data values, at most 1000 chars).
     */
    public String ledgerReason() {
      String text =
          reason + " (" + code + ")" + party.map(p -> " at party " + p).orElse("") + ": " + message;
      return text.length() > 1000 ? text.substring(0, 1000) : text;
    }
  }

  /** The session failed; carries the failure to record. */
  public static final class Failed extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient SessionFailure failure;

    Failed(SessionFailure failure) {
      super(failure.ledgerReason());
      this.failure = failure;
    }

    public SessionFailure failure() {
      return failure;
    }
  }

  public OperationResult run(String taskId, SessionDesign design) throws Failed {
    SessionId session = SessionId.of(taskId);
    List<PartyId> parties = design.spec().roles().participants();
    try {
      network.admit(parties);
    } catch (PartyNetwork.NotAdmitted e) {
      throw new Failed(
          new SessionFailure(
              e.reason().name(),
              e.reason().code(),
              Optional.of(e.party().value()),
              e.getMessage()));
    }
    Map<PartyId, PartyChannel> channels = new TreeMap<>();
    try {
      for (PartyId p : parties) {
        TlsPartyTransport transport =
            network
                .transport(p.value())
                .orElseThrow(
                    () ->
                        new SessionFailedException(
                            FailureReason.PEER_UNREACHABLE,
                            session,
                            Optional.of(p),
                            "the party is not running"));
        channels.put(p, transport.openSession(session, parties, timeout));
      }
    } catch (SessionFailedException e) {
      channels.values().forEach(ch -> ch.abort(e));
      throw new Failed(describe(e, Optional.empty()));
    }
    ExecutorService threads = Executors.newFixedThreadPool(parties.size());
    try {
      Map<PartyId, Future<Optional<OperationResult>>> futures = new TreeMap<>();
      for (PartyId p : parties) {
        PartyChannel ch = channels.get(p);
        Optional<SessionDesign.PartyInput> input = Optional.ofNullable(design.inputs().get(p));
        futures.put(p, threads.submit(() -> party(ch, design, input)));
      }
      Optional<OperationResult> result = Optional.empty();
      List<SessionFailedException> failures = new ArrayList<>();
      for (Map.Entry<PartyId, Future<Optional<OperationResult>>> f : futures.entrySet()) {
        try {
          Optional<OperationResult> r = await(f.getValue(), parties.size());
          if (f.getKey().equals(design.spec().roles().requester())) {
            result = r;
          }
        } catch (ExecutionException e) {
          if (e.getCause() instanceof SessionFailedException s) {
            failures.add(s);
          } else {
            failures.add(
                new SessionFailedException(
                    FailureReason.INTERNAL_ERROR,
                    session,
                    Optional.of(f.getKey()),
                    String.valueOf(e.getCause()),
                    e.getCause()));
          }
        }
      }
      if (!failures.isEmpty()) {
        throw new Failed(rootCause(failures));
      }
      return result.orElseThrow(
          () ->
              new Failed(
                  new SessionFailure(
                      FailureReason.INTERNAL_ERROR.name(),
                      FailureReason.INTERNAL_ERROR.code(),
                      Optional.of(design.spec().roles().requester().value()),
                      "the requester's party finished without a result")));
    } finally {
      threads.shutdownNow();
      channels.values().forEach(PartyChannel::close);
    }
  }

  /** One party's side: open its own input (if any) inside the session, then run the protocol. */
  private Optional<OperationResult> party(
      PartyChannel ch, SessionDesign design, Optional<SessionDesign.PartyInput> input)
      throws SessionFailedException {
    Optional<Table> table = Optional.empty();
    if (input.isPresent()) {
      SessionDesign.PartyInput in = input.get();
      try {
        table = Optional.of(assets.open(ch.self().value(), in.assetId(), in.columns(), in.names()));
      } catch (AssetReader.Unreadable e) {
        SessionFailedException f =
            new SessionFailedException(
                FailureReason.INVALID_INPUT, ch.session(), Optional.of(ch.self()), e.getMessage());
        ch.abort(f);
        ch.close();
        throw f;
      }
    }
    return ComputeEngine.run(ch, design.spec(), table);
  }

  private <T> T await(Future<T> future, int parties) throws ExecutionException, Failed {
    try {
      // Each wait inside the protocol is bounded by the timeout; this only guards against a bug.
      return future.get(timeout.multipliedBy(20L * parties).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failed(
          new SessionFailure(
              FailureReason.CANCELLED.name(),
              FailureReason.CANCELLED.code(),
              Optional.empty(),
              "the node was interrupted"));
    } catch (TimeoutException e) {
      throw new Failed(
          new SessionFailure(
              FailureReason.TIMEOUT.name(),
              FailureReason.TIMEOUT.code(),
              Optional.empty(),
              "the session did not finish"));
    }
  }

  /**
   * The failure to record: the first that is not a consequence of another party's failure (an
   * abort, a closed stream, a cancellation), else the first.
   */
  static SessionFailure rootCause(List<SessionFailedException> failures) {
    for (SessionFailedException f : failures) {
      FailureReason r = f.reason();
      if (r != FailureReason.PEER_ABORTED
          && r != FailureReason.PEER_DISCONNECTED
          && r != FailureReason.CANCELLED) {
        return describe(f, Optional.empty());
      }
    }
    return describe(failures.get(0), Optional.empty());
  }

  private static SessionFailure describe(SessionFailedException f, Optional<String> party) {
    // The exception's message starts with "<REASON> in session <id> (peer p): "; keep the rest.
    String message = f.getMessage();
    int colon = message.indexOf(": ");
    String detail = colon >= 0 ? message.substring(colon + 2) : message;
    Optional<String> who = party.or(() -> f.culprit().map(PartyId::value));
    return new SessionFailure(f.reason().name(), f.reason().code(), who, detail);
  }
}
