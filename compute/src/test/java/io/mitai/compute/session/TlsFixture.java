package io.mitai.compute.session;

import io.mitai.testsupport.TestCertificates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Organisation certificates (the shared {@link TestCertificates}), and parties on loopback TLS
 * ports.
 */
public final class TlsFixture implements AutoCloseable {
  public final MapPartyDirectory directory = new MapPartyDirectory();
  public final Map<PartyId, TlsPartyTransport> transports = new TreeMap<>();
  public final Map<PartyId, PartyIdentity> identities = new TreeMap<>();

  /** An organisation's identity: a fresh self-signed P-256 certificate, {@code CN=O=org}. */
  public static PartyIdentity identity(String org) {
    TestCertificates.KeyedCertificate cert =
        TestCertificates.selfSignedIdentity("CN=" + org + ",O=" + org);
    return new PartyIdentity(PartyId.of(org), cert.certificate(), cert.privateKey());
  }

  /** Starts one transport per party on 127.0.0.1 and registers each in the shared directory. */
  public static TlsFixture start(List<PartyId> parties) throws IOException {
    return start(parties, TlsPartyTransport.DEFAULT_HEARTBEAT);
  }

  /** As {@link #start(List)}, every transport sending heartbeats every {@code heartbeat}. */
  public static TlsFixture start(List<PartyId> parties, java.time.Duration heartbeat)
      throws IOException {
    TlsFixture f = new TlsFixture();
    for (PartyId p : parties) {
      f.add(identity(p.value()), true, heartbeat);
    }
    return f;
  }

  /** Starts a transport for an identity; registers it in the directory only if asked. */
  public TlsPartyTransport add(PartyIdentity id, boolean register) throws IOException {
    return add(id, register, TlsPartyTransport.DEFAULT_HEARTBEAT);
  }

  /** As {@link #add(PartyIdentity, boolean)} with the given heartbeat interval (ZERO: none). */
  public TlsPartyTransport add(PartyIdentity id, boolean register, java.time.Duration heartbeat)
      throws IOException {
    TlsPartyTransport t =
        TlsPartyTransport.start(id, new InetSocketAddress("127.0.0.1", 0), directory, heartbeat);
    transports.put(id.id(), t);
    identities.put(id.id(), id);
    if (register) {
      directory.register(
          new PartyEndpoint(id.id(), "127.0.0.1", t.port(), id.certificate().getPublicKey()));
    }
    return t;
  }

  @Override
  public void close() {
    transports.values().forEach(TlsPartyTransport::close);
  }
}
