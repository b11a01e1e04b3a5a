package io.mitai.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.mitai.ledger.Invocation;
import io.mitai.ledger.LedgerIdentity;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole data-rights lifecycle on a real Fabric network with the Mitai chaincode deployed.
 *
 * <p>Runs when {@code FABRIC_BIN} names the bin/ directory of a Fabric 2.5 release: the test then
 * brings up the project's own network with {@code fabric-network/network.sh} (the commands of
 * docs/federation.md, from an empty {@code fabric-network/build/}) and takes it down again, even
 * when it fails. With {@code FABRIC_TEST_NETWORK} naming a properties file (docs/ledger.md,
 * "Testing against a real network") it uses that network instead and starts nothing. Skipped when
 * neither is set.
 */
class FabricNetworkLifecycleTest {

  private static FabricTestNetwork network;
  private static Properties connection;

  @BeforeAll
  static void connect() throws Exception {
    String given = System.getenv("FABRIC_TEST_NETWORK");
    String bin = System.getenv("FABRIC_BIN");
    Assumptions.assumeTrue(
        (given != null && !given.isBlank()) || (bin != null && !bin.isBlank()),
        "neither FABRIC_BIN (Fabric 2.5 binaries) nor FABRIC_TEST_NETWORK is set; see docs/ledger.md");
    Path properties;
    if (given != null && !given.isBlank()) {
      properties = Path.of(given);
    } else {
      network =
          FabricTestNetwork.start(
              Path.of("target", "fabric-network-lifecycle", "network.log").toAbsolutePath());
      properties = network.profiles().resolve("fabric-test-network.properties");
    }
    connection = new Properties();
    try (Reader r = Files.newBufferedReader(properties)) {
      connection.load(r);
    }
  }

  @AfterAll
  static void stopNetwork() throws Exception {
    if (network != null) {
      network.close();
      network = null;
    }
  }

  @Test
  void grant_task_result_revoke_and_refusal_run_on_a_real_peer() throws Exception {
    Properties p = connection;
    ManagedChannel channel =
        FabricConnections.open(
            p.getProperty("endpoint"),
            Path.of(p.getProperty("tlsCaCert")),
            p.getProperty("authority"));
    LedgerIdentity owner = identity(p, "org1");
    LedgerIdentity user = identity(p, "org2");
    String run = Long.toString(System.currentTimeMillis(), 36);
    try (FabricLedger ledger =
        new FabricLedger(
            channel,
            FabricLedgerConfig.of(
                p.getProperty("channel", "mitai"), p.getProperty("chaincode", "mitai")))) {
      for (LedgerIdentity org : new LedgerIdentity[] {owner, user}) {
        ledger.submit(
            org,
            Invocation.of(
                "RegisterOrganisation",
                "{\"id\":\""
                    + org.mspId()
                    + "\",\"displayName\":\""
                    + org.mspId()
                    + "\",\"endpoint\":\"https://"
                    + org.mspId()
                    + ".test:8443\",\"publicKey\":\"test\"}"));
      }
      ledger.submit(
          owner,
          Invocation.of(
              "RegisterAsset",
              "{\"id\":\"asset-"
                  + run
                  + "\",\"name\":\"claims\",\"columns\":[{\"name\":\"id\",\"type\":\"STRING\"},{\"name\":\"amount\",\"type\":\"DECIMAL\"}],\"rowCount\":3,\"commitment\":\""
                  + "ab".repeat(32)
                  + "\"}"));
      ledger.submit(
          owner,
          Invocation.of(
              "IssueGrant",
              "{\"id\":\"grant-"
                  + run
                  + "\",\"assetId\":\"asset-"
                  + run
                  + "\",\"grantee\":\""
                  + user.mspId()
                  + "\",\"operations\":[\"SECURE_AGGREGATE\"],\"columns\":[\"amount\"],\"purpose\":\"integration test\",\"validUntil\":\"2099-01-01T00:00:00Z\",\"maxUses\":5,\"minAssurance\":\"MPC_SEMI_HONEST\"}"));
      String task = submitTask(ledger, user, "task-a-" + run, run);
      assertThat(task).contains("\"status\":\"SUBMITTED\"");
      ledger.submit(user, Invocation.of("RecordTaskStarted", "task-a-" + run));
      String done =
          ledger
              .submit(
                  user,
                  Invocation.of(
                      "RecordTaskResult",
                      "{\"taskId\":\"task-a-"
                          + run
                          + "\",\"resultHash\":\""
                          + "ef".repeat(32)
                          + "\"}"))
              .payloadUtf8();
      assertThat(done).contains("\"status\":\"SUCCEEDED\"");
      ledger.submit(owner, Invocation.of("RevokeGrant", "grant-" + run, "test over"));
      assertThat(submitTask(ledger, user, "task-b-" + run, run))
          .contains("\"status\":\"REJECTED\"")
          .contains("GRANT_REVOKED");
      assertThat(ledger.evaluate(owner, "GetHistory", "grant:grant-" + run)).contains("REVOKED");
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static String submitTask(
      FabricLedger ledger, LedgerIdentity user, String id, String run) {
    return ledger
        .submit(
            user,
            Invocation.of(
                "SubmitTask",
                "{\"id\":\""
                    + id
                    + "\",\"operation\":\"SECURE_AGGREGATE\",\"inputs\":[{\"assetId\":\"asset-"
                    + run
                    + "\",\"columns\":[\"amount\"]}],\"parameterHash\":\""
                    + "cd".repeat(32)
                    + "\",\"protocol\":\"ADDITIVE-SS/Z2^64\",\"assurance\":\"MPC_SEMI_HONEST\"}"))
        .payloadUtf8();
  }

  private static LedgerIdentity identity(Properties p, String org) throws Exception {
    return FabricConnections.identity(
        p.getProperty(org + ".mspId"),
        Path.of(p.getProperty(org + ".cert")),
        Path.of(p.getProperty(org + ".key")));
  }
}
