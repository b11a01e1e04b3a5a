package io.mitai.compute.session;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The party-to-party transport: gRPC bidirectional streams over mutually authenticated TLS.
 *
 * <p>One instance per organisation party (the node starts one per hosted organisation; in sandbox
 * mode several on loopback ports in one JVM). It listens for peers and dials them; each session
 * opens one stream per ordered pair of parties, carrying {@link Frame}s. A connection whose client
 * certificate does not carry a registered party's key is refused at the handshake; a frame whose
 * sender is not the authenticated peer fails the session. Flow control is per stream: a receiver
 * grants the sender one message per message consumed, so memory per link is bounded by {@link
 * Inbox#CAPACITY} frames.
 *
 * <p>Liveness: while a session is open, the transport sends a {@link Frame.Kind#HEARTBEAT} on each
 * of its outbound streams every heartbeat interval (at most a third of the session's liveness
 * window), from its own scheduler thread, so a party that is busy computing between two rounds
 * stays alive to its peers however long it computes. A heartbeat is handled as it arrives (it
 * resets the liveness window of waits on that peer and is granted its flow-control credit back at
 * once); it never reaches the protocol. A stream that is not ready (the peer has not consumed our
 * earlier frames) gets no heartbeat: that peer is busy and not waiting on us. A stopped or frozen
 * process sends none, so its peers give up one window after they last heard from it.
 *
 * <p>No protobuf: the single method carries raw frame bytes through a byte-array marshaller.
 */
public final class TlsPartyTransport implements AutoCloseable {
  /** The heartbeat interval when the caller gives none. */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(5);

  private final PartyIdentity identity;
  private final PartyDirectory directory;
  private final Server server;
  private final Duration heartbeat;
  private final Optional<ScheduledExecutorService> beats;

  /**
   * Runs this transport's gRPC callbacks (server and channels). gRPC's shared default executor
   * keeps idle threads for a minute after use; an executor of our own ends with {@link #close()}.
   */
  private final ExecutorService calls;

  /** The connection to each peer, with the endpoint it was dialled at and pins. */
  private final Map<PartyId, Dialled> peers = new HashMap<>();

  private record Dialled(PartyEndpoint endpoint, ManagedChannel channel) {}

  private final Map<SessionId, TlsChannel> sessions = new HashMap<>();
  private final Map<SessionId, List<InboundStream>> pending = new HashMap<>();
  private boolean closed;

  private TlsPartyTransport(
      PartyIdentity identity,
      PartyDirectory directory,
      Server server,
      ExecutorService calls,
      Duration heartbeat) {
    this.identity = identity;
    this.calls = calls;
    this.directory = directory;
    this.server = server;
    this.heartbeat = heartbeat;
    this.beats =
        heartbeat.isZero()
            ? Optional.empty()
            : Optional.of(
                Executors.newSingleThreadScheduledExecutor(
                    r -> {
                      Thread t = new Thread(r, "mitai-heartbeat-" + identity.id());
                      t.setDaemon(true);
                      return t;
                    }));
  }

  /** Starts listening on {@code bind} (port 0 picks a free port; see {@link #port()}). */
  public static TlsPartyTransport start(
      PartyIdentity identity, InetSocketAddress bind, PartyDirectory directory) throws IOException {
    return start(identity, bind, directory, DEFAULT_HEARTBEAT);
  }

  /**
   * Starts listening on {@code bind}, sending heartbeats on open sessions every {@code heartbeat}
   * (or a third of a session's liveness window, if shorter); {@link Duration#ZERO} sends none.
   */
  public static TlsPartyTransport start(
      PartyIdentity identity, InetSocketAddress bind, PartyDirectory directory, Duration heartbeat)
      throws IOException {
    if (heartbeat.isNegative()) {
      throw new IllegalArgumentException("heartbeat must not be negative");
    }
    TlsServerCredentials.Builder creds =
        TlsServerCredentials.newBuilder()
            .keyManager(PartyWire.keyManagers(identity))
            .trustManager(new PinnedTrustManager(c -> directory.identify(c).isPresent()))
            .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
    TlsPartyTransport[] self = new TlsPartyTransport[1];
    AtomicInteger callThreads = new AtomicInteger();
    ExecutorService calls =
        Executors.newCachedThreadPool(
            r -> {
              Thread t =
                  new Thread(
                      r, "mitai-grpc-" + identity.id() + "-" + callThreads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    ServerServiceDefinition service =
        ServerServiceDefinition.builder(PartyWire.SERVICE)
            .addMethod(PartyWire.EXCHANGE, (call, headers) -> self[0].accept(call))
            .build();
    Server server =
        NettyServerBuilder.forAddress(bind, creds.build())
            .addService(service)
            .executor(calls)
            .maxInboundMessageSize(Frame.MAX_PAYLOAD + 1024)
            .build();
    self[0] = new TlsPartyTransport(identity, directory, server, calls, heartbeat);
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      self[0].beats.ifPresent(ScheduledExecutorService::shutdownNow);
      calls.shutdownNow();
      throw e;
    }
    return self[0];
  }

  public int port() {
    return server.getPort();
  }

  public PartyId self() {
    return identity.id();
  }

  /**
   * Joins a session bounded by {@link AbstractPartyChannel#DEFAULT_MAX_DURATION}; see {@link
   * #openSession(SessionId, List, Duration, Duration)}.
   */
  public PartyChannel openSession(SessionId session, List<PartyId> parties, Duration timeout)
      throws SessionFailedException {
    return openSession(session, parties, timeout, AbstractPartyChannel.DEFAULT_MAX_DURATION);
  }

  /**
   * Joins a session: opens streams to every other party and binds streams they opened to us. The
   * channel must be closed (ComputeEngine does) to free them.
   *
   * @param timeout the liveness window: a wait fails once a peer has been silent this long
   * @param maxDuration the bound on the whole session, whatever the peers send
   */
  public PartyChannel openSession(
      SessionId session, List<PartyId> parties, Duration timeout, Duration maxDuration)
      throws SessionFailedException {
    return openSession(session, parties, java.util.Set.of(), timeout, maxDuration);
  }

  /**
   * Joins a session in which the parties {@code admittedLater} are not yet in the directory (an
   * enclave dealer another node attested, whose key this party learns inside the session): no
   * stream goes to them, and none of theirs is accepted, until {@link #connect} once the directory
   * pins them.
   */
  public PartyChannel openSession(
      SessionId session,
      List<PartyId> parties,
      java.util.Set<PartyId> admittedLater,
      Duration timeout,
      Duration maxDuration)
      throws SessionFailedException {
    TlsChannel ch;
    synchronized (this) {
      if (closed) {
        throw new SessionFailedException(
            FailureReason.CANCELLED, session, Optional.empty(), "transport is closed");
      }
      if (sessions.containsKey(session)) {
        throw new SessionFailedException(
            FailureReason.INVALID_SESSION, session, Optional.empty(), "session already open");
      }
      ch = new TlsChannel(session, parties, timeout, maxDuration);
      sessions.put(session, ch);
      for (InboundStream s : pending.getOrDefault(session, List.of())) {
        s.bind(ch);
      }
      pending.remove(session);
    }
    for (PartyId p : ch.parties()) {
      if (!p.equals(identity.id()) && !admittedLater.contains(p)) {
        ch.links.put(p, new OutboundLink(ch, p, channelTo(session, p)));
      }
    }
    ch.startHeartbeats();
    return ch;
  }

  /**
   * Opens this party's stream to {@code party} in an open session, now that the directory pins it
   * (see {@link #openSession(SessionId, List, java.util.Set, Duration, Duration)}).
   */
  public void connect(SessionId session, PartyId party) throws SessionFailedException {
    TlsChannel ch;
    synchronized (this) {
      ch = sessions.get(session);
    }
    if (ch == null || !ch.parties().contains(party) || party.equals(identity.id())) {
      throw new SessionFailedException(
          FailureReason.INVALID_SESSION,
          session,
          Optional.of(party),
          "not a party of an open session here");
    }
    ManagedChannel mc = channelTo(session, party);
    ch.links.computeIfAbsent(party, p -> new OutboundLink(ch, p, mc));
  }

  /** Number of sessions currently open (for leak checks). */
  public synchronized int openSessions() {
    return sessions.size();
  }

  /**
   * The connection to {@code peer} at the endpoint the directory pins now. A peer that returned at
   * another address or with another key (a re-registered organisation, the next enclave dealer) is
   * dialled afresh: a connection pins the key it was built with.
   */
  private synchronized ManagedChannel channelTo(SessionId session, PartyId peer)
      throws SessionFailedException {
    PartyEndpoint ep =
        directory
            .endpoint(peer)
            .orElseThrow(
                () ->
                    new SessionFailedException(
                        FailureReason.PEER_UNREACHABLE,
                        session,
                        Optional.of(peer),
                        "no registered endpoint"));
    Dialled existing = peers.get(peer);
    if (existing != null && existing.endpoint().sameAs(ep)) {
      return existing.channel();
    }
    if (existing != null) {
      // Streams of sessions still open on it finish; no new one starts there.
      existing.channel().shutdown();
    }
    TlsChannelCredentials.Builder creds =
        TlsChannelCredentials.newBuilder()
            .keyManager(PartyWire.keyManagers(identity))
            .trustManager(new PinnedTrustManager(ep::presentedBy));
    ManagedChannel mc =
        Grpc.newChannelBuilderForAddress(ep.host(), ep.port(), creds.build())
            .executor(calls)
            .offloadExecutor(calls)
            .maxInboundMessageSize(Frame.MAX_PAYLOAD + 1024)
            .build();
    peers.put(peer, new Dialled(ep, mc));
    return mc;
  }

  /** Stops the server and every connection; open sessions fail with CANCELLED. */
  @Override
  public void close() {
    List<TlsChannel> open;
    synchronized (this) {
      closed = true;
      open = new ArrayList<>(sessions.values());
    }
    for (TlsChannel ch : open) {
      ch.close();
    }
    beats.ifPresent(ScheduledExecutorService::shutdownNow);
    server.shutdownNow();
    List<ManagedChannel> channels;
    synchronized (this) {
      channels = new ArrayList<>(peers.values().stream().map(Dialled::channel).toList());
      peers.clear();
    }
    channels.forEach(ManagedChannel::shutdownNow);
    try {
      if (beats.isPresent()) {
        beats.get().awaitTermination(5, TimeUnit.SECONDS);
      }
      server.awaitTermination(5, TimeUnit.SECONDS);
      for (ManagedChannel c : channels) {
        c.awaitTermination(5, TimeUnit.SECONDS);
      }
      calls.shutdown();
      calls.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // --- inbound ------------------------------------------------------------------------------

  private ServerCall.Listener<byte[]> accept(ServerCall<byte[], byte[]> call) {
    Optional<PartyId> peer =
        authenticatedPeer(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
    if (peer.isEmpty()) {
      call.close(
          Status.UNAUTHENTICATED.withDescription("unregistered party certificate"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    InboundStream s = new InboundStream(this, call, peer.get());
    call.request(Inbox.CAPACITY);
    return s;
  }

  private Optional<PartyId> authenticatedPeer(SSLSession ssl) {
    if (ssl == null) {
      return Optional.empty();
    }
    try {
      Certificate[] chain = ssl.getPeerCertificates();
      if (chain.length > 0 && chain[0] instanceof X509Certificate x) {
        return directory.identify(x);
      }
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /**
   * Binds a stream's first frame to its session, or parks the stream until this party opens that
   * session. Called by {@link InboundStream} holding the transport's lock.
   */
  void route(InboundStream stream, SessionId session) {
    TlsChannel ch = sessions.get(session);
    if (ch == null) {
      pending.computeIfAbsent(session, k -> new ArrayList<>()).add(stream);
    } else {
      stream.bind(ch);
    }
  }

  /** Forgets a parked stream that broke. Called holding the transport's lock. */
  void unpark(InboundStream stream, SessionId session) {
    List<InboundStream> l = pending.get(session);
    if (l != null) {
      l.remove(stream);
    }
  }

  /** One session's channel over this transport. */
  final class TlsChannel extends AbstractPartyChannel {
    final Map<PartyId, OutboundLink> links = new java.util.concurrent.ConcurrentHashMap<>();
    final List<InboundStream> inbound = new ArrayList<>();

    private Optional<ScheduledFuture<?>> beating = Optional.empty();

    TlsChannel(SessionId session, List<PartyId> parties, Duration timeout, Duration maxDuration) {
      super(session, identity.id(), parties, timeout, maxDuration);
    }

    /** Heartbeats on every outbound link until the channel is released. */
    void startHeartbeats() {
      if (beats.isEmpty()) {
        return;
      }
      Duration third = timeout().dividedBy(3);
      long every = Math.max(1, (heartbeat.compareTo(third) < 0 ? heartbeat : third).toMillis());
      synchronized (this) {
        if (isClosed()) {
          return;
        }
        try {
          beating =
              Optional.of(
                  beats
                      .get()
                      .scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.RejectedExecutionException e) {
          // The transport is closing; the session fails as CANCELLED.
        }
      }
    }

    private void beat() {
      for (Map.Entry<PartyId, OutboundLink> l : links.entrySet()) {
        l.getValue().heartbeat(heartbeat(l.getKey()));
      }
    }

    Optional<Inbox> inboxFor(PartyId p) {
      return inbox(p);
    }

    SessionFailedException fail(FailureReason reason, PartyId peer, String message) {
      return failure(reason, Optional.of(peer), message);
    }

    @Override
    protected void transmit(PartyId to, byte[] frame) throws SessionFailedException {
      OutboundLink link = links.get(to);
      if (link == null) {
        throw fail(FailureReason.INVALID_SESSION, to, "no link");
      }
      link.send(frame);
    }

    @Override
    protected void release() {
      synchronized (this) {
        beating.ifPresent(b -> b.cancel(false));
      }
      links.values().forEach(OutboundLink::finish);
      List<InboundStream> in;
      synchronized (TlsPartyTransport.this) {
        sessions.remove(session());
        in = new ArrayList<>(inbound);
        inbound.clear();
      }
      // Streams the peers opened to us: end them, so a peer still waiting on us fails fast.
      in.forEach(s -> s.closeCall(Status.CANCELLED.withDescription("session closed")));
      links.clear();
    }
  }
}
