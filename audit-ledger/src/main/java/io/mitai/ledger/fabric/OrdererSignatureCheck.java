package io.mitai.ledger.fabric;

import java.util.Optional;
import org.hyperledger.fabric.protos.common.Block;

/**
 * The orderer signatures along a channel's chain, fed its blocks in order from block 0. Block 0
 * must be the channel's genesis configuration block: it is not signed (configtxgen makes it, the
 * organisations agree on it out of band) and is the trust anchor, so its header hash is what an
 * auditor compares with the genesis block the organisations hold. Every later block must carry a
 * valid signature of an orderer organisation named by the last configuration block before it, and
 * its signed metadata must name that configuration block (or itself, for a configuration block); a
 * configuration block, once its own signature checks out, defines the orderer organisations for the
 * blocks after it.
 *
 * <p>Hashes are not checked here ({@link FabricBlocks#check}); a caller checks both.
 */
public final class OrdererSignatureCheck {

  private OrdererOrganisations orderers;
  private long signedBlocks;

  /** What is wrong with the next block's orderer signature, or empty when it checks out. */
  public Optional<String> next(Block block) {
    long number = block.getHeader().getNumber();
    boolean config = OrdererOrganisations.isConfigBlock(block);
    if (orderers == null) {
      if (number != 0 || !config) {
        return Optional.of(
            "block "
                + number
                + ": the chain does not start with the channel's genesis configuration block, so"
                + " no orderer organisation is known to check its signatures against");
      }
      return take(block);
    }
    Optional<String> problem = OrdererSignatures.check(block, orderers);
    if (problem.isPresent()) {
      return problem;
    }
    long expected = config ? number : orderers.configBlock();
    Optional<Long> named = OrdererSignatures.lastConfigIndex(block);
    if (named.isEmpty() || named.get() != expected) {
      return Optional.of(
          "block "
              + number
              + ": its orderer names "
              + named.map(n -> "block " + n).orElse("no block")
              + " as the last configuration block, but that is block "
              + expected);
    }
    signedBlocks++;
    return config ? take(block) : Optional.empty();
  }

  /** How many blocks' orderer signatures have checked out (all but the genesis block). */
  public long signedBlocks() {
    return signedBlocks;
  }

  /** The orderer organisations now in force, once block 0 has been fed. */
  public Optional<OrdererOrganisations> orderers() {
    return Optional.ofNullable(orderers);
  }

  private Optional<String> take(Block configBlock) {
    try {
      orderers = OrdererOrganisations.fromConfigBlock(configBlock);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of("block " + configBlock.getHeader().getNumber() + ": " + e.getMessage());
    }
  }
}
