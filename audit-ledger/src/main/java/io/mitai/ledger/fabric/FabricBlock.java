package io.mitai.ledger.fabric;

import java.util.List;

/**
 * A Fabric block as the node mirrors it: header hashes (lowercase hex) and the decoded
 * transactions, so the node can answer explorer and provenance queries in federation mode.
 *
 * @param headerHash SHA-256 of the DER header (number, previous hash, data hash): what the next
 *     block's {@code previousHash} must be
 */
public record FabricBlock(
    long number,
    String previousHash,
    String dataHash,
    String headerHash,
    List<FabricTransaction> transactions) {

  public FabricBlock {
    transactions = List.copyOf(transactions);
  }
}
