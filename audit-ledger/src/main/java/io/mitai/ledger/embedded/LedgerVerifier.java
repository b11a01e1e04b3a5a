package io.mitai.ledger.embedded;

import io.mitai.ledger.SignedTreeHead;
import io.mitai.ledger.VerificationReport;
import io.mitai.ledger.codec.BlockJson;
import io.mitai.ledger.merkle.MerkleHasher;
import io.mitai.ledger.merkle.MerkleTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Re-checks a ledger from its raw blocks without trusting whoever stored them: every block's
 * number, its link to the previous block's hash, its own hash, each transaction's position and leaf
 * hash, the block's data hash, the whole-ledger Merkle root after the block and the tree-head
 * signature with the ledger key the auditor trusts. It names the first block that fails.
 */
public final class LedgerVerifier {

  private static final HexFormat HEX = HexFormat.of();
  private static final int PAGE = 200;

  private final PublicKey ledgerKey;

  /**
   * @param ledgerKey the tree-head key, obtained by the auditor from a source it trusts
   */
  public LedgerVerifier(PublicKey ledgerKey) {
    this.ledgerKey = ledgerKey;
  }

  public VerificationReport verify(BlockSource source) {
    MerkleTree tree = new MerkleTree();
    String previousHash = BlockHeader.GENESIS_PREVIOUS;
    long expected = 0;
    long txCount = 0;
    SignedTreeHead last = null;
    while (true) {
      List<BlockSource.StoredBlock> page = source.blocks(expected, PAGE);
      if (page.isEmpty()) {
        return VerificationReport.intact(expected, txCount, last);
      }
      for (BlockSource.StoredBlock block : page) {
        String problem = check(block, expected, previousHash, tree);
        if (problem != null) {
          return VerificationReport.broken(expected, txCount, expected, problem);
        }
        BlockHeader header = header(block.header());
        last =
            new SignedTreeHead(
                header.treeSize(),
                HEX.parseHex(header.treeRoot()),
                Instant.parse(header.timestamp()),
                block.signature());
        previousHash = HEX.formatHex(block.hash());
        txCount += block.envelopes().size();
        expected++;
      }
    }
  }

  /** The first thing wrong with {@code block}, or null. Appends its leaves to {@code tree}. */
  private String check(
      BlockSource.StoredBlock block, long expected, String previousHash, MerkleTree tree) {
    if (block.number() != expected) {
      return "block "
          + expected
          + " is missing or out of order (found block "
          + block.number()
          + ")";
    }
    BlockHeader header;
    try {
      header = BlockJson.decode(block.header(), BlockHeader.class);
    } catch (IOException e) {
      return "the header does not parse: " + e.getMessage();
    }
    if (!MessageDigest.isEqual(BlockJson.encode(header), block.header())) {
      return "the header is not in canonical form";
    }
    if (header.number() != expected) {
      return "the header says block " + header.number();
    }
    if (!MessageDigest.isEqual(Sha256.of(block.header()), block.hash())) {
      return "the block hash does not match its header";
    }
    if (!header.previousHash().equals(previousHash)) {
      return "the block does not link to the previous block's hash";
    }
    if (header.txCount() != block.envelopes().size()) {
      return "the header lists "
          + header.txCount()
          + " transactions but "
          + block.envelopes().size()
          + " are stored";
    }
    if (header.firstLeafIndex() != tree.size()) {
      return "the block starts at leaf " + header.firstLeafIndex() + " instead of " + tree.size();
    }
    // Raw bytes first: the data hash commits to the exact stored envelopes.
    MerkleTree blockTree = new MerkleTree();
    block.envelopes().forEach(leaf -> blockTree.append(MerkleHasher.leafHash(leaf)));
    if (!HEX.formatHex(blockTree.root()).equals(header.dataHash())) {
      return "the transactions do not match the block's data hash";
    }
    for (int i = 0; i < block.envelopes().size(); i++) {
      TxEnvelope envelope;
      try {
        envelope = BlockJson.decode(block.envelopes().get(i), TxEnvelope.class);
      } catch (IOException e) {
        return "transaction " + i + " does not parse: " + e.getMessage();
      }
      if (envelope.blockNumber() != expected
          || envelope.txIndex() != i
          || envelope.leafIndex() != tree.size()) {
        return "transaction " + envelope.txId() + " claims another position";
      }
      tree.append(blockTree.leafHash(i));
    }
    if (header.treeSize() != tree.size() || !HEX.formatHex(tree.root()).equals(header.treeRoot())) {
      return "the ledger's Merkle root after this block does not match";
    }
    SignedTreeHead head =
        new SignedTreeHead(
            header.treeSize(),
            HEX.parseHex(header.treeRoot()),
            Instant.parse(header.timestamp()),
            block.signature());
    if (!head.verifySignature(ledgerKey)) {
      return "the tree-head signature does not verify with the ledger key";
    }
    return null;
  }

  static BlockHeader header(byte[] bytes) {
    try {
      return BlockJson.decode(bytes, BlockHeader.class);
    } catch (IOException e) {
      throw new UncheckedIOException("a stored block header does not parse", e);
    }
  }

  static TxEnvelope envelope(byte[] bytes) {
    try {
      return BlockJson.decode(bytes, TxEnvelope.class);
    } catch (IOException e) {
      throw new UncheckedIOException("a stored transaction does not parse", e);
    }
  }
}
