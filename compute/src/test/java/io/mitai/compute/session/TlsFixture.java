package io.mitai.compute.session;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Organisation certificates made with Bouncy Castle, and parties on loopback TLS ports. */
public final class TlsFixture implements AutoCloseable {
  public final MapPartyDirectory directory = new MapPartyDirectory();
  public final Map<PartyId, TlsPartyTransport> transports = new TreeMap<>();
  public final Map<PartyId, PartyIdentity> identities = new TreeMap<>();

  public static PartyIdentity identity(String org) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair kp = g.generateKeyPair();
      Instant now = Instant.now();
      X500Name name = new X500Name("CN=" + org + ",O=" + org);
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(
                  new JcaX509v3CertificateBuilder(
                          name,
                          BigInteger.valueOf(now.toEpochMilli()),
                          Date.from(now.minus(1, ChronoUnit.HOURS)),
                          Date.from(now.plus(1, ChronoUnit.DAYS)),
                          name,
                          kp.getPublic())
                      .build(
                          new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
      return new PartyIdentity(PartyId.of(org), cert, kp.getPrivate());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
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
