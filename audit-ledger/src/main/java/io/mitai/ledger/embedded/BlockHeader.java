package io.mitai.ledger.embedded;

/**
 * A block header, hashed as canonical JSON: {@code hash = SHA-256(canonical(header))}. It chains to
 * the previous block's hash, commits to its transactions through {@code dataHash} (the RFC 6962
 * root over their leaves) and to the whole ledger through {@code treeSize}/{@code treeRoot}, which
 * the ledger key signs as a tree head at {@code timestamp}.
 */
record BlockHeader(
    int version,
    long number,
    String previousHash,
    String dataHash,
    String timestamp,
    long firstLeafIndex,
    int txCount,
    long treeSize,
    String treeRoot) {

  static final int CURRENT_VERSION = 1;

  /** The previous hash of block 0: 32 zero bytes. */
  static final String GENESIS_PREVIOUS = "0".repeat(64);
}
