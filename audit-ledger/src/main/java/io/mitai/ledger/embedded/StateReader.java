package io.mitai.ledger.embedded;

import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/** What a transaction may read: world state as of its position, and committed key history. */
interface StateReader {

  /** The value of {@code key}, or empty if absent or deleted. */
  Optional<byte[]> get(String key);

  /** A sorted snapshot of the keys in [start, end) with their values. */
  NavigableMap<String, byte[]> range(String start, String end);

  /** Committed modifications of {@code key}, newest first (Fabric 2.x order). */
  List<HistoryEntry> history(String key);

  /** One committed modification of a key. */
  record HistoryEntry(String txId, Instant timestamp, byte[] value, boolean deleted) {}
}
