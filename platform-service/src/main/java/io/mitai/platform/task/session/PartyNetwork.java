package io.mitai.platform.task.session;

import io.mitai.compute.session.FailureReason;
import io.mitai.compute.session.MapPartyDirectory;
import io.mitai.compute.session.PartyEndpoint;
import io.mitai.compute.session.PartyId;
import io.mitai.compute.session.PartyIdentity;
import io.mitai.compute.session.TlsPartyTransport;
import io.mitai.ledger.verify.PublicKeys;
import io.mitai.platform.boot.NodeMode;
import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.keys.KeyVault;
import io.mitai.platform.keys.OrgKeys;
import io.mitai.platform.keys.Pem;
import io.mitai.platform.ledger.projection.ProjectedOrganisation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The compute parties of the organisations this node hosts: one {@link TlsPartyTransport} per
 * organisation, each on its own port and authenticated by its own X.509 identity (the
 * organisation's ledger identity key and certificate), so parties in one process still talk through
 * mutual TLS exactly as across a federation.
 *
 * <p>The directory the transports trust holds only what the ledger registered: a hosted party is
 * admitted if its certificate carries the key its organisation registered; a party of another node
 * (federation) is dialled at the {@code grpcs://host:port} endpoint its organisation registered and
 * must present that registration's key. Remote parties are (re)loaded from the projection of the
 * registry every few seconds, so a peer that dials first is already known. A handshake from
 * anything else is refused by the transport.
 */
@ApplicationScoped
public class PartyNetwork {

  private static final Logger LOG = Logger.getLogger(PartyNetwork.class);

  @Inject HostedOrganisations hosted;
  @Inject KeyVault keys;

  /** Address the parties listen on and publish (sandbox: loopback). */
  @ConfigProperty(name = "mitai.compute.host", defaultValue = "127.0.0.1")
  String host;

  /** First party port (the i-th hosted organisation listens on port + i); 0: ports the OS picks. */
  @ConfigProperty(name = "mitai.compute.port", defaultValue = "0")
  int basePort;

  /** The host other nodes dial (federation); defaults to {@code mitai.compute.host}. */
  @ConfigProperty(name = "mitai.compute.advertised-host")
  Optional<String> advertisedHost;

  /**
   * How often a party sends a heartbeat on each stream of an open session (at most a third of the
   * session's liveness window), so that peers keep waiting while it computes; 0s: none.
   */
  @ConfigProperty(name = "mitai.compute.session-heartbeat", defaultValue = "5s")
  Duration heartbeat;

  /** The node's address published in a sandbox's organisation records. */
  @ConfigProperty(name = "mitai.node.endpoint", defaultValue = "http://127.0.0.1:8080")
  String nodeEndpoint;

  private final MapPartyDirectory directory = new MapPartyDirectory();
  private final Map<String, TlsPartyTransport> transports = new TreeMap<>();

  /** A session's party could not be admitted; the reason and message say why. */
  public static final class NotAdmitted extends Exception {
    private static final long serialVersionUID = 1L;
    private final FailureReason reason;
    private final PartyId party;

    NotAdmitted(FailureReason reason, PartyId party, String message) {
      super(message);
      this.reason = reason;
      this.party = party;
    }

    public FailureReason reason() {
      return reason;
    }

    public PartyId party() {
      return party;
    }
  }

  void onStart(@Observes @Priority(30) StartupEvent event) {
    if (hosted.mode() == NodeMode.FEDERATION && basePort == 0) {
      throw new IllegalStateException(
          "mitai.mode=federation: set mitai.compute.port, the fixed port other nodes dial (it is"
              + " published on the ledger)");
    }
    startAll();
    refreshRemoteParties();
  }

  /**
   * The endpoint an organisation publishes in its ledger record: in federation its party's {@code
   * grpcs://host:port}, which other nodes dial; in a sandbox the node's own address (every party
   * runs here).
   */
  public String publishedEndpoint(String orgId) {
    if (hosted.mode() != NodeMode.FEDERATION) {
      return nodeEndpoint;
    }
    int port = basePort + hosted.ids().indexOf(orgId);
    return new ComputeEndpoint(advertisedHost.orElse(host), port).toString();
  }

  /**
   * Loads every registered organisation not hosted here that published a compute endpoint into the
   * directory, so that its party can dial ours (and ours it).
   */
  @Scheduled(every = "3s", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refreshRemoteParties() {
    for (ProjectedOrganisation o : registeredOrganisations().values()) {
      if (!hosted.hosts(o.id)) {
        remoteEndpoint(o).ifPresent(directory::register);
      }
    }
  }

  /** Registered organisations not hosted here whose parties this node can dial. */
  public Set<String> remoteParties() {
    Set<String> remote = new TreeSet<>();
    for (ProjectedOrganisation o : registeredOrganisations().values()) {
      if (!hosted.hosts(o.id) && remoteEndpoint(o).isPresent()) {
        remote.add(o.id);
      }
    }
    return remote;
  }

  private static Map<String, ProjectedOrganisation> registeredOrganisations() {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Map<String, ProjectedOrganisation> all = new TreeMap<>();
              for (ProjectedOrganisation o :
                  ProjectedOrganisation.<ProjectedOrganisation>listAll()) {
                all.put(o.id, o);
              }
              return all;
            });
  }

  private static Optional<PartyEndpoint> remoteEndpoint(ProjectedOrganisation o) {
    Optional<ComputeEndpoint> at = ComputeEndpoint.parse(o.endpoint);
    if (at.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new PartyEndpoint(
              PartyId.of(o.id), at.get().host(), at.get().port(), PublicKeys.fromPem(o.publicKey)));
    } catch (GeneralSecurityException e) {
      LOG.warnf("organisation %s registered an unusable public key: %s", o.id, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * (Re)starts the party of every hosted organisation. All of them together, because a transport
   * keeps its connections to peers: a party restarted alone on a new port would be dialled at the
   * old one.
   */
  public synchronized void startAll() {
    List<String> ids = hosted.ids();
    ids.forEach(this::stop);
    for (int i = 0; i < ids.size(); i++) {
      start(ids.get(i), basePort == 0 ? 0 : basePort + i);
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    List<String> ids;
    synchronized (this) {
      ids = List.copyOf(transports.keySet());
    }
    ids.forEach(this::stop);
  }

  private int start(String orgId, int port) {
    OrgKeys org = keys.organisation(orgId);
    PartyIdentity identity =
        new PartyIdentity(PartyId.of(orgId), org.certificate(), org.identity().getPrivate());
    try {
      TlsPartyTransport transport =
          TlsPartyTransport.start(
              identity, new InetSocketAddress(host, port), directory, heartbeat);
      transports.put(orgId, transport);
      LOG.infof(
          "compute party of %s listening on %s:%d (mutual TLS)", orgId, host, transport.port());
      return transport.port();
    } catch (IOException e) {
      throw new UncheckedIOException("the compute party of " + orgId + " cannot listen", e);
    }
  }

  /** Stops an organisation's party; its open sessions fail. */
  public synchronized void stop(String orgId) {
    TlsPartyTransport transport = transports.remove(orgId);
    if (transport != null) {
      transport.close();
      LOG.infof("compute party of %s stopped", orgId);
    }
  }

  /** The running party of a hosted organisation. */
  public synchronized Optional<TlsPartyTransport> transport(String orgId) {
    return Optional.ofNullable(transports.get(orgId));
  }

  /** The port a hosted organisation's party listens on. */
  public synchronized Optional<Integer> port(String orgId) {
    return transport(orgId).map(TlsPartyTransport::port);
  }

  /** A party's endpoint as the transports currently pin it (after {@link #admit}). */
  public Optional<PartyEndpoint> endpoint(PartyId party) {
    return directory.endpoint(party);
  }

  /**
   * Admits a party this node attested itself (the enclave dealer): pinned to the key its evidence
   * binds, for this session.
   */
  public void admitAttested(PartyEndpoint attested) {
    directory.register(attested);
  }

  /**
   * Admits a session's parties to the directory. A party hosted here must run and present the key
   * its organisation registered on the ledger; any other party must be registered with a compute
   * endpoint this node can dial, and is then authenticated by that registration's key.
   */
  public void admit(List<PartyId> parties) throws NotAdmitted {
    Map<String, ProjectedOrganisation> registered = registeredOrganisations();
    for (PartyId p : parties) {
      ProjectedOrganisation onLedger = registered.get(p.value());
      if (onLedger == null) {
        throw new NotAdmitted(
            FailureReason.UNAUTHENTICATED_PEER,
            p,
            p + " is not a registered organisation on the ledger");
      }
      if (!hosted.hosts(p.value())) {
        PartyEndpoint remote =
            remoteEndpoint(onLedger)
                .orElseThrow(
                    () ->
                        new NotAdmitted(
                            FailureReason.PEER_UNREACHABLE,
                            p,
                            p
                                + " runs on another node, and its registered endpoint '"
                                + onLedger.endpoint
                                + "' is not a compute endpoint (grpcs://host:port)"));
        directory.register(remote);
        continue;
      }
      TlsPartyTransport transport =
          transport(p.value())
              .orElseThrow(
                  () ->
                      new NotAdmitted(
                          FailureReason.PEER_UNREACHABLE,
                          p,
                          "the compute party of " + p + " is not running on this node"));
      OrgKeys org = keys.organisation(p.value());
      if (!onLedger.publicKey.equals(Pem.publicKey(org.certificate().getPublicKey()))) {
        throw new NotAdmitted(
            FailureReason.UNAUTHENTICATED_PEER,
            p,
            "the party certificate of " + p + " does not carry the key registered on the ledger");
      }
      directory.register(
          new PartyEndpoint(p, host, transport.port(), org.certificate().getPublicKey()));
    }
  }
}
