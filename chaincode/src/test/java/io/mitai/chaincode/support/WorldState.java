package io.mitai.chaincode.support;

import io.mitai.chaincode.memory.KeyOrder;
import io.mitai.chaincode.memory.MemoryStub;
import io.mitai.chaincode.memory.StateReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The committed side of the tests' ledger: world state, key history, key-level endorsement policies
 * and committed events, in memory. Transactions run on a {@link MemoryStub} (the same stub the
 * embedded ledger runs the contract on) reading this state; {@link #commit} applies a successful
 * one's write set, as a peer's commit does, and a failed one is simply never committed.
 */
public final class WorldState implements StateReader {

  private final TreeMap<String, byte[]> state = new TreeMap<>(KeyOrder.CODE_POINTS);
  private final Map<String, List<HistoryEntry>> history = new TreeMap<>(KeyOrder.CODE_POINTS);
  private final Map<String, byte[]> validationParameters = new TreeMap<>(KeyOrder.CODE_POINTS);
  private final List<Event> committedEvents = new ArrayList<>();

  /** Applies a transaction's writes, policies and (last) event. */
  public void commit(MemoryStub tx) {
    Instant timestamp = tx.getTxTimestamp();
    tx.writeSet()
        .forEach(
            (key, value) -> {
              if (value.isPresent()) {
                state.put(key, value.get());
              } else {
                state.remove(key);
              }
              history
                  .computeIfAbsent(key, k -> new ArrayList<>())
                  .add(
                      0,
                      new HistoryEntry(
                          tx.getTxId(), timestamp, value.orElse(new byte[0]), value.isEmpty()));
            });
    validationParameters.putAll(tx.validationParameterWrites());
    tx.chaincodeEvent().map(Event::of).ifPresent(committedEvents::add);
  }

  // --- StateReader: what a transaction reads -----------------------------------------------

  @Override
  public Optional<byte[]> get(String key) {
    return Optional.ofNullable(state.get(key));
  }

  @Override
  public NavigableMap<String, byte[]> range(String start, String end) {
    return new TreeMap<>(state.subMap(start, true, end, false));
  }

  @Override
  public List<HistoryEntry> history(String key) {
    return List.copyOf(history.getOrDefault(key, List.of()));
  }

  @Override
  public Optional<byte[]> validationParameter(String key) {
    return Optional.ofNullable(validationParameters.get(key));
  }

  // --- what tests inspect ------------------------------------------------------------------

  /** The committed key-level endorsement policy of a key, or null if it has none. */
  public byte[] committedValidationParameter(String key) {
    byte[] value = validationParameters.get(key);
    return value == null ? null : value.clone();
  }

  /** Every committed event, in commit order. */
  public List<Event> committedEvents() {
    return Collections.unmodifiableList(committedEvents);
  }

  /** A copy of the committed world state as strings, in key order. */
  public Map<String, String> snapshot() {
    Map<String, String> out = new LinkedHashMap<>();
    state.forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
    return out;
  }

  /** Number of committed modifications over all keys. */
  public int historySize() {
    return history.values().stream().mapToInt(List::size).sum();
  }

  /** The committed value of a key as a string, or null. */
  public String committed(String key) {
    byte[] value = state.get(key);
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  /** Sets a committed value directly, bypassing the chaincode (for corrupt-state tests). */
  public void force(String key, String value) {
    state.put(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
