package io.mitai.platform.fabric;

import io.grpc.Grpc;
import io.grpc.Server;
import io.grpc.TlsServerCredentials;
import io.mitai.ledger.embedded.EmbeddedLedger;
import io.mitai.ledger.embedded.EmbeddedLedgerConfig;
import io.mitai.ledger.fabric.InProcessDeliver;
import io.mitai.ledger.fabric.InProcessGateway;
import io.mitai.ledger.testing.TestIdentities;
import io.mitai.ledger.testing.TestPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A Fabric peer for the node to talk to: audit-ledger's in-process Gateway and Deliver services,
 * backed by an embedded ledger on a database of its own, served by a real gRPC server over TLS on
 * localhost (a self-signed certificate written as the PEM CA file). Also writes MSP-like identity
 * files (signcerts PEM, PKCS#8 keystore PEM) for org1, org2 and org3, and points the node at all of
 * it.
 */
public class InProcessFabricPeer implements QuarkusTestResourceLifecycleManager {

  static final Path DIR = Path.of("target", "fabric-peer").toAbsolutePath();

  private EmbeddedLedger backing;
  private Server server;

  @Override
  public Map<String, String> start() {
    try {
      Files.createDirectories(DIR);
      KeyPair tlsKeys = TestIdentities.p256();
      Path tlsCert = write("tls-ca.pem", certificatePem("CN=localhost,O=Mitai test peer", tlsKeys));
      Path tlsKey = write("tls-key.pem", privateKeyPem(tlsKeys.getPrivate()));

      // The contract runtime scans the context class loader for the contract classes.
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(InProcessFabricPeer.class.getClassLoader());
      try {
        backing =
            EmbeddedLedger.open(
                TestPostgres.newDatabase(), TestIdentities.p256(), EmbeddedLedgerConfig.defaults());
      } finally {
        thread.setContextClassLoader(previous);
      }
      InProcessGateway gateway =
          new InProcessGateway(backing, "mitai", "mitai", TestIdentities.p256());
      server =
          Grpc.newServerBuilderForPort(
                  0, TlsServerCredentials.create(tlsCert.toFile(), tlsKey.toFile()))
              .addService(gateway)
              .addService(new InProcessDeliver(backing, gateway))
              .build()
              .start();

      Map<String, String> config = new HashMap<>();
      config.put("mitai.ledger", "fabric");
      config.put("mitai.fabric.endpoint", "localhost:" + server.getPort());
      config.put("mitai.fabric.tls-ca", tlsCert.toString());
      for (String org : List.of("org1", "org2", "org3")) {
        KeyPair keys = TestIdentities.p256();
        Path msp = DIR.resolve(org).resolve("msp");
        Files.createDirectories(msp.resolve("signcerts"));
        Files.createDirectories(msp.resolve("keystore"));
        Path cert = msp.resolve("signcerts").resolve("cert.pem");
        Path key = msp.resolve("keystore").resolve("priv_sk");
        Files.writeString(cert, certificatePem("CN=node." + org + ",O=" + org, keys));
        Files.writeString(key, privateKeyPem(keys.getPrivate()));
        config.put("mitai.fabric.identities.\"" + org + "\".certificate", cert.toString());
        config.put("mitai.fabric.identities.\"" + org + "\".private-key", key.toString());
      }
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException("the test Fabric peer did not start", e);
    }
  }

  @Override
  public void stop() {
    try {
      if (server != null) {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (backing != null) {
      backing.close();
    }
  }

  private static Path write(String name, String content) throws IOException {
    Path path = DIR.resolve(name);
    Files.writeString(path, content, StandardCharsets.US_ASCII);
    return path;
  }

  private static String certificatePem(String subjectName, KeyPair keys) {
    try {
      Instant now = Instant.now();
      X500Name subject = new X500Name(subjectName);
      X509CertificateHolder cert =
          new JcaX509v3CertificateBuilder(
                  subject,
                  BigInteger.valueOf(now.toEpochMilli()),
                  Date.from(now.minus(1, ChronoUnit.DAYS)),
                  Date.from(now.plus(30, ChronoUnit.DAYS)),
                  subject,
                  keys.getPublic())
              .addExtension(
                  Extension.subjectAlternativeName,
                  false,
                  new GeneralNames(
                      new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                      }))
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
      StringWriter pem = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
        writer.writeObject(cert);
      }
      return pem.toString();
    } catch (Exception e) {
      throw new IllegalStateException("could not make a test certificate", e);
    }
  }

  /** PKCS#8, as Fabric CA and cryptogen write a keystore's key. */
  private static String privateKeyPem(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }
}
