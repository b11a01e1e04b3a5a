package io.mitai.chaincode.support;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * A {@link ChaincodeStub} with Fabric's semantics, in memory:
 *
 * <ul>
 *   <li>keys ordered by code point (= UTF-8 byte order, as in LevelDB);
 *   <li>reads see committed state only, never the transaction's own writes (as on a peer);
 *   <li>writes are buffered per transaction and applied by {@link #commit()} only; {@link
 *       #rollback()} drops them, as a failed endorsement does;
 *   <li>an empty value is a delete (as in Fabric's write sets);
 *   <li>range queries exclude composite keys and start at U+0001 when no start is given;
 *       partial-composite-key queries scan {@code [key, key + U+10FFFF)} using the shim's own
 *       {@link CompositeKey} encoding;
 *   <li>history per key with tx id, timestamp and delete flag, returned newest first (Fabric &ge;
 *       2.0);
 *   <li>a transaction keeps only its last event, and all calls to {@code setEvent} are recorded so
 *       tests can assert there was exactly one;
 *   <li>key-level endorsement policies (validation parameters) are buffered and committed like
 *       writes, and read back as committed (empty when a key has none), as on a peer;
 *   <li>rich queries, private data and chaincode-to-chaincode calls are refused.
 * </ul>
 */
public final class FakeStub implements ChaincodeStub {

  /** Orders keys by Unicode code point, i.e. by their UTF-8 bytes. */
  public static final Comparator<String> KEY_ORDER =
      (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
          int ca = a.codePointAt(i);
          int cb = b.codePointAt(j);
          if (ca != cb) {
            return Integer.compare(ca, cb);
          }
          i += Character.charCount(ca);
          j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
      };

  private static final String UNSPECIFIED_START_KEY = new String(Character.toChars(1));
  private static final String MAX_UNICODE_RUNE = new String(Character.toChars(0x10FFFF));

  /** One committed modification of a key. */
  public record Modification(String txId, Instant timestamp, byte[] value, boolean deleted)
      implements KeyModification {
    @Override
    public String getTxId() {
      return txId;
    }

    @Override
    public byte[] getValue() {
      return value;
    }

    @Override
    public String getStringValue() {
      return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public Instant getTimestamp() {
      return timestamp;
    }

    @Override
    public boolean isDeleted() {
      return deleted;
    }
  }

  /** One event set by a transaction. */
  public record Event(String txId, String name, String payload) {}

  private record Kv(String key, byte[] value) implements KeyValue {
    @Override
    public String getKey() {
      return key;
    }

    @Override
    public byte[] getValue() {
      return value.clone();
    }

    @Override
    public String getStringValue() {
      return new String(value, StandardCharsets.UTF_8);
    }
  }

  private static final class ListIterator<T> implements QueryResultsIterator<T> {
    private final List<T> items;
    private boolean closed;

    ListIterator(List<T> items) {
      this.items = List.copyOf(items);
    }

    @Override
    public Iterator<T> iterator() {
      if (closed) {
        throw new IllegalStateException("iterator already closed");
      }
      return items.iterator();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private final TreeMap<String, byte[]> state = new TreeMap<>(KEY_ORDER);
  private final Map<String, List<Modification>> history = new TreeMap<>(KEY_ORDER);
  private final List<Event> committedEvents = new ArrayList<>();

  private final TreeMap<String, Optional<byte[]>> writes = new TreeMap<>(KEY_ORDER);
  private final TreeMap<String, byte[]> validationParameters = new TreeMap<>(KEY_ORDER);
  private final TreeMap<String, byte[]> parameterWrites = new TreeMap<>(KEY_ORDER);
  private final List<Event> txEvents = new ArrayList<>();
  private String txId = "tx-genesis";
  private Instant timestamp = Instant.parse("2026-01-01T00:00:00Z");
  private byte[] creator = new byte[0];
  private List<byte[]> args = List.of();

  // --- transaction control (test API) -------------------------------------------------------

  /**
   * Starts a transaction: sets its id, timestamp, creator and arguments, clears buffers.
   *
   * @param txId the transaction id
   * @param timestamp the transaction timestamp (never null)
   * @param creator a serialized identity, see {@link Identities#creator}
   * @param args function name followed by its arguments
   */
  public void begin(String txId, Instant timestamp, byte[] creator, List<String> args) {
    this.txId = java.util.Objects.requireNonNull(txId);
    this.timestamp = java.util.Objects.requireNonNull(timestamp);
    this.creator = creator.clone();
    List<byte[]> bytes = new ArrayList<>();
    for (String arg : args) {
      bytes.add(arg.getBytes(StandardCharsets.UTF_8));
    }
    this.args = bytes;
    writes.clear();
    parameterWrites.clear();
    txEvents.clear();
  }

  /** Applies the buffered writes and the transaction's (last) event. */
  public void commit() {
    for (Map.Entry<String, Optional<byte[]>> write : writes.entrySet()) {
      String key = write.getKey();
      Optional<byte[]> value = write.getValue();
      if (value.isPresent()) {
        state.put(key, value.get());
      } else {
        state.remove(key);
      }
      history
          .computeIfAbsent(key, k -> new ArrayList<>())
          .add(new Modification(txId, timestamp, value.orElse(new byte[0]), value.isEmpty()));
    }
    validationParameters.putAll(parameterWrites);
    if (!txEvents.isEmpty()) {
      committedEvents.add(txEvents.get(txEvents.size() - 1));
    }
    writes.clear();
    parameterWrites.clear();
    txEvents.clear();
  }

  /** Drops the buffered writes and events, as a failed transaction is never committed. */
  public void rollback() {
    writes.clear();
    parameterWrites.clear();
    txEvents.clear();
  }

  /** The committed key-level endorsement policy of a key, or null if it has none. */
  public byte[] committedValidationParameter(String key) {
    byte[] value = validationParameters.get(key);
    return value == null ? null : value.clone();
  }

  /** Keys whose key-level endorsement policy the current transaction set so far. */
  public List<String> pendingValidationParameters() {
    return List.copyOf(parameterWrites.keySet());
  }

  /** Keys written by the current transaction so far. */
  public List<String> pendingWrites() {
    return List.copyOf(writes.keySet());
  }

  /** Events set by the current transaction so far (Fabric keeps only the last). */
  public List<Event> pendingEvents() {
    return List.copyOf(txEvents);
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

  // --- ChaincodeStub ----------------------------------------------------------------------

  @Override
  public List<byte[]> getArgs() {
    return args.stream().map(byte[]::clone).toList();
  }

  @Override
  public List<String> getStringArgs() {
    return args.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
  }

  @Override
  public String getFunction() {
    return getStringArgs().isEmpty() ? null : getStringArgs().get(0);
  }

  @Override
  public List<String> getParameters() {
    List<String> all = getStringArgs();
    return all.isEmpty() ? List.of() : all.subList(1, all.size());
  }

  @Override
  public String getTxId() {
    return txId;
  }

  @Override
  public String getChannelId() {
    return "mitai";
  }

  @Override
  public Chaincode.Response invokeChaincode(
      String chaincodeName, List<byte[]> args, String channel) {
    throw new UnsupportedOperationException("the Mitai chaincode calls no other chaincode");
  }

  @Override
  public byte[] getState(String key) {
    validateKey(key);
    byte[] value = state.get(key);
    return value == null ? new byte[0] : value.clone();
  }

  @Override
  public byte[] getStateValidationParameter(String key) {
    validateKey(key);
    // Like getState: the committed value, never this transaction's own write.
    byte[] value = validationParameters.get(key);
    return value == null ? new byte[0] : value.clone();
  }

  @Override
  public void putState(String key, byte[] value) {
    validateKey(key);
    writes.put(
        key, value == null || value.length == 0 ? Optional.empty() : Optional.of(value.clone()));
  }

  @Override
  public void setStateValidationParameter(String key, byte[] value) {
    validateKey(key);
    parameterWrites.put(key, value.clone());
  }

  @Override
  public void delState(String key) {
    validateKey(key);
    writes.put(key, Optional.empty());
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByRange(String startKey, String endKey) {
    String start = startKey == null || startKey.isEmpty() ? UNSPECIFIED_START_KEY : startKey;
    String end = endKey == null ? "" : endKey;
    CompositeKey.validateSimpleKeys(start, end);
    return range(start, end);
  }

  private QueryResultsIterator<KeyValue> range(String start, String end) {
    Map<String, byte[]> slice =
        end.isEmpty() ? state.tailMap(start, true) : state.subMap(start, end);
    List<KeyValue> out = new ArrayList<>();
    slice.forEach((k, v) -> out.add(new Kv(k, v.clone())));
    return new ListIterator<>(out);
  }

  @Override
  public QueryResultsIteratorWithMetadata<KeyValue> getStateByRangeWithPagination(
      String startKey, String endKey, int pageSize, String bookmark) {
    throw new UnsupportedOperationException("pagination is not used");
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String compositeKey) {
    CompositeKey key =
        compositeKey.startsWith(CompositeKey.NAMESPACE)
            ? CompositeKey.parseCompositeKey(compositeKey)
            : new CompositeKey(compositeKey);
    return getStateByPartialCompositeKey(key);
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(
      String objectType, String... attributes) {
    return getStateByPartialCompositeKey(new CompositeKey(objectType, attributes));
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(CompositeKey compositeKey) {
    String start = compositeKey.toString();
    return range(start, start + MAX_UNICODE_RUNE);
  }

  @Override
  public QueryResultsIteratorWithMetadata<KeyValue> getStateByPartialCompositeKeyWithPagination(
      CompositeKey compositeKey, int pageSize, String bookmark) {
    throw new UnsupportedOperationException("pagination is not used");
  }

  @Override
  public CompositeKey createCompositeKey(String objectType, String... attributes) {
    return new CompositeKey(objectType, attributes);
  }

  @Override
  public CompositeKey splitCompositeKey(String compositeKey) {
    return CompositeKey.parseCompositeKey(compositeKey);
  }

  @Override
  public QueryResultsIterator<KeyValue> getQueryResult(String query) {
    throw new UnsupportedOperationException("rich (CouchDB) queries are forbidden");
  }

  @Override
  public QueryResultsIteratorWithMetadata<KeyValue> getQueryResultWithPagination(
      String query, int pageSize, String bookmark) {
    throw new UnsupportedOperationException("rich (CouchDB) queries are forbidden");
  }

  @Override
  public QueryResultsIterator<KeyModification> getHistoryForKey(String key) {
    validateKey(key);
    List<KeyModification> mods = new ArrayList<>(history.getOrDefault(key, List.of()));
    Collections.reverse(mods); // Fabric >= 2.0: newest first
    return new ListIterator<>(mods);
  }

  @Override
  public byte[] getPrivateData(String collection, String key) {
    throw new UnsupportedOperationException("private data is not used");
  }

  @Override
  public byte[] getPrivateDataHash(String collection, String key) {
    throw new UnsupportedOperationException("private data is not used");
  }

  @Override
  public byte[] getPrivateDataValidationParameter(String collection, String key) {
    throw new UnsupportedOperationException("private data is not used");
  }

  @Override
  public void putPrivateData(String collection, String key, byte[] value) {
    throw new UnsupportedOperationException("private data is not used");
  }

  @Override
  public void setPrivateDataValidationParameter(String collection, String key, byte[] value) {
    throw new UnsupportedOperationException("private data is not used");
  }

  @Override
  public void delPrivateData(String collection, String key) {
    throw new UnsupportedOperationException("private data is not used");
  }

  @Override
  public void purgePrivateData(String collection, String key) {
    throw new UnsupportedOperationException("private data is not used");
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByRange(
      String collection, String startKey, String endKey) {
    throw new UnsupportedOperationException("private data is not used");
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
      String collection, String compositeKey) {
    throw new UnsupportedOperationException("private data is not used");
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
      String collection, CompositeKey prefix) {
    throw new UnsupportedOperationException("private data is not used");
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
      String collection, String objectType, String... attributes) {
    throw new UnsupportedOperationException("private data is not used");
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataQueryResult(String collection, String query) {
    throw new UnsupportedOperationException("private data is not used");
  }

  @Override
  public void setEvent(String name, byte[] payload) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("event name can not be nil string");
    }
    txEvents.add(
        new Event(txId, name, payload == null ? "" : new String(payload, StandardCharsets.UTF_8)));
  }

  @Override
  public ChaincodeEvent getEvent() {
    if (txEvents.isEmpty()) {
      return null;
    }
    Event last = txEvents.get(txEvents.size() - 1);
    return ChaincodeEvent.newBuilder()
        .setEventName(last.name())
        .setTxId(txId)
        .setPayload(ByteString.copyFromUtf8(last.payload()))
        .build();
  }

  @Override
  public SignedProposal getSignedProposal() {
    return SignedProposal.getDefaultInstance();
  }

  @Override
  public Instant getTxTimestamp() {
    return timestamp;
  }

  @Override
  public byte[] getCreator() {
    return creator.clone();
  }

  @Override
  public Map<String, byte[]> getTransient() {
    return Map.of();
  }

  @Override
  public byte[] getBinding() {
    return new byte[0];
  }

  @Override
  public String getMspId() {
    return "PeerMSP";
  }

  private static void validateKey(String key) {
    if (key == null) {
      throw new NullPointerException("key cannot be null");
    }
    if (key.isEmpty()) {
      throw new IllegalArgumentException("key cannot not be an empty string");
    }
  }

  @Override
  public String toString() {
    return "FakeStub" + Arrays.toString(state.keySet().toArray());
  }
}
