package io.mitai.ledger.embedded;

import io.mitai.chaincode.memory.KeyOrder;
import io.mitai.ledger.SignedTreeHead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** What one attempt at a block built before storing it. */
final class BlockDraft {
  final List<Pending> included = new ArrayList<>();
  final List<byte[]> responses = new ArrayList<>();
  final List<LedgerStore.TxWrite> txs = new ArrayList<>();
  final NavigableMap<String, Optional<byte[]>> writes = new TreeMap<>(KeyOrder.CODE_POINTS);
  long number;
  long firstLeaf = -1;
  boolean leavesAppended;
  byte[] headerBytes;
  byte[] blockHash;
  SignedTreeHead head;
  Instant timestamp;
  long lockedAt;
  long executedAt;
}
