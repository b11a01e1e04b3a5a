package io.mitai.chaincode.memory;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.shim.Chaincode.Response;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * The in-memory {@link ChaincodeStub} for one transaction, with a peer's semantics: reads see the
 * {@link StateReader} given (committed state, plus the earlier transactions of the same block when
 * the embedded ledger executes a block), never the transaction's own writes; writes are buffered in
 * a sorted write set that the caller applies only if the transaction succeeds; ranges and partial
 * composite keys iterate in {@link KeyOrder}; history is committed history; time is the transaction
 * timestamp; the creator is a serialized X.509 identity, so the shim's {@code ClientIdentity} works
 * unchanged. The embedded ledger runs the real contract on it, and the chaincode's tests drive the
 * contract through it, so both see the same semantics.
 *
 * <p>State-based endorsement: the contract puts a key-level policy (the owner organisation's peer)
 * on each asset's keys. {@code setStateValidationParameter} buffers it next to the write set
 * ({@link #validationParameterWrites()}), and {@code getStateValidationParameter} answers the
 * reader's committed policy (empty for a key without one). The embedded ledger has one endorser,
 * the node itself, so a policy has nothing to select: it keeps none, and its write set, and so
 * every block hash, is the same with or without them.
 *
 * <p>Every {@code setEvent} call is recorded ({@link #events()}), while Fabric keeps only the last
 * ({@link #chaincodeEvent()}), so a test can assert there was exactly one.
 *
 * <p>Features Mitai's contract does not use (private data, chaincode-to-chaincode calls, CouchDB
 * rich queries, pagination) throw a clear {@link UnsupportedOperationException} rather than
 * pretending.
 */
public final class MemoryStub implements ChaincodeStub {

  /** The largest code point; the shim ends partial composite-key ranges with it. */
  private static final String MAX_UNICODE_RUNE = new String(Character.toChars(0x10FFFF));

  private final String txId;
  private final String channel;
  private final List<byte[]> args;
  private final Instant timestamp;
  private final byte[] creator;
  private final String mspId;
  private final StateReader reader;
  private final Access access;
  private final NavigableMap<String, Optional<byte[]>> writes = new TreeMap<>(KeyOrder.CODE_POINTS);
  private final NavigableMap<String, byte[]> parameterWrites = new TreeMap<>(KeyOrder.CODE_POINTS);
  private final List<ChaincodeEvent> events = new ArrayList<>();

  /**
   * A transaction's stub.
   *
   * @param proposal what the transaction carries
   * @param reader the state it reads
   * @param access whether it may write
   */
  public MemoryStub(Proposal proposal, StateReader reader, Access access) {
    this.txId = proposal.txId();
    this.channel = proposal.channelId();
    List<byte[]> all = new ArrayList<>();
    all.add(proposal.function().getBytes(StandardCharsets.UTF_8));
    proposal.parameters().forEach(p -> all.add(p.getBytes(StandardCharsets.UTF_8)));
    this.args = Collections.unmodifiableList(all);
    this.timestamp = proposal.timestamp();
    this.creator = proposal.creator();
    this.mspId = proposal.mspId();
    this.reader = reader;
    this.access = access;
  }

  /** The write set, in key order: empty Optional means delete. */
  public NavigableMap<String, Optional<byte[]>> writeSet() {
    return Collections.unmodifiableNavigableMap(writes);
  }

  /** The key-level endorsement policies the transaction set, in key order. */
  public NavigableMap<String, byte[]> validationParameterWrites() {
    return Collections.unmodifiableNavigableMap(parameterWrites);
  }

  /** Every event the transaction set, in order. */
  public List<ChaincodeEvent> events() {
    return Collections.unmodifiableList(events);
  }

  /** The transaction's event as Fabric keeps it: the last one set. */
  public Optional<ChaincodeEvent> chaincodeEvent() {
    return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1));
  }

  @Override
  public List<byte[]> getArgs() {
    return args;
  }

  @Override
  public List<String> getStringArgs() {
    return args.stream().map(a -> new String(a, StandardCharsets.UTF_8)).toList();
  }

  @Override
  public String getFunction() {
    return getStringArgs().get(0);
  }

  @Override
  public List<String> getParameters() {
    List<String> all = getStringArgs();
    return all.subList(1, all.size());
  }

  @Override
  public String getTxId() {
    return txId;
  }

  @Override
  public String getChannelId() {
    return channel;
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
  public String getMspId() {
    return mspId;
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
  public SignedProposal getSignedProposal() {
    throw unsupported("signed proposals (there is no proposal envelope)");
  }

  @Override
  public byte[] getState(String key) {
    return reader.get(key).map(byte[]::clone).orElse(new byte[0]);
  }

  @Override
  public void putState(String key, byte[] value) {
    requireWritable();
    requireKey(key);
    // As on a peer, writing nothing is deleting.
    writes.put(
        key, value == null || value.length == 0 ? Optional.empty() : Optional.of(value.clone()));
  }

  @Override
  public void delState(String key) {
    requireWritable();
    requireKey(key);
    writes.put(key, Optional.empty());
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByRange(String startKey, String endKey) {
    String start = startKey == null || startKey.isEmpty() ? "\u0001" : startKey;
    String end = endKey == null || endKey.isEmpty() ? MAX_UNICODE_RUNE : endKey;
    CompositeKey.validateSimpleKeys(start, end);
    return range(start, end);
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String compositeKey) {
    String prefix =
        compositeKey == null || compositeKey.isEmpty() ? CompositeKey.NAMESPACE : compositeKey;
    return range(prefix, prefix + MAX_UNICODE_RUNE);
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(
      String objectType, String... attributes) {
    return getStateByPartialCompositeKey(new CompositeKey(objectType, attributes));
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(CompositeKey compositeKey) {
    return getStateByPartialCompositeKey(compositeKey.toString());
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
  public QueryResultsIterator<KeyModification> getHistoryForKey(String key) {
    List<KeyModification> entries = new ArrayList<>();
    for (StateReader.HistoryEntry entry : reader.history(key)) {
      entries.add(new Modification(entry));
    }
    return new ListIterator<>(entries);
  }

  @Override
  public void setEvent(String name, byte[] payload) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("an event needs a name");
    }
    // Fabric keeps one event per transaction, the last one set; every call is recorded for tests.
    events.add(
        ChaincodeEvent.newBuilder()
            .setEventName(name)
            .setTxId(txId)
            .setPayload(ByteString.copyFrom(payload == null ? new byte[0] : payload))
            .build());
  }

  @Override
  public ChaincodeEvent getEvent() {
    return chaincodeEvent().orElse(null);
  }

  private QueryResultsIterator<KeyValue> range(String start, String end) {
    List<KeyValue> out = new ArrayList<>();
    reader.range(start, end).forEach((k, v) -> out.add(new Entry(k, v)));
    return new ListIterator<>(out);
  }

  private void requireWritable() {
    if (access == Access.READ_ONLY) {
      throw new UnsupportedOperationException("an evaluated (read-only) transaction cannot write");
    }
  }

  private static void requireKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("a state key must not be empty");
    }
  }

  private static UnsupportedOperationException unsupported(String what) {
    return new UnsupportedOperationException("the in-memory stub does not support " + what);
  }

  // --- not offered ----------------------------------------------------------------------------

  @Override
  public Response invokeChaincode(String chaincodeName, List<byte[]> args, String channel) {
    throw unsupported("chaincode-to-chaincode calls");
  }

  // The committed policy, never this transaction's own (see the class comment).
  @Override
  public byte[] getStateValidationParameter(String key) {
    requireKey(key);
    return reader.validationParameter(key).map(byte[]::clone).orElse(new byte[0]);
  }

  @Override
  public void setStateValidationParameter(String key, byte[] value) {
    requireWritable();
    requireKey(key);
    parameterWrites.put(key, value == null ? new byte[0] : value.clone());
  }

  @Override
  public QueryResultsIteratorWithMetadata<KeyValue> getStateByRangeWithPagination(
      String startKey, String endKey, int pageSize, String bookmark) {
    throw unsupported("paginated queries");
  }

  @Override
  public QueryResultsIteratorWithMetadata<KeyValue> getStateByPartialCompositeKeyWithPagination(
      CompositeKey compositeKey, int pageSize, String bookmark) {
    throw unsupported("paginated queries");
  }

  @Override
  public QueryResultsIterator<KeyValue> getQueryResult(String query) {
    throw unsupported("rich (CouchDB) queries");
  }

  @Override
  public QueryResultsIteratorWithMetadata<KeyValue> getQueryResultWithPagination(
      String query, int pageSize, String bookmark) {
    throw unsupported("rich (CouchDB) queries");
  }

  @Override
  public byte[] getPrivateData(String collection, String key) {
    throw unsupported("private data collections");
  }

  @Override
  public byte[] getPrivateDataHash(String collection, String key) {
    throw unsupported("private data collections");
  }

  @Override
  public byte[] getPrivateDataValidationParameter(String collection, String key) {
    throw unsupported("private data collections");
  }

  @Override
  public void putPrivateData(String collection, String key, byte[] value) {
    throw unsupported("private data collections");
  }

  @Override
  public void setPrivateDataValidationParameter(String collection, String key, byte[] value) {
    throw unsupported("private data collections");
  }

  @Override
  public void delPrivateData(String collection, String key) {
    throw unsupported("private data collections");
  }

  @Override
  public void purgePrivateData(String collection, String key) {
    throw unsupported("private data collections");
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByRange(
      String collection, String startKey, String endKey) {
    throw unsupported("private data collections");
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
      String collection, String compositeKey) {
    throw unsupported("private data collections");
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
      String collection, CompositeKey compositeKey) {
    throw unsupported("private data collections");
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
      String collection, String objectType, String... attributes) {
    throw unsupported("private data collections");
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataQueryResult(String collection, String query) {
    throw unsupported("private data collections");
  }

  // --- result types --------------------------------------------------------------------------

  private record Entry(String key, byte[] value) implements KeyValue {
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

  private record Modification(StateReader.HistoryEntry entry) implements KeyModification {
    @Override
    public String getTxId() {
      return entry.txId();
    }

    @Override
    public byte[] getValue() {
      return entry.value() == null ? new byte[0] : entry.value().clone();
    }

    @Override
    public String getStringValue() {
      return new String(getValue(), StandardCharsets.UTF_8);
    }

    @Override
    public Instant getTimestamp() {
      return entry.timestamp();
    }

    @Override
    public boolean isDeleted() {
      return entry.deleted();
    }
  }

  private static final class ListIterator<T> implements QueryResultsIterator<T> {
    private final List<T> items;
    private boolean closed;

    ListIterator(List<T> items) {
      this.items = Collections.unmodifiableList(items);
    }

    @Override
    public Iterator<T> iterator() {
      // A contract that iterates a closed result has a bug a peer would show; show it here too.
      if (closed) {
        throw new IllegalStateException("the query result is already closed");
      }
      return items.iterator();
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
