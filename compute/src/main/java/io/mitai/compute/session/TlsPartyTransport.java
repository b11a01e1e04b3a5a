package io.mitai.compute.session;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
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
import javax.net.ssl.KeyManagerFactory;
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
  static final String SERVICE = "mitai.compute.v1.Party";

  static final MethodDescriptor<byte[], byte[]> EXCHANGE =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Exchange"))
          .setRequestMarshaller(new BytesMarshaller())
          .setResponseMarshaller(new BytesMarshaller())
          .build();

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

  private final Map<PartyId, ManagedChannel> peers = new HashMap<>();
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
            .keyManager(keyManagers(identity))
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
        ServerServiceDefinition.builder(SERVICE)
            .addMethod(EXCHANGE, (call, headers) -> self[0].accept(call))
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
      if (!p.equals(identity.id())) {
        ch.links.put(p, new OutboundLink(ch, p, channelTo(session, p)));
      }
    }
    ch.startHeartbeats();
    return ch;
  }

  /** Number of sessions currently open (for leak checks). */
  public synchronized int openSessions() {
    return sessions.size();
  }

  private synchronized ManagedChannel channelTo(SessionId session, PartyId peer)
      throws SessionFailedException {
    ManagedChannel existing = peers.get(peer);
    if (existing != null) {
      return existing;
    }
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
    TlsChannelCredentials.Builder creds =
        TlsChannelCredentials.newBuilder()
            .keyManager(keyManagers(identity))
            .trustManager(new PinnedTrustManager(ep::presentedBy));
    ManagedChannel mc =
        Grpc.newChannelBuilderForAddress(ep.host(), ep.port(), creds.build())
            .executor(calls)
            .offloadExecutor(calls)
            .maxInboundMessageSize(Frame.MAX_PAYLOAD + 1024)
            .build();
    peers.put(peer, mc);
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
      channels = new ArrayList<>(peers.values());
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
    InboundStream s = new InboundStream(call, peer.get());
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

  /** A stream a peer opened to us, carrying its frames of one session. */
  private final class InboundStream extends ServerCall.Listener<byte[]> {
    private final ServerCall<byte[], byte[]> call;
    private final PartyId peer;
    private final List<byte[]> early = new ArrayList<>();
    private Optional<SessionId> session = Optional.empty();
    private Optional<Inbox> inbox = Optional.empty();
    private boolean done;

    InboundStream(ServerCall<byte[], byte[]> call, PartyId peer) {
      this.call = call;
      this.peer = peer;
    }

    @Override
    public void onMessage(byte[] frame) {
      synchronized (TlsPartyTransport.this) {
        if (session.isEmpty()) {
          Frame f;
          try {
            f = Frame.decode(frame);
          } catch (Frame.MalformedFrameException e) {
            closeCall(Status.INVALID_ARGUMENT.withDescription("malformed first frame"));
            return;
          }
          if (!f.sender().equals(peer)) {
            closeCall(
                Status.PERMISSION_DENIED.withDescription("sender is not the authenticated peer"));
            return;
          }
          session = Optional.of(f.session());
          TlsChannel ch = sessions.get(f.session());
          if (ch == null) {
            pending.computeIfAbsent(f.session(), k -> new ArrayList<>()).add(this);
          } else {
            bind(ch);
          }
        }
        if (Frame.looksLikeHeartbeat(frame) && isHeartbeat(frame)) {
          // Out of band: proves the peer alive, takes no inbox space, and its credit is returned.
          inbox.ifPresent(Inbox::heard);
          grant();
          return;
        }
        if (inbox.isPresent()) {
          inbox.get().add(frame);
        } else {
          early.add(frame);
        }
      }
    }

    /**
     * Whether {@code frame} is a well-formed heartbeat from this stream's peer to us in its
     * session. Anything else that claims to be one is queued like data, and fails the session on
     * receipt.
     */
    private boolean isHeartbeat(byte[] frame) {
      try {
        Frame f = Frame.decode(frame);
        return f.kind() == Frame.Kind.HEARTBEAT
            && f.sender().equals(peer)
            && f.receiver().equals(identity.id())
            && session.filter(f.session()::equals).isPresent();
      } catch (Frame.MalformedFrameException e) {
        return false;
      }
    }

    /** Attaches this stream to the local session channel (called under the transport lock). */
    void bind(TlsChannel ch) {
      Optional<Inbox> in = ch.inboxFor(peer);
      if (in.isEmpty()) {
        closeCall(Status.PERMISSION_DENIED.withDescription("not a party of the session"));
        return;
      }
      inbox = in;
      ch.inbound.add(this);
      in.get().onConsumed(this::grant);
      early.forEach(in.get()::add);
      early.clear();
    }

    private void grant() {
      synchronized (this) {
        if (!done) {
          call.request(1);
        }
      }
    }

    @Override
    public void onHalfClose() {
      synchronized (TlsPartyTransport.this) {
        inbox.ifPresent(i -> i.end(FailureReason.PEER_DISCONNECTED, "peer closed its stream"));
        closeCall(Status.OK);
      }
    }

    @Override
    public void onCancel() {
      synchronized (TlsPartyTransport.this) {
        inbox.ifPresent(i -> i.end(FailureReason.PEER_DISCONNECTED, "peer's stream broke"));
        session.ifPresent(
            s -> {
              List<InboundStream> l = pending.get(s);
              if (l != null) {
                l.remove(this);
              }
            });
        synchronized (this) {
          done = true;
        }
      }
    }

    void closeCall(Status status) {
      synchronized (this) {
        if (!done) {
          done = true;
          try {
            call.close(status, new Metadata());
          } catch (IllegalStateException e) {
            // Already closed by the peer's cancellation.
          }
        }
      }
    }
  }

  // --- outbound -----------------------------------------------------------------------------

  /** Our stream to one peer for one session. */
  private static final class OutboundLink extends ClientCall.Listener<byte[]> {
    private final TlsChannel ch;
    private final PartyId peer;
    private final ClientCall<byte[], byte[]> call;
    private Optional<Status> closedWith = Optional.empty();

    OutboundLink(TlsChannel ch, PartyId peer, ManagedChannel channel) {
      this.ch = ch;
      this.peer = peer;
      this.call = channel.newCall(EXCHANGE, CallOptions.DEFAULT.withWaitForReady());
      call.start(this, new Metadata());
      call.request(1);
    }

    @Override
    public synchronized void onReady() {
      notifyAll();
    }

    @Override
    public synchronized void onClose(Status status, Metadata trailers) {
      closedWith = Optional.of(status);
      notifyAll();
    }

    synchronized void send(byte[] frame) throws SessionFailedException {
      long start = System.nanoTime();
      while (closedWith.isEmpty() && !call.isReady()) {
        // The peer may be busy computing: wait while it is heard from (its heartbeats).
        long left = ch.deadline(peer, start) - System.nanoTime();
        if (left <= 0) {
          throw ch.timedOut(peer, "while waiting for the peer to accept a message");
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw ch.fail(FailureReason.CANCELLED, peer, "interrupted while sending");
        }
      }
      if (closedWith.isPresent()) {
        Status s = closedWith.get();
        FailureReason r =
            s.getCode() == Status.Code.UNAVAILABLE && s.getCause() != null
                ? FailureReason.PEER_UNREACHABLE
                : s.getCode() == Status.Code.UNAUTHENTICATED
                        || s.getCode() == Status.Code.PERMISSION_DENIED
                    ? FailureReason.UNAUTHENTICATED_PEER
                    : FailureReason.PEER_DISCONNECTED;
        throw ch.fail(r, peer, "stream closed: " + s.getCode());
      }
      call.sendMessage(frame);
    }

    /** Best effort, never blocks: sends a heartbeat if the stream can take it now. */
    synchronized void heartbeat(byte[] frame) {
      if (closedWith.isEmpty() && call.isReady()) {
        try {
          call.sendMessage(frame);
        } catch (RuntimeException e) {
          // The stream is closing; the next data send reports why.
        }
      }
    }

    synchronized void finish() {
      if (closedWith.isEmpty()) {
        try {
          call.halfClose();
        } catch (IllegalStateException e) {
          // Already closed.
        }
      }
    }
  }

  /** One session's channel over this transport. */
  private final class TlsChannel extends AbstractPartyChannel {
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

    long deadline(PartyId peer, long waitStart) {
      return quietDeadline(peer, waitStart);
    }

    SessionFailedException timedOut(PartyId peer, String waitingFor) {
      return waitTimedOut(peer, waitingFor);
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

  private static javax.net.ssl.KeyManager[] keyManagers(PartyIdentity identity) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] pw = new char[0];
      ks.setKeyEntry(
          "party", identity.privateKey(), pw, new Certificate[] {identity.certificate()});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      return kmf.getKeyManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot load the party key", e);
    }
  }

  /** Frames travel as raw bytes. */
  private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
