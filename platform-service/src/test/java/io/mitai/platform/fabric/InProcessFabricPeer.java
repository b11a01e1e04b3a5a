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
import io.mitai.testsupport.TestCertificates;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
      Path tlsKey = write("tls-key.pem", TestCertificates.privateKeyPem(tlsKeys.getPrivate()));

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
        Files.writeString(key, TestCertificates.privateKeyPem(keys.getPrivate()));
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

  /** Self-signed, also naming localhost and 127.0.0.1: the peer's TLS certificate is one. */
  private static String certificatePem(String subjectName, KeyPair keys) {
    return TestCertificates.pem(
        TestCertificates.selfSigned(subjectName, keys).loopbackNames().build());
  }
}
