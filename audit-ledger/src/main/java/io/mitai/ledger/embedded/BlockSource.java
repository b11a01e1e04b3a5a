package io.mitai.ledger.embedded;

import java.util.List;

/**
 * Where the verifier reads a ledger from: the live database or an export file. Blocks come in the
 * order the source stores them (by number), so a reordering shows up as a broken chain.
 */
public interface BlockSource {

  /** Up to {@code limit} stored blocks whose number is at least {@code from}, in number order. */
  List<StoredBlock> blocks(long from, int limit);

  /** One stored block: its header bytes, recorded hash, tree-head signature and transactions. */
  record StoredBlock(
      long number, byte[] header, byte[] hash, byte[] signature, List<byte[]> envelopes) {}
}
