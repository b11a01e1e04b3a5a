package io.mitai.ledger;

import java.time.Instant;
import java.util.List;

/**
 * A block as the explorer shows it. Hashes are lowercase hex. {@code dataHash} is the RFC 6962 root
 * over this block's transaction leaves; {@code treeSize}/{@code treeRoot} describe the whole-ledger
 * Merkle tree after the block.
 */
public record BlockView(
    long number,
    String hash,
    String previousHash,
    String dataHash,
    Instant timestamp,
    long treeSize,
    String treeRoot,
    List<String> txIds) {

  public BlockView {
    txIds = List.copyOf(txIds);
  }
}
