package io.mitai.ledger.fabric;

/** Receives mirrored Fabric blocks in order, each checked against the one before it. */
public interface BlockListener {

  /** A block whose data hash and link to its predecessor checked out. */
  void onBlock(FabricBlock block) throws Exception;

  /**
   * The same block with the bytes the peer delivered, for a listener that keeps them (the node's
   * mirror, so that its chain can be re-checked later). The default hands on the decoded block.
   */
  default void onBlock(FabricBlock block, org.hyperledger.fabric.protos.common.Block raw)
      throws Exception {
    onBlock(block);
  }

  /**
   * The peer delivered a block that does not check out; delivery stops here. The default does
   * nothing beyond the adapter's own SEVERE log line.
   */
  default void onChainBroken(long blockNumber, String problem) {}
}
