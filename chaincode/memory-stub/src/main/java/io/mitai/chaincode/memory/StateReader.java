package io.mitai.chaincode.memory;

import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * What a transaction may read: world state as of its position, and committed key history. A
 * transaction never reads its own writes through it, as on a peer.
 */
public interface StateReader {

  /** The value of {@code key}, or empty if absent or deleted. */
  Optional<byte[]> get(String key);

  /** A sorted snapshot (in {@link KeyOrder}) of the keys in [start, end) with their values. */
  NavigableMap<String, byte[]> range(String start, String end);

  /** Committed modifications of {@code key}, newest first (Fabric 2.x order). */
  List<HistoryEntry> history(String key);

  /**
   * The committed key-level endorsement policy of {@code key}, or empty if it has none. A state
   * that keeps no policies (the embedded ledger has a single endorser, so a policy selects nothing)
   * answers empty, as Fabric does for a key without one.
   */
  default Optional<byte[]> validationParameter(String key) {
    return Optional.empty();
  }

  /** One committed modification of a key. */
  record HistoryEntry(String txId, Instant timestamp, byte[] value, boolean deleted) {}
}
