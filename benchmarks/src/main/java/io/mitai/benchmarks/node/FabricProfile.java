package io.mitai.benchmarks.node;

import io.mitai.ledger.Invocation;
import io.mitai.ledger.LedgerIdentity;
import io.mitai.ledger.LedgerUnavailableException;
import io.mitai.ledger.fabric.FabricConnections;
import io.mitai.ledger.fabric.FabricLedger;
import io.mitai.ledger.fabric.FabricLedgerConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The development network's client profile ({@code network.sh profiles} writes {@code
 * fabric-test-network.properties}): a ledger client and the organisations' identities from it.
 */
final class FabricProfile {

  private FabricProfile() {}

  static Properties load(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    return p;
  }

  static FabricLedger ledger(Properties p) throws IOException {
    return new FabricLedger(
        FabricConnections.open(
            p.getProperty("endpoint"),
            Path.of(p.getProperty("tlsCaCert")),
            p.getProperty("authority")),
        FabricLedgerConfig.of(
            p.getProperty("channel", "mitai"), p.getProperty("chaincode", "mitai")));
  }

  static LedgerIdentity identity(Properties p, String org) throws Exception {
    return FabricConnections.identity(
        p.getProperty(org + ".mspId"),
        Path.of(p.getProperty(org + ".cert")),
        Path.of(p.getProperty(org + ".key")));
  }

  /** Registers {@code org} unless the channel knows it (gossip may take seconds to meet peers). */
  static void registerIfMissing(FabricLedger ledger, LedgerIdentity org)
      throws InterruptedException {
    if (ledger.evaluate(org, "ListOrganisations").contains("\"id\":\"" + org.mspId() + "\"")) {
      return;
    }
    Invocation register =
        Invocation.of(
            "RegisterOrganisation",
            "{\"id\":\""
                + org.mspId()
                + "\",\"displayName\":\""
                + org.mspId()
                + "\",\"endpoint\":\"https://"
                + org.mspId()
                + ".bench:8443\",\"publicKey\":\"YmVuY2g=\"}");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      try {
        ledger.submit(org, register);
        return;
      } catch (LedgerUnavailableException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(1_000);
      }
    }
  }
}
