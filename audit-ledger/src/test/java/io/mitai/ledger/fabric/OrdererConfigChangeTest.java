package io.mitai.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.junit.jupiter.api.Test;

/**
 * Orderer signatures across a configuration change, with real keys: the channel starts with orderer
 * organisation {@code ordererA}; configuration block 2, signed by A, hands it to {@code ordererB}
 * (a different root CA). From block 3 on only B may sign, and blocks must name block 2 as the last
 * configuration block.
 */
class OrdererConfigChangeTest {

  private final InProcessOrderer a = new InProcessOrderer("ordererA");
  private final InProcessOrderer b = new InProcessOrderer("ordererB");
  private final Block genesis = a.genesis("mitai");
  private final Block one = a.block(1, hash(genesis), "mitai", HeaderType.MESSAGE, data("1"), 0);
  private final Block handOver = a.configBlock(2, hash(one), "mitai", b);

  @Test
  void after_the_configuration_block_the_new_orderer_organisation_signs() {
    OrdererSignatureCheck check = checkedUpTo(handOver);
    assertThat(check.orderers().orElseThrow().configBlock()).isEqualTo(2);
    assertThat(check.orderers().orElseThrow().byMspId()).containsOnlyKeys("ordererB");

    Block three = b.block(3, hash(handOver), "mitai", HeaderType.MESSAGE, data("3"), 2);
    assertThat(check.next(three)).isEmpty();
    assertThat(check.signedBlocks()).isEqualTo(3);
  }

  @Test
  void the_former_orderer_organisation_may_no_longer_sign() {
    OrdererSignatureCheck check = checkedUpTo(handOver);
    Block three = a.block(3, hash(handOver), "mitai", HeaderType.MESSAGE, data("3"), 2);
    assertThat(check.next(three))
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .startsWith("block 3: ")
                    .contains("'ordererA', which is not an orderer organisation")
                    .contains("[ordererB] (configuration block 2)"));
  }

  @Test
  void a_configuration_block_is_checked_under_the_configuration_before_it() {
    OrdererSignatureCheck check = checkedUpTo(one);
    Block byB = b.configBlock(2, hash(one), "mitai", b);
    assertThat(check.next(byB))
        .hasValueSatisfying(
            p -> assertThat(p).startsWith("block 2: ").contains("'ordererB', which is not"));
  }

  @Test
  void a_block_must_name_the_last_configuration_block() {
    OrdererSignatureCheck check = checkedUpTo(handOver);
    Block three = b.block(3, hash(handOver), "mitai", HeaderType.MESSAGE, data("3"), 0);
    assertThat(check.next(three))
        .contains(
            "block 3: its orderer names block 0 as the last configuration block, but that is"
                + " block 2");
  }

  private OrdererSignatureCheck checkedUpTo(Block last) {
    OrdererSignatureCheck check = new OrdererSignatureCheck();
    for (Block block : new Block[] {genesis, one, handOver}) {
      assertThat(check.next(block)).as("block %d", block.getHeader().getNumber()).isEmpty();
      if (block == last) {
        break;
      }
    }
    return check;
  }

  private static byte[] hash(Block block) {
    return FabricBlocks.headerHash(block.getHeader());
  }

  private static ByteString data(String text) {
    return ByteString.copyFromUtf8(text);
  }
}
