package io.mitai.platform.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.mitai.ledger.BlockView;
import io.mitai.ledger.Invocation;
import io.mitai.ledger.LedgerIdentity;
import io.mitai.ledger.VerificationReport;
import io.mitai.ledger.fabric.FabricBlocks;
import io.mitai.ledger.fabric.FabricConnections;
import io.mitai.ledger.fabric.FabricLedger;
import io.mitai.ledger.fabric.FabricLedgerConfig;
import io.mitai.ledger.testing.TestPostgres;
import io.mitai.platform.fabric.InProcessFabricPeer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.Metadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node's block mirror across restarts, against the in-process Fabric peer (real gRPC, real
 * fabric-gateway client): a second mirror resumes after the last stored block and checks the first
 * new block's link to the stored one; verify checks hashes and the orderer's signatures.
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
      // Block 0 is the channel's genesis configuration block; the transactions follow.
      awaitHeight(first, 3);
    }
    String third = ledger.submit(org1, Invocation.of("ledgertest:put", "c", "3")).txId();

    try (FabricExplorer second = new FabricExplorer(db, ledger)) {
      second.start();
      awaitHeight(second, 4);
      List<BlockView> blocks = second.blocks(0, 10);
      assertThat(blocks).extracting(BlockView::number).containsExactly(0L, 1L, 2L, 3L);
      assertThat(blocks.get(3).previousHash()).isEqualTo(blocks.get(2).hash());
      assertThat(second.transaction(third))
          .hasValueSatisfying(t -> assertThat(t.blockNumber()).isEqualTo(3));
      VerificationReport report = second.verify();
      assertThat(report.intact()).isTrue();
      assertThat(report.blocksChecked()).isEqualTo(4);
      assertThat(report.transactionsChecked()).isEqualTo(3);
    }
  }

  @Test
  void a_restarted_mirror_refuses_a_block_that_does_not_link_to_the_stored_one() throws Exception {
    ledger.submit(org1, Invocation.of("ledgertest:put", "a", "1"));
    try (FabricExplorer first = new FabricExplorer(db, ledger)) {
      first.start();
      awaitHeight(first, 2);
    }
    // The stored head no longer is the peer's block 1: the next block cannot link to it.
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate("update fabric_block set header_hash = repeat('00', 32) where number = 1");
    }
    ledger.submit(org1, Invocation.of("ledgertest:put", "b", "2"));

    try (FabricExplorer second = new FabricExplorer(db, ledger)) {
      second.start();
      Thread.sleep(1500);
      assertThat(second.height()).isEqualTo(2);
      assertThat(second.verify().intact()).isFalse();
    }
  }

  @Test
  void verify_catches_a_consistently_rewritten_block_by_its_orderer_signature() throws Exception {
    ledger.submit(org1, Invocation.of("ledgertest:put", "a", "1"));
    ledger.submit(org1, Invocation.of("ledgertest:put", "b", "2"));
    try (FabricExplorer explorer = new FabricExplorer(db, ledger)) {
      explorer.start();
      awaitHeight(explorer, 3);
      assertThat(explorer.verify().intact()).isTrue();

      // Whoever can write the database rewrites the head block's transaction and recomputes its
      // data hash and header hash: every hash checks out, only the orderer's signature does not.
      Block head = stored(2);
      byte[] envelope = head.getData().getData(0).toByteArray();
      envelope[envelope.length / 2] ^= 1;
      BlockData data = head.getData().toBuilder().setData(0, ByteString.copyFrom(envelope)).build();
      Block forged =
          head.toBuilder()
              .setData(data)
              .setHeader(
                  head.getHeader().toBuilder()
                      .setDataHash(
                          ByteString.copyFrom(
                              FabricBlocks.dataHash(Block.newBuilder().setData(data).build()))))
              .build();
      store(2, forged);
      VerificationReport report = explorer.verify();
      assertThat(report.intact()).isFalse();
      assertThat(report.firstBadBlock()).contains(2L);
      assertThat(report.problem())
          .hasValueSatisfying(
              p -> assertThat(p).startsWith("block 2: ").contains("does not verify"));

      // Its signature removed instead: named as unsigned.
      Metadata signatures =
          Metadata.parseFrom(head.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE));
      store(
          2,
          head.toBuilder()
              .setMetadata(
                  head.getMetadata().toBuilder()
                      .setMetadata(
                          BlockMetadataIndex.SIGNATURES_VALUE,
                          signatures.toBuilder().clearSignatures().build().toByteString()))
              .build());
      assertThat(explorer.verify().problem()).contains("block 2: it carries no orderer signature");

      store(2, head);
      assertThat(explorer.verify().intact()).isTrue();
    }
  }

  private Block stored(long number) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement("select block from fabric_block where number = ?")) {
      s.setLong(1, number);
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).isTrue();
        return Block.parseFrom(r.getBytes(1));
      }
    }
  }

  /** Stores {@code block} and its header hash, as a consistent forger would. */
  private void store(long number, Block block) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "update fabric_block set block = ?, header_hash = ? where number = ?")) {
      s.setBytes(1, block.toByteArray());
      s.setString(2, HexFormat.of().formatHex(FabricBlocks.headerHash(block.getHeader())));
      s.setLong(3, number);
      assertThat(s.executeUpdate()).isEqualTo(1);
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
