package io.mitai.platform.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.mitai.ledger.BlockView;
import io.mitai.ledger.Invocation;
import io.mitai.ledger.LedgerIdentity;
import io.mitai.ledger.VerificationReport;
import io.mitai.ledger.fabric.FabricConnections;
import io.mitai.ledger.fabric.FabricLedger;
import io.mitai.ledger.fabric.FabricLedgerConfig;
import io.mitai.ledger.testing.TestPostgres;
import io.mitai.platform.fabric.InProcessFabricPeer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node's block mirror across restarts, against the in-process Fabric peer (real gRPC, real
 * fabric-gateway client): a second mirror resumes after the last stored block and checks the first
 * new block's link to the stored one.
 */
class FabricMirrorResumeTest {

  private final InProcessFabricPeer peer = new InProcessFabricPeer();
  private ManagedChannel channel;
  private FabricLedger ledger;
  private LedgerIdentity org1;
  private DataSource db;

  @BeforeEach
  void start() throws Exception {
    Map<String, String> config = peer.start();
    channel =
        FabricConnections.open(
            config.get("mitai.fabric.endpoint"), Path.of(config.get("mitai.fabric.tls-ca")), null);
    ledger = new FabricLedger(channel, FabricLedgerConfig.of("mitai", "mitai"));
    org1 =
        FabricConnections.identity(
            "org1",
            Path.of(config.get("mitai.fabric.identities.\"org1\".certificate")),
            Path.of(config.get("mitai.fabric.identities.\"org1\".private-key")));
    ledger.connect(org1);
    db = TestPostgres.newDatabase();
    try (InputStream sql =
            FabricExplorer.class.getResourceAsStream("/db/migration/V5__fabric_block_mirror.sql");
        Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(new String(sql.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @AfterEach
  void stop() throws InterruptedException {
    ledger.close();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    peer.stop();
  }

  @Test
  void a_restarted_mirror_resumes_after_the_last_stored_block() throws Exception {
    ledger.submit(org1, Invocation.of("ledgertest:put", "a", "1"));
    ledger.submit(org1, Invocation.of("ledgertest:put", "b", "2"));
    try (FabricExplorer first = new FabricExplorer(db, ledger)) {
      first.start();
      awaitHeight(first, 2);
    }
    String third = ledger.submit(org1, Invocation.of("ledgertest:put", "c", "3")).txId();

    try (FabricExplorer second = new FabricExplorer(db, ledger)) {
      second.start();
      awaitHeight(second, 3);
      List<BlockView> blocks = second.blocks(0, 10);
      assertThat(blocks).extracting(BlockView::number).containsExactly(0L, 1L, 2L);
      assertThat(blocks.get(2).previousHash()).isEqualTo(blocks.get(1).hash());
      assertThat(second.transaction(third))
          .hasValueSatisfying(t -> assertThat(t.blockNumber()).isEqualTo(2));
      VerificationReport report = second.verify();
      assertThat(report.intact()).isTrue();
      assertThat(report.blocksChecked()).isEqualTo(3);
      assertThat(report.transactionsChecked()).isEqualTo(3);
    }
  }

  @Test
  void a_restarted_mirror_refuses_a_block_that_does_not_link_to_the_stored_one() throws Exception {
    ledger.submit(org1, Invocation.of("ledgertest:put", "a", "1"));
    try (FabricExplorer first = new FabricExplorer(db, ledger)) {
      first.start();
      awaitHeight(first, 1);
    }
    // The stored head no longer is the peer's block 0: the next block cannot link to it.
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate("update fabric_block set header_hash = repeat('00', 32) where number = 0");
    }
    ledger.submit(org1, Invocation.of("ledgertest:put", "b", "2"));

    try (FabricExplorer second = new FabricExplorer(db, ledger)) {
      second.start();
      Thread.sleep(1500);
      assertThat(second.height()).isEqualTo(1);
      assertThat(second.verify().intact()).isFalse();
    }
  }

  private static void awaitHeight(FabricExplorer explorer, long height)
      throws InterruptedException {
    for (int i = 0; i < 400 && explorer.height() < height; i++) {
      Thread.sleep(25);
    }
    assertThat(explorer.height()).isEqualTo(height);
  }
}
