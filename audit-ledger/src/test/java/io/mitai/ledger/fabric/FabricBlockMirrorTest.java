package io.mitai.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.mitai.ledger.Invocation;
import io.mitai.ledger.LedgerIdentity;
import io.mitai.ledger.Subscription;
import io.mitai.ledger.testing.TestIdentities;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Block events through the real client: decoded, checked and chained as the node mirrors them. */
class FabricBlockMirrorTest {

  private final LedgerIdentity org1 = TestIdentities.identity("org1");
  private InProcessFabric fabric;
  private FabricLedger ledger;
  private InProcessDeliver deliver;

  @BeforeEach
  void start() throws Exception {
    fabric = new InProcessFabric();
    ledger = fabric.ledger;
    deliver = fabric.deliver;
    ledger.connect(org1);
  }

  @AfterEach
  void stop() throws InterruptedException {
    fabric.close();
  }

  @Test
  void mirrored_blocks_carry_the_decoded_transactions_in_a_checked_chain() throws Exception {
    String tx1 = ledger.submit(org1, Invocation.of("ledgertest:put", "a", "1")).txId();
    ledger.submit(org1, Invocation.of("ledgertest:put", "b", "2"));
    ledger.submit(org1, Invocation.of("ledgertest:put", "c", "3"));

    List<FabricBlock> mirrored = new CopyOnWriteArrayList<>();
    try (Subscription s = ledger.subscribeBlocks(0, Optional.empty(), mirrored::add)) {
      for (int i = 0; i < 200 && mirrored.size() < 4; i++) {
        Thread.sleep(25);
      }
    }

    // Block 0 is the channel's genesis configuration block: no endorser transaction in it.
    assertThat(mirrored).extracting(FabricBlock::number).containsExactly(0L, 1L, 2L, 3L);
    assertThat(mirrored.get(0).transactions()).isEmpty();
    assertThat(mirrored.get(1).previousHash()).isEqualTo(mirrored.get(0).headerHash());
    FabricTransaction first = mirrored.get(1).transactions().get(0);
    assertThat(first.txId()).isEqualTo(tx1);
    assertThat(first.function()).isEqualTo("ledgertest:put");
    assertThat(first.args()).containsExactly("a", "1");
    assertThat(first.creatorMspId()).isEqualTo("org1");
    assertThat(first.response()).isEqualTo("1");
    assertThat(first.valid()).isTrue();
  }

  @Test
  void a_block_whose_data_was_altered_or_whose_link_is_wrong_is_named() {
    ledger.submit(org1, Invocation.of("ledgertest:put", "a", "1"));
    ledger.submit(org1, Invocation.of("ledgertest:put", "b", "2"));
    Block genesis = deliver.block(1);
    Block second = deliver.block(2);
    byte[] genesisHash = FabricBlocks.headerHash(genesis.getHeader());

    assertThat(FabricBlocks.check(second, Optional.of(genesisHash))).isEmpty();

    byte[] altered = second.getData().getData(0).toByteArray();
    altered[altered.length / 2] ^= 1;
    Block tampered =
        second.toBuilder()
            .setData(BlockData.newBuilder().addData(ByteString.copyFrom(altered)))
            .build();
    assertThat(FabricBlocks.check(tampered, Optional.of(genesisHash)))
        .hasValueSatisfying(p -> assertThat(p).contains("data hash"));

    assertThat(FabricBlocks.check(second, Optional.of(new byte[32])))
        .hasValueSatisfying(p -> assertThat(p).contains("does not link"));
  }

  @Test
  void the_in_process_orderer_signs_its_blocks_as_fabric_does() {
    ledger.submit(org1, Invocation.of("ledgertest:put", "a", "1"));
    ledger.submit(org1, Invocation.of("ledgertest:put", "b", "2"));
    OrdererSignatureCheck check = new OrdererSignatureCheck();
    for (long n = 0; n < 3; n++) {
      assertThat(check.next(deliver.block(n))).isEmpty();
    }
    assertThat(check.signedBlocks()).isEqualTo(2);
    assertThat(check.orderers().orElseThrow().byMspId()).containsOnlyKeys("orderer");
  }
}
