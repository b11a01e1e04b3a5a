package io.mitai.compute.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The transport-independent half of a {@link PartyChannel}: framing, sequence numbers, frame
 * validation, liveness and abort handling. A transport supplies only {@link #transmit} (put encoded
 * bytes on the link to a peer) and {@link #release} (free its streams), and feeds received bytes
 * into {@link #inbox(PartyId)}.
 *
 * <p>Liveness: a wait for a peer gives up when nothing at all (no frame, no heartbeat) has been
 * heard from that peer for {@link #timeout()}, the liveness window, counted from the later of the
 * wait's start and the last frame; a peer that keeps sending, even only heartbeats while it
 * computes, is alive. Every wait also ends at the session's {@link #maxDuration()}, so a peer that
 * heartbeats forever without progress still fails the session.
 */
public abstract class AbstractPartyChannel implements PartyChannel {

  /** The bound on a whole session when the caller gives none. */
  public static final Duration DEFAULT_MAX_DURATION = Duration.ofHours(6);

  /** Longest party id an ABORT frame names as the one to blame. */
  private static final int MAX_BLAMED_BYTES = 256;

  private final SessionId session;
  private final PartyId self;
  private final List<PartyId> parties;
  private final Duration timeout;
  private final Duration maxDuration;
  private final long hardEnd;
  private final Map<PartyId, Inbox> inboxes = new TreeMap<>();
  private final Map<PartyId, Long> sendSeq = new ConcurrentHashMap<>();
  private final Map<PartyId, Long> receiveSeq = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Optional<SessionFailedException> failure = Optional.empty();

  protected AbstractPartyChannel(
      SessionId session, PartyId self, List<PartyId> parties, Duration timeout) {
    this(session, self, parties, timeout, DEFAULT_MAX_DURATION);
  }

  /**
   * @param timeout the liveness window: how long a peer may stay silent during a wait
   * @param maxDuration the bound on the whole session, counted from now
   */
  protected AbstractPartyChannel(
      SessionId session,
      PartyId self,
      List<PartyId> parties,
      Duration timeout,
      Duration maxDuration) {
    this.session = session;
    this.self = self;
    List<PartyId> sorted = new ArrayList<>(parties);
    sorted.sort(null);
    if (sorted.stream().distinct().count() != sorted.size() || !sorted.contains(self)) {
      throw new IllegalArgumentException("parties must be distinct and include self");
    }
    this.parties = List.copyOf(sorted);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    this.timeout = timeout;
    if (maxDuration.compareTo(timeout) < 0) {
      throw new IllegalArgumentException("maxDuration must be at least the timeout");
    }
    this.maxDuration = maxDuration;
    this.hardEnd = System.nanoTime() + maxDuration.toNanos();
    for (PartyId p : this.parties) {
      if (!p.equals(self)) {
        inboxes.put(p, new Inbox());
        sendSeq.put(p, 0L);
        receiveSeq.put(p, 0L);
      }
    }
  }

  /** Puts one encoded frame on the link to {@code to}, waiting at most {@link #timeout()}. */
  protected abstract void transmit(PartyId to, byte[] frame) throws SessionFailedException;

  /** Frees the transport's resources for this session (called once, on close). */
  protected abstract void release();

  /** The inbox for frames from {@code from}; empty if {@code from} is not a party. */
  protected final Optional<Inbox> inbox(PartyId from) {
    return Optional.ofNullable(inboxes.get(from));
  }

  @Override
  public final SessionId session() {
    return session;
  }

  @Override
  public final PartyId self() {
    return self;
  }

  @Override
  public final List<PartyId> parties() {
    return parties;
  }

  @Override
  public final Duration timeout() {
    return timeout;
  }

  @Override
  public final Duration maxDuration() {
    return maxDuration;
  }

  /**
   * When a wait on {@code peer} that began at {@code waitStart} gives up ({@link System#nanoTime()}
   * values): {@link #timeout()} after the later of {@code waitStart} and the last frame heard from
   * the peer, and never after the session's maximum duration.
   */
  protected final long quietDeadline(PartyId peer, long waitStart) {
    Inbox in = inboxes.get(peer);
    long quiet = waitStart + timeout.toNanos();
    long bound = quiet - hardEnd < 0 ? quiet : hardEnd;
    return in == null ? bound : in.quietDeadline(waitStart, timeout.toNanos(), hardEnd);
  }

  /** The failure of a wait on {@code peer} that reached its {@link #quietDeadline}. */
  protected final SessionFailedException waitTimedOut(PartyId peer, String waitingFor) {
    String message =
        System.nanoTime() - hardEnd >= 0
            ? "session exceeded its maximum duration of " + maxDuration + " " + waitingFor
            : "nothing heard from the peer (no message, no heartbeat) within "
                + timeout
                + " "
                + waitingFor;
    return remember(failure(FailureReason.TIMEOUT, Optional.of(peer), message));
  }

  /** An encoded heartbeat to {@code to}: a frame that carries nothing (see {@link Frame}). */
  protected final byte[] heartbeat(PartyId to) {
    return Frame.heartbeat(session, self, to).encode();
  }

  /** Builds a failure of this session. */
  protected final SessionFailedException failure(
      FailureReason reason, Optional<PartyId> culprit, String message) {
    return new SessionFailedException(reason, session, culprit, message);
  }

  @Override
  public final void send(PartyId to, int round, byte[] payload) throws SessionFailedException {
    checkUsable();
    Long seq = sendSeq.get(to);
    if (seq == null) {
      throw failure(FailureReason.INVALID_SESSION, Optional.of(to), "not a party of the session");
    }
    sendSeq.put(to, seq + 1);
    transmit(to, new Frame(Frame.Kind.DATA, session, self, to, round, seq, payload).encode());
  }

  @Override
  public final byte[] receive(PartyId from, int round) throws SessionFailedException {
    checkUsable();
    Inbox in = inboxes.get(from);
    if (in == null) {
      throw failure(FailureReason.INVALID_SESSION, Optional.of(from), "not a party of the session");
    }
    while (true) {
      Optional<byte[]> payload = receiveOne(in, from, round);
      if (payload.isPresent()) {
        return payload.get();
      }
    }
  }

  /** The next frame's payload, or empty for a heartbeat (which only proves the peer alive). */
  private Optional<byte[]> receiveOne(Inbox in, PartyId from, int round)
      throws SessionFailedException {
    Optional<Object> next;
    try {
      next = in.take(timeout, hardEnd);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(FailureReason.CANCELLED, Optional.empty(), "interrupted while waiting");
    }
    if (next.isEmpty()) {
      throw waitTimedOut(from, "while waiting for a message of round " + round);
    }
    if (next.get() instanceof Inbox.End end) {
      // A local close (CANCELLED) is this party's own doing, not the peer's.
      Optional<PartyId> culprit =
          end.reason() == FailureReason.CANCELLED ? Optional.empty() : Optional.of(from);
      throw remember(failure(end.reason(), culprit, end.message()));
    }
    Frame f;
    try {
      f = Frame.decode((byte[]) next.get());
    } catch (Frame.MalformedFrameException e) {
      throw remember(failure(FailureReason.MALFORMED_MESSAGE, Optional.of(from), e.getMessage()));
    }
    if (!f.session().equals(session) || !f.receiver().equals(self)) {
      throw remember(
          failure(
              FailureReason.PROTOCOL_VIOLATION, Optional.of(from), "frame for another session"));
    }
    if (!f.sender().equals(from)) {
      throw remember(
          failure(
              FailureReason.UNAUTHENTICATED_PEER,
              Optional.of(from),
              "frame claims to be from " + f.sender()));
    }
    if (f.kind() == Frame.Kind.ABORT) {
      byte[] p = f.payloadUnsafe();
      int code = p.length >= 4 ? ByteBuffer.wrap(p).getInt() : FailureReason.INTERNAL_ERROR.code();
      // After the code, the party the aborting peer blames, if any (so that a failure deep in a
      // session is recorded against the party that caused it, not the first one to give up).
      String blamed =
          p.length > 4 && p.length <= 4 + MAX_BLAMED_BYTES
              ? new String(p, 4, p.length - 4, StandardCharsets.UTF_8)
              : "";
      throw remember(
          failure(
              FailureReason.PEER_ABORTED,
              Optional.of(from),
              "peer failed with "
                  + FailureReason.fromCode(code)
                  + (blamed.isEmpty() ? "" : ", caused by party " + blamed)));
    }
    if (f.kind() == Frame.Kind.HEARTBEAT) {
      return Optional.empty(); // the inbox noted it on arrival; it carries nothing
    }
    long expected = receiveSeq.get(from);
    if (f.seq() != expected) {
      throw remember(
          failure(
              FailureReason.PROTOCOL_VIOLATION,
              Optional.of(from),
              "sequence " + f.seq() + ", expected " + expected));
    }
    receiveSeq.put(from, expected + 1);
    if (f.round() != round) {
      throw remember(
          failure(
              FailureReason.PROTOCOL_VIOLATION,
              Optional.of(from),
              "round " + f.round() + ", expected " + round));
    }
    return Optional.of(f.payloadUnsafe());
  }

  @Override
  public final void abort(SessionFailedException cause) {
    if (failure.isEmpty()) {
      failure = Optional.of(cause);
    }
    if (!closed.get()) {
      byte[] blamed =
          cause.culprit().map(c -> c.value().getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
      if (blamed.length > MAX_BLAMED_BYTES) {
        blamed = new byte[0];
      }
      byte[] code =
          ByteBuffer.allocate(4 + blamed.length).putInt(cause.reason().code()).put(blamed).array();
      for (PartyId p : inboxes.keySet()) {
        if (cause.culprit().filter(p::equals).isPresent() && linkBroken(cause.reason())) {
          continue; // the culprit's link is the broken one; do not wait on it
        }
        try {
          long seq = sendSeq.get(p);
          sendSeq.put(p, seq + 1);
          transmit(p, new Frame(Frame.Kind.ABORT, session, self, p, -1, seq, code).encode());
        } catch (SessionFailedException | RuntimeException e) {
          // Best effort: a peer that cannot be told will time out on its own.
        }
      }
    }
    close();
  }

  @Override
  public final void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        release();
      } finally {
        inboxes.values().forEach(i -> i.close(FailureReason.CANCELLED, "channel is closed"));
      }
    }
  }

  /** Whether {@link #close()} has run. */
  public final boolean isClosed() {
    return closed.get();
  }

  private static boolean linkBroken(FailureReason r) {
    return r == FailureReason.TIMEOUT
        || r == FailureReason.PEER_DISCONNECTED
        || r == FailureReason.PEER_UNREACHABLE
        || r == FailureReason.PEER_ABORTED;
  }

  private SessionFailedException remember(SessionFailedException e) {
    if (failure.isEmpty()) {
      failure = Optional.of(e);
    }
    return e;
  }

  private void checkUsable() throws SessionFailedException {
    if (failure.isPresent()) {
      throw failure.get();
    }
    if (closed.get()) {
      throw failure(FailureReason.CANCELLED, Optional.empty(), "channel is closed");
    }
  }
}
