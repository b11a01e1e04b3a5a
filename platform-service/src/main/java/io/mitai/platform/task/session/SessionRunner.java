package io.mitai.platform.task.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mitai.compute.ops.ComputeEngine;
import io.mitai.compute.ops.JointStatsSpec;
import io.mitai.compute.ops.OperationResult;
import io.mitai.compute.ops.Table;
import io.mitai.compute.session.FailureReason;
import io.mitai.compute.session.PartyChannel;
import io.mitai.compute.session.PartyEndpoint;
import io.mitai.compute.session.PartyId;
import io.mitai.compute.session.SessionFailedException;
import io.mitai.compute.session.SessionId;
import io.mitai.compute.session.TlsPartyTransport;
import io.mitai.platform.asset.domain.AssetReader;
import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.task.TaskPhases;
import io.mitai.platform.task.domain.Dealer;
import io.mitai.platform.task.domain.LedgerTask;
import io.mitai.platform.task.domain.SessionDesign;
import io.mitai.platform.task.domain.TaskPlan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the parties this node hosts in a task's compute session: each party on its own thread, over
 * its own TLS transport, decrypting only its own organisation's input inside the session.
 *
 * <p>{@link #run} leads a session (the requester is hosted here): it returns the requester's
 * result, or one {@link SessionFailure} naming the root cause (never a partial result). Parties of
 * other nodes (federation) first receive the plan from the requester in round {@value #ROUND_PLAN};
 * {@link #join} is their side: it runs its party only if the plan is exactly the task the ledger
 * recorded as RUNNING.
 */
@ApplicationScoped
public class SessionRunner {

  /**
   * The set-up round of a session with parties on other nodes: the requester sends its plan; with
   * an enclave dealer, then the dealer's offer, and each remote party answers once it has verified
   * and pinned the dealer.
   */
  public static final int ROUND_PLAN = 0;

  @Inject PartyNetwork network;
  @Inject AssetReader assets;
  @Inject HostedOrganisations hosted;
  @Inject ObjectMapper json;
  @Inject AttestedDealer dealer;
  @Inject io.mitai.platform.task.ReleasePause pause;

  /** How to abort each session this node leads, by task id, while it runs. */
  private final Map<String, java.util.function.Consumer<String>> live =
      new java.util.concurrent.ConcurrentHashMap<>();

  @Inject TaskPhases phases;

  /**
   * The liveness window: a wait of a party (a message, flow-control credit) fails once the peer it
   * waits on has sent nothing, not even a heartbeat, for this long.
   */
  @ConfigProperty(name = "mitai.compute.session-timeout", defaultValue = "60s")
  Duration timeout;

  /** The bound on a whole session, however long its peers stay alive (docs/protocols.md). */
  @ConfigProperty(name = "mitai.compute.session-max-duration", defaultValue = "6h")
  Duration maxDuration;

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

  /**
   * What a led session produced: the requester's result, and the attested enclave that dealt its
   * Beaver triples, if one did.
   */
  public record Outcome(OperationResult result, Optional<AttestedDealer.Attested> dealer) {}

  /**
   * Leads the session of {@code plan} at the aggregation floor the ledger recorded for the task.
   *
   * @param ledgerFloor the Task record's {@code minGroupSize}, empty if it has none
   */
  public Outcome run(TaskPlan plan, Optional<Integer> ledgerFloor) throws Failed {
    SessionDesign design = SessionDesign.of(plan, ledgerFloor);
    SessionId session = SessionId.of(plan.taskId());
    List<PartyId> everyone = design.spec().roles().participants();
    Optional<PartyId> enclave = design.spec().roles().dealer().filter(AttestedDealer::isEnclave);
    phases.enter(plan.taskId(), TaskPhases.Phase.CONNECTING);
    List<PartyId> organisations =
        everyone.stream().filter(p -> enclave.filter(p::equals).isEmpty()).toList();
    admit(organisations);
    List<PartyId> parties = everyone.stream().filter(p -> hosted.hosts(p.value())).toList();
    Optional<AttestedDealer.Dealing> dealing = Optional.empty();
    if (enclave.isPresent()) {
      phases.enter(plan.taskId(), TaskPhases.Phase.ATTESTING);
      dealing = Optional.of(attestedDealer(plan.taskId(), design, enclave.get(), organisations));
    }
    try {
      return new Outcome(
          runParties(plan.taskId(), session, design, encode(plan), everyone, parties, dealing),
          dealing.map(AttestedDealer.Dealing::attested));
    } finally {
      dealing.ifPresent(AttestedDealer.Dealing::close);
    }
  }

  /**
   * Aborts the running session of a task this node leads (a grant it uses was revoked, an input
   * destroyed): every hosted party tells its peers to abort and stops waiting at once, so the
   * session ends without a result. Returns whether such a session was running.
   */
  public boolean abort(String taskId, String why) {
    java.util.function.Consumer<String> abort = live.get(taskId);
    if (abort == null) {
      return false;
    }
    abort.accept(why);
    return true;
  }

  /**
   * The enclave as dealer: attested here, then pinned by the hosted parties' transports (parties on
   * other nodes verify its evidence themselves, see {@link #acceptDealer}).
   */
  private AttestedDealer.Dealing attestedDealer(
      String taskId, SessionDesign design, PartyId enclave, List<PartyId> parties) throws Failed {
    List<PartyEndpoint> endpoints = new ArrayList<>();
    for (PartyId p : parties) {
      endpoints.add(network.endpoint(p).orElseThrow());
    }
    try {
      AttestedDealer.Dealing d = dealer.open(taskId, (JointStatsSpec) design.spec(), endpoints);
      network.admitAttested(d.endpoint());
      return d;
    } catch (AttestedDealer.Refused e) {
      FailureReason reason =
          e.unreachable() ? FailureReason.PEER_UNREACHABLE : FailureReason.UNAUTHENTICATED_PEER;
      throw new Failed(
          new SessionFailure(
              reason.name(), reason.code(), Optional.of(enclave.value()), e.getMessage()));
    }
  }

  private OperationResult runParties(
      String taskId,
      SessionId session,
      SessionDesign design,
      byte[] offer,
      List<PartyId> everyone,
      List<PartyId> parties,
      Optional<AttestedDealer.Dealing> dealing)
      throws Failed {
    // With parties on other nodes, the leader waits longest: a party that gives up first aborts
    // the session naming the party it waited for, and that is the cause the leader records.
    boolean remoteParties = everyone.size() > parties.size() + (dealing.isPresent() ? 1 : 0);
    Duration wait = remoteParties ? timeout.multipliedBy(2) : timeout;
    Duration bound = sessionBound(wait, remoteParties);
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
        channels.put(p, transport.openSession(session, everyone, wait, bound));
      }
      PartyChannel requester = channels.get(design.spec().roles().requester());
      List<PartyId> remote =
          everyone.stream()
              .filter(p -> !channels.containsKey(p))
              .filter(p -> !dealing.map(d -> d.endpoint().id().equals(p)).orElse(false))
              .toList();
      for (PartyId p : remote) {
        requester.send(p, ROUND_PLAN, offer);
      }
      if (dealing.isPresent() && !remote.isEmpty()) {
        // The dealer dials every party once it runs: each remote party must have verified its
        // evidence and pinned its key first, or its handshake would be refused.
        byte[] dealerOffer = encode(dealing.get().offer());
        for (PartyId p : remote) {
          requester.send(p, ROUND_PLAN, dealerOffer);
        }
        for (PartyId p : remote) {
          requester.receive(p, ROUND_PLAN);
        }
      }
    } catch (SessionFailedException e) {
      channels.values().forEach(ch -> ch.abort(e));
      throw new Failed(describe(e, Optional.empty()));
    }
    live.put(
        session.value(),
        why -> {
          SessionFailedException stop =
              new SessionFailedException(FailureReason.CANCELLED, session, Optional.empty(), why);
          for (PartyChannel ch : channels.values()) {
            ch.abort(stop);
            ch.close();
          }
        });
    phases.enter(taskId, TaskPhases.Phase.COMPUTING);
    ExecutorService threads = Executors.newFixedThreadPool(parties.size() + 1);
    try {
      Map<PartyId, Future<Optional<OperationResult>>> futures = new TreeMap<>();
      for (PartyId p : parties) {
        PartyChannel ch = channels.get(p);
        Optional<SessionDesign.PartyInput> input = Optional.ofNullable(design.inputs().get(p));
        futures.put(p, threads.submit(() -> party(ch, design, input)));
      }
      Optional<Future<?>> dealt =
          dealing.map(
              d ->
                  threads.submit(
                      () -> {
                        d.deal();
                        return null;
                      }));
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
      if (dealt.isPresent()) {
        try {
          await(dealt.get(), parties.size());
        } catch (ExecutionException e) {
          failures.add(
              new SessionFailedException(
                  FailureReason.PEER_DISCONNECTED,
                  session,
                  dealing.map(d -> d.endpoint().id()),
                  "the enclave dealer failed: " + e.getCause().getMessage()));
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
      live.remove(session.value());
      threads.shutdownNow();
      channels.values().forEach(PartyChannel::close);
    }
  }

  /**
   * Takes part, as the hosted organisation {@code self}, in a session led by another node's
   * requester: receives the plan, checks it against the ledger's record of the task and runs this
   * party with its own input. The outcome is the requester's to record; this side only reports why
   * it failed.
   */
  public void join(PartyId self, LedgerTask task) throws Failed {
    SessionId session = SessionId.of(task.id());
    List<PartyId> organisations = task.parties();
    admit(organisations);
    Set<PartyId> attestedLater =
        task.enclaveDealer() ? Set.of(PartyId.of(Dealer.ENCLAVE_PARTY)) : Set.of();
    TreeSet<PartyId> all = new TreeSet<>(organisations);
    all.addAll(attestedLater);
    List<PartyId> everyone = List.copyOf(all);
    TlsPartyTransport transport =
        network
            .transport(self.value())
            .orElseThrow(
                () ->
                    new Failed(
                        new SessionFailure(
                            FailureReason.PEER_UNREACHABLE.name(),
                            FailureReason.PEER_UNREACHABLE.code(),
                            Optional.of(self.value()),
                            "the party is not running")));
    PartyChannel ch;
    try {
      ch =
          transport.openSession(
              session, everyone, attestedLater, timeout, sessionBound(timeout, false));
    } catch (SessionFailedException e) {
      throw new Failed(describe(e, Optional.empty()));
    }
    try {
      PartyId requester = PartyId.of(task.requester());
      TaskPlan plan = decode(ch, requester, ch.receive(requester, ROUND_PLAN));
      Optional<String> mismatch = task.mismatch(plan);
      SessionDesign design = SessionDesign.of(plan, task.minGroupSize());
      if (mismatch.isEmpty() && !design.spec().roles().participants().equals(everyone)) {
        mismatch = Optional.of("the plan's parties are not the task's input owners and requester");
      }
      if (mismatch.isPresent()) {
        SessionFailedException refused =
            new SessionFailedException(
                FailureReason.INVALID_SESSION,
                session,
                Optional.of(requester),
                "refused the offered plan: " + mismatch.get());
        ch.abort(refused);
        throw refused;
      }
      if (!attestedLater.isEmpty()) {
        acceptDealer(transport, ch, self, task, requester);
      }
      party(ch, design, Optional.ofNullable(design.inputs().get(self)));
    } catch (SessionFailedException e) {
      throw new Failed(describe(e, Optional.empty()));
    } catch (RuntimeException e) {
      SessionFailedException f =
          new SessionFailedException(
              FailureReason.INVALID_SESSION,
              session,
              Optional.of(PartyId.of(task.requester())),
              "the offered plan is invalid: " + e.getMessage());
      ch.abort(f);
      throw new Failed(describe(f, Optional.empty()));
    } finally {
      ch.close();
    }
  }

  /**
   * A remote party's side of an enclave dealer: verifies the evidence the requester's node forwards
   * (this node's own verifier, measurement allow-list and assurance), pins the attested key and
   * tells the requester; a refusal aborts the session naming the dealer.
   */
  private void acceptDealer(
      TlsPartyTransport transport,
      PartyChannel ch,
      PartyId self,
      LedgerTask task,
      PartyId requester)
      throws SessionFailedException {
    PartyId enclave = PartyId.of(Dealer.ENCLAVE_PARTY);
    byte[] offered = ch.receive(requester, ROUND_PLAN);
    AttestedDealer.DealerOffer offer;
    try {
      offer = json.readValue(offered, AttestedDealer.DealerOffer.class);
    } catch (IOException e) {
      throw new SessionFailedException(
          FailureReason.MALFORMED_MESSAGE,
          ch.session(),
          Optional.of(requester),
          "the dealer's offer is not a dealer offer");
    }
    try {
      network.admitAttested(dealer.admit(task.id(), self.value(), task.requester(), offer));
    } catch (AttestedDealer.Refused e) {
      SessionFailedException refused =
          new SessionFailedException(
              e.unreachable() ? FailureReason.PEER_UNREACHABLE : FailureReason.UNAUTHENTICATED_PEER,
              ch.session(),
              Optional.of(enclave),
              self + " refused the enclave dealer: " + e.getMessage());
      ch.abort(refused);
      throw refused;
    }
    transport.connect(ch.session(), enclave);
    ch.send(requester, ROUND_PLAN, new byte[0]);
  }

  private void admit(List<PartyId> parties) throws Failed {
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
  }

  private byte[] encode(Object message) {
    try {
      return json.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a set-up message cannot be encoded", e);
    }
  }

  private TaskPlan decode(PartyChannel ch, PartyId from, byte[] offer)
      throws SessionFailedException {
    try {
      return json.readValue(offer, TaskPlan.class);
    } catch (IOException e) {
      throw new SessionFailedException(
          FailureReason.MALFORMED_MESSAGE,
          ch.session(),
          Optional.of(from),
          "the offered plan is not a task plan");
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
    if (ch.self().equals(design.spec().roles().requester())) {
      pause.pass(io.mitai.platform.task.ReleasePause.Point.IN_SESSION, ch.session().value());
    }
    return ComputeEngine.run(ch, design.spec(), table);
  }

  /**
   * A session's maximum duration: the configured one, at least the wait; the leader of a session
   * with remote parties keeps its channels a window longer, so that a party that reaches the bound
   * first aborts naming the party it waited for, and the leader records that cause.
   */
  private Duration sessionBound(Duration wait, boolean leadsRemoteParties) {
    Duration bound = maxDuration.compareTo(wait) < 0 ? wait : maxDuration;
    return leadsRemoteParties ? bound.plus(timeout) : bound;
  }

  private <T> T await(Future<T> future, int parties) throws ExecutionException, Failed {
    try {
      // Every wait inside the protocol ends within the session's maximum duration (plus a window
      // or two); this only guards against a bug.
      Duration guard = maxDuration.plus(timeout.multipliedBy(4L + parties));
      return future.get(guard.toMillis(), TimeUnit.MILLISECONDS);
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
