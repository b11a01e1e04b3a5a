package io.mitai.ledger.embedded;

import com.google.protobuf.ByteString;
import io.mitai.ledger.BlockView;
import io.mitai.ledger.ChaincodeEvent;
import io.mitai.ledger.Checkpoint;
import io.mitai.ledger.EndorsementException;
import io.mitai.ledger.EventListener;
import io.mitai.ledger.InclusionProof;
import io.mitai.ledger.Invocation;
import io.mitai.ledger.Ledger;
import io.mitai.ledger.LedgerException;
import io.mitai.ledger.LedgerExplorer;
import io.mitai.ledger.LedgerIdentity;
import io.mitai.ledger.LedgerUnavailableException;
import io.mitai.ledger.SignedTreeHead;
import io.mitai.ledger.SubmitResult;
import io.mitai.ledger.Subscription;
import io.mitai.ledger.TransactionView;
import io.mitai.ledger.VerificationReport;
import io.mitai.ledger.codec.CanonicalJson;
import io.mitai.ledger.merkle.MerkleHasher;
import io.mitai.ledger.merkle.MerkleTree;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.shim.Chaincode.Response;

/**
 * The embedded verifiable ledger: one writer that executes the contract in process, orders
 * transactions into hash-chained blocks, appends each transaction to an RFC 6962 Merkle tree, signs
 * a tree head per block, and stores everything in PostgreSQL.
 *
 * <p>Trust model: a single writer, tamper-evident (any change to stored blocks or transactions is
 * detected by {@link LedgerVerifier} against the signing key), not Byzantine-fault-tolerant. Use
 * the Fabric adapter where no single operator may be trusted to order transactions.
 *
 * <p>Transactions execute one at a time on the committer thread, against committed state plus the
 * earlier transactions of the same block, so there are no MVCC conflicts; the version of each key
 * (block, transaction) is still recorded. Blocks are cut by load: the committer takes whatever is
 * queued, up to {@code maxBlockTransactions}, so one database commit serves many submitters when
 * many are waiting.
 */
public final class EmbeddedLedger implements Ledger, LedgerExplorer {

  private static final Logger LOG = Logger.getLogger(EmbeddedLedger.class.getName());
  private static final String META_TREE_HEAD_KEY = "tree-head-public-key";
  private static final HexFormat HEX = HexFormat.of();

  private final EmbeddedLedgerConfig config;
  private final LedgerStore store;
  private final KeyPair treeHeadKey;
  private final ContractHost contracts;
  private final ConcurrentSkipListMap<String, byte[]> committed =
      new ConcurrentSkipListMap<>(KeyOrder.CODE_POINTS);
  private final MerkleTree tree = new MerkleTree();
  private final ReadWriteLock treeLock = new ReentrantReadWriteLock();
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Object commitSignal = new Object();
  private final SecureRandom random = new SecureRandom();
  private final Thread committer;

  private final LongAdder blocksCommitted = new LongAdder();
  private final LongAdder transactionsCommitted = new LongAdder();
  private final LongAdder executeNanos = new LongAdder();
  private final LongAdder storeNanos = new LongAdder();

  private volatile boolean open = true;
  private volatile long height;
  private volatile String lastBlockHash;
  private volatile Instant lastTimestamp;
  private volatile SignedTreeHead treeHead;

  private EmbeddedLedger(DataSource dataSource, KeyPair treeHeadKey, EmbeddedLedgerConfig config) {
    this.config = config;
    this.store = new LedgerStore(dataSource);
    this.treeHeadKey = treeHeadKey;
    store.migrate();
    pinTreeHeadKey();
    recover();
    this.contracts = ContractHost.forChaincode(config.chaincode());
    this.committer = new Thread(this::commitLoop, "ledger-committer");
    committer.setDaemon(true);
    committer.start();
  }

  /**
   * Opens (creating on first use) the ledger stored in {@code dataSource}'s {@code ledger} schema.
   * The tree-head key must be the same on every start: a ledger refuses to continue a chain signed
   * by another key.
   */
  public static EmbeddedLedger open(
      DataSource dataSource, KeyPair treeHeadKey, EmbeddedLedgerConfig config) {
    return new EmbeddedLedger(dataSource, treeHeadKey, config);
  }

  private void pinTreeHeadKey() {
    byte[] encoded = treeHeadKey.getPublic().getEncoded();
    store.putMetaIfAbsent(META_TREE_HEAD_KEY, encoded);
    byte[] pinned = store.meta(META_TREE_HEAD_KEY).orElseThrow();
    if (!MessageDigest.isEqual(pinned, encoded)) {
      throw new LedgerException(
          "this ledger's tree heads are signed by another key; refusing to continue its chain");
    }
  }

  private void recover() {
    store.loadState(s -> committed.put(s.key(), s.value()));
    store.loadLeafHashes(tree::append);
    Optional<LedgerStore.StoredBlock> last = store.lastBlock();
    if (last.isEmpty()) {
      height = 0;
      lastBlockHash = BlockHeader.GENESIS_PREVIOUS;
      lastTimestamp = Instant.EPOCH;
      treeHead = sign(0, MerkleHasher.emptyRoot(), Instant.EPOCH);
      return;
    }
    BlockHeader header = LedgerVerifier.header(last.get().header());
    if (header.treeSize() != tree.size()) {
      throw new LedgerException(
          "the ledger database is inconsistent: the last block ends at leaf "
              + header.treeSize()
              + " but "
              + tree.size()
              + " transactions are stored; run the verifier");
    }
    height = header.number() + 1;
    lastBlockHash = HEX.formatHex(last.get().hash());
    lastTimestamp = Instant.parse(header.timestamp());
    treeHead =
        new SignedTreeHead(
            header.treeSize(),
            HEX.parseHex(header.treeRoot()),
            lastTimestamp,
            last.get().signature());
  }

  // --- submit ----------------------------------------------------------------------------------

  @Override
  public SubmitResult submit(LedgerIdentity identity, Invocation invocation) {
    if (!open) {
      throw new LedgerUnavailableException("the ledger is closed", null);
    }
    Pending pending = new Pending(identity, invocation, new CompletableFuture<>());
    queue.add(pending);
    try {
      return pending.result().get(config.submitTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof LedgerException ledgerException) {
        throw ledgerException;
      }
      throw new LedgerException("the transaction failed", e.getCause());
    } catch (TimeoutException e) {
      throw new LedgerUnavailableException("the ledger did not commit in time; retry", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerUnavailableException("interrupted while waiting for the commit", e);
    }
  }

  private record Pending(
      LedgerIdentity identity, Invocation invocation, CompletableFuture<SubmitResult> result) {}

  private void commitLoop() {
    List<Pending> batch = new ArrayList<>();
    while (open || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        fillBlock(batch);
        commitBlock(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "ledger committer failed a block", e);
        LedgerUnavailableException failure =
            new LedgerUnavailableException("the block could not be committed; retry", e);
        batch.forEach(p -> p.result().completeExceptionally(failure));
      } finally {
        batch.clear();
      }
    }
    queue.forEach(
        p ->
            p.result()
                .completeExceptionally(new LedgerUnavailableException("the ledger closed", null)));
    store.closeWriter();
  }

  /** Takes what is queued, up to the block size, waiting at most maxBlockWait for more. */
  private void fillBlock(List<Pending> batch) throws InterruptedException {
    int max = config.maxBlockTransactions();
    queue.drainTo(batch, max - batch.size());
    long deadline = System.nanoTime() + config.maxBlockWait().toNanos();
    while (batch.size() < max) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Pending next = queue.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      batch.add(next);
      queue.drainTo(batch, max - batch.size());
    }
  }

  /** Executes, orders, stores and publishes one block. Runs on the committer thread only. */
  private void commitBlock(List<Pending> batch) {
    long started = System.nanoTime();
    long number = height;
    Instant timestamp = nextTimestamp();
    NavigableMap<String, Optional<byte[]>> pendingWrites = new TreeMap<>(KeyOrder.CODE_POINTS);
    StateReader blockState = new LayeredState(pendingWrites);
    List<LedgerStore.TxWrite> txs = new ArrayList<>();
    List<Pending> included = new ArrayList<>();
    List<byte[]> responses = new ArrayList<>();
    Map<String, Pending> firstInBlock = new TreeMap<>();
    long firstLeaf = tree.size();

    for (Pending p : batch) {
      Invocation inv = p.invocation();
      String txId = inv.txId().orElseGet(() -> newTxId(p.identity()));
      Pending first = firstInBlock.putIfAbsent(txId, p);
      if (first != null) {
        // The same id twice in one block: the second gets whatever the first gets.
        first.result().whenComplete((r, e) -> settle(p, r, e));
        continue;
      }
      if (inv.txId().isPresent()) {
        Optional<LedgerStore.StoredTx> earlier = store.transaction(txId);
        if (earlier.isPresent()) {
          p.result().complete(resultOf(earlier.get()));
          continue;
        }
      }
      EmbeddedStub stub =
          new EmbeddedStub(
              txId,
              config.channel(),
              inv.function(),
              inv.args(),
              timestamp,
              creator(p.identity()),
              p.identity().mspId(),
              blockState,
              false);
      Response response = invokeContract(stub);
      if (response.getStatusCode() >= 400) {
        p.result()
            .completeExceptionally(
                new EndorsementException(
                    inv.function(), response.getMessage(), response.getStringPayload()));
        continue;
      }
      int txIndex = txs.size();
      long leafIndex = firstLeaf + txIndex;
      List<TxEnvelope.Write> writes = new ArrayList<>();
      List<byte[]> values = new ArrayList<>();
      stub.writeSet()
          .forEach(
              (key, value) -> {
                writes.add(
                    new TxEnvelope.Write(key, value.map(this::b64).orElse(null), value.isEmpty()));
                values.add(value.orElse(null));
                pendingWrites.put(key, value);
              });
      byte[] payload = response.getPayload() == null ? new byte[0] : response.getPayload();
      TxEnvelope.Event event =
          stub.chaincodeEvent()
              .<TxEnvelope.Event>map(
                  e -> new TxEnvelope.Event(e.getEventName(), b64(e.getPayload().toByteArray())))
              .orElse(null);
      TxEnvelope envelope =
          new TxEnvelope(
              TxEnvelope.CURRENT_VERSION,
              txId,
              config.channel(),
              config.chaincode(),
              number,
              txIndex,
              leafIndex,
              timestamp.toString(),
              p.identity().mspId(),
              sha256Hex(p.identity().certificatePem().getBytes(StandardCharsets.UTF_8)),
              inv.function(),
              inv.args(),
              b64(payload),
              event,
              writes);
      byte[] leaf = CanonicalJson.encode(envelope);
      txs.add(
          new LedgerStore.TxWrite(
              txId,
              txIndex,
              leafIndex,
              leaf,
              MerkleHasher.leafHash(leaf),
              event == null ? null : event.name(),
              timestamp,
              writes,
              values));
      included.add(p);
      responses.add(payload);
    }

    if (txs.isEmpty()) {
      return;
    }

    MerkleTree blockTree = new MerkleTree();
    txs.forEach(t -> blockTree.append(t.leafHash()));
    byte[] root;
    treeLock.writeLock().lock();
    try {
      txs.forEach(t -> tree.append(t.leafHash()));
      root = tree.root();
    } finally {
      treeLock.writeLock().unlock();
    }
    long treeSize = firstLeaf + txs.size();
    BlockHeader header =
        new BlockHeader(
            BlockHeader.CURRENT_VERSION,
            number,
            lastBlockHash,
            HEX.formatHex(blockTree.root()),
            timestamp.toString(),
            firstLeaf,
            txs.size(),
            treeSize,
            HEX.formatHex(root));
    byte[] headerBytes = CanonicalJson.encode(header);
    byte[] blockHash = sha256(headerBytes);
    SignedTreeHead head = sign(treeSize, root, timestamp);
    long executed = System.nanoTime();
    try {
      store.append(
          new LedgerStore.BlockWrite(number, headerBytes, blockHash, head.signature(), txs));
    } catch (RuntimeException e) {
      treeLock.writeLock().lock();
      try {
        tree.truncate(firstLeaf);
      } finally {
        treeLock.writeLock().unlock();
      }
      throw e;
    }

    pendingWrites.forEach(
        (key, value) -> {
          if (value.isPresent()) {
            committed.put(key, value.get());
          } else {
            committed.remove(key);
          }
        });
    executeNanos.add(executed - started);
    storeNanos.add(System.nanoTime() - executed);
    blocksCommitted.increment();
    transactionsCommitted.add(txs.size());
    lastBlockHash = HEX.formatHex(blockHash);
    lastTimestamp = timestamp;
    treeHead = head;
    height = number + 1;
    synchronized (commitSignal) {
      commitSignal.notifyAll();
    }
    for (int i = 0; i < included.size(); i++) {
      LedgerStore.TxWrite tx = txs.get(i);
      included
          .get(i)
          .result()
          .complete(new SubmitResult(tx.txId(), number, tx.txIndex(), responses.get(i)));
    }
  }

  private static void settle(Pending p, SubmitResult result, Throwable failure) {
    if (failure != null) {
      p.result().completeExceptionally(failure);
    } else {
      p.result().complete(result);
    }
  }

  private Response invokeContract(EmbeddedStub stub) {
    try {
      return contracts.invoke(stub);
    } catch (RuntimeException e) {
      // The router turns contract exceptions into responses; anything else is a contract bug.
      return new Response(500, "the contract failed: " + e, new byte[0]);
    }
  }

  private Instant nextTimestamp() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant last = lastTimestamp;
    return now.isAfter(last) ? now : last.plusMillis(1);
  }

  private String newTxId(LedgerIdentity identity) {
    // Like Fabric: SHA-256 over a fresh nonce and the creator.
    byte[] nonce = new byte[24];
    random.nextBytes(nonce);
    MessageDigest digest = sha256Digest();
    digest.update(nonce);
    digest.update(creator(identity));
    return HEX.formatHex(digest.digest());
  }

  private static byte[] creator(LedgerIdentity identity) {
    return SerializedIdentity.newBuilder()
        .setMspid(identity.mspId())
        .setIdBytes(ByteString.copyFromUtf8(identity.certificatePem()))
        .build()
        .toByteArray();
  }

  private SignedTreeHead sign(long size, byte[] root, Instant timestamp) {
    try {
      Signature signer = Signature.getInstance(SignedTreeHead.SIGNATURE_ALGORITHM);
      signer.initSign(treeHeadKey.getPrivate());
      signer.update(SignedTreeHead.signedBytes(size, root, timestamp));
      return new SignedTreeHead(size, root, timestamp, signer.sign());
    } catch (GeneralSecurityException e) {
      throw new LedgerException("the tree head could not be signed", e);
    }
  }

  // --- reads -----------------------------------------------------------------------------------

  @Override
  public String evaluate(LedgerIdentity identity, String function, String... args) {
    return new String(
        execute(identity, newTxId(identity), function, List.of(args), true),
        StandardCharsets.UTF_8);
  }

  /**
   * Executes {@code invocation} against committed state and returns what the contract returns,
   * discarding its writes: what a Fabric peer does when it endorses a proposal. The gateway that
   * lets the Fabric client talk to this ledger uses it; nothing is recorded.
   *
   * @throws EndorsementException the contract refused it
   */
  public byte[] simulate(LedgerIdentity identity, String txId, Invocation invocation) {
    return execute(identity, txId, invocation.function(), invocation.args(), false);
  }

  private byte[] execute(
      LedgerIdentity identity, String txId, String function, List<String> args, boolean readOnly) {
    EmbeddedStub stub =
        new EmbeddedStub(
            txId,
            config.channel(),
            function,
            args,
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            creator(identity),
            identity.mspId(),
            new LayeredState(new TreeMap<>(KeyOrder.CODE_POINTS)),
            readOnly);
    Response response = invokeContract(stub);
    if (response.getStatusCode() >= 400) {
      throw new EndorsementException(function, response.getMessage(), response.getStringPayload());
    }
    return response.getPayload() == null ? new byte[0] : response.getPayload();
  }

  @Override
  public Subscription subscribe(Checkpoint after, EventListener listener) {
    EventPump pump = new EventPump(after, listener);
    Thread thread = new Thread(pump, "ledger-events");
    thread.setDaemon(true);
    thread.start();
    return pump;
  }

  @Override
  public long height() {
    return height;
  }

  @Override
  public List<BlockView> blocks(long from, int limit) {
    return store.blocks(Math.max(0, from), Math.max(0, Math.min(limit, 1000))).stream()
        .map(this::view)
        .toList();
  }

  @Override
  public Optional<BlockView> block(long number) {
    return store.block(number).map(this::view);
  }

  private BlockView view(LedgerStore.StoredBlock block) {
    BlockHeader header = LedgerVerifier.header(block.header());
    List<String> txIds = store.txIdsOf(block.number());
    return new BlockView(
        header.number(),
        HEX.formatHex(block.hash()),
        header.previousHash(),
        header.dataHash(),
        Instant.parse(header.timestamp()),
        header.treeSize(),
        header.treeRoot(),
        txIds);
  }

  @Override
  public Optional<TransactionView> transaction(String txId) {
    return store.transaction(txId).map(EmbeddedLedger::view);
  }

  static TransactionView view(LedgerStore.StoredTx tx) {
    TxEnvelope e = LedgerVerifier.envelope(tx.envelope());
    Base64.Decoder b64 = Base64.getDecoder();
    return new TransactionView(
        e.txId(),
        e.blockNumber(),
        e.txIndex(),
        e.leafIndex(),
        Instant.parse(e.timestamp()),
        e.creatorMspId(),
        e.function(),
        e.args(),
        utf8(b64.decode(e.response())),
        Optional.ofNullable(e.event()).map(TxEnvelope.Event::name),
        Optional.ofNullable(e.event()).map(ev -> utf8(b64.decode(ev.payload()))),
        e.writes().stream()
            .map(
                w ->
                    new TransactionView.Write(
                        w.key(), Optional.ofNullable(w.value()).map(v -> utf8(b64.decode(v)))))
            .toList(),
        HEX.formatHex(tx.leafHash()));
  }

  private static SubmitResult resultOf(LedgerStore.StoredTx tx) {
    TxEnvelope e = LedgerVerifier.envelope(tx.envelope());
    return new SubmitResult(
        tx.txId(), tx.blockNumber(), tx.txIndex(), Base64.getDecoder().decode(e.response()));
  }

  @Override
  public VerificationReport verify() {
    return new LedgerVerifier(treeHeadKey.getPublic()).verify(new JdbcBlockSource(store));
  }

  @Override
  public Optional<InclusionProof> proveInclusion(String txId) {
    Optional<LedgerStore.StoredTx> stored = store.transaction(txId);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    SignedTreeHead head = treeHead;
    List<byte[]> path;
    treeLock.readLock().lock();
    try {
      path = tree.inclusionProof(stored.get().leafIndex(), head.treeSize());
    } finally {
      treeLock.readLock().unlock();
    }
    return Optional.of(
        new InclusionProof(txId, stored.get().leafIndex(), stored.get().envelope(), path, head));
  }

  /** A consistency proof between two tree sizes this ledger has reached. */
  public List<byte[]> proveConsistency(long size1, long size2) {
    treeLock.readLock().lock();
    try {
      return tree.consistencyProof(size1, size2);
    } finally {
      treeLock.readLock().unlock();
    }
  }

  /** Counters since this ledger was opened, for metrics and benchmarks. */
  public record Stats(long blocks, long transactions, long executeNanos, long storeNanos) {}

  public Stats stats() {
    return new Stats(
        blocksCommitted.sum(), transactionsCommitted.sum(), executeNanos.sum(), storeNanos.sum());
  }

  @Override
  public SignedTreeHead treeHead() {
    return treeHead;
  }

  @Override
  public PublicKey treeHeadKey() {
    return treeHeadKey.getPublic();
  }

  @Override
  public void close() {
    open = false;
    try {
      committer.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (commitSignal) {
      commitSignal.notifyAll();
    }
  }

  // --- state views -----------------------------------------------------------------------------

  /** Committed state with a block's pending writes on top. */
  private final class LayeredState implements StateReader {
    private final NavigableMap<String, Optional<byte[]>> pending;

    LayeredState(NavigableMap<String, Optional<byte[]>> pending) {
      this.pending = pending;
    }

    @Override
    public Optional<byte[]> get(String key) {
      Optional<byte[]> own = pending.get(key);
      return own != null ? own : Optional.ofNullable(committed.get(key));
    }

    @Override
    public NavigableMap<String, byte[]> range(String start, String end) {
      NavigableMap<String, byte[]> out = new TreeMap<>(KeyOrder.CODE_POINTS);
      out.putAll(committed.subMap(start, true, end, false));
      pending
          .subMap(start, true, end, false)
          .forEach(
              (k, v) -> {
                if (v.isPresent()) {
                  out.put(k, v.get());
                } else {
                  out.remove(k);
                }
              });
      return out;
    }

    @Override
    public List<HistoryEntry> history(String key) {
      return store.history(key);
    }
  }

  // --- events ----------------------------------------------------------------------------------

  /** Reads events from the store after a checkpoint and waits for new blocks when caught up. */
  private final class EventPump implements Runnable, Subscription {
    private final EventListener listener;
    private volatile Checkpoint position;
    private volatile boolean active = true;

    EventPump(Checkpoint after, EventListener listener) {
      this.position = after;
      this.listener = listener;
    }

    @Override
    public void run() {
      while (active && open) {
        try {
          long seenHeight = height;
          List<LedgerStore.StoredEvent> events =
              store.eventsAfter(position.blockNumber(), position.txIndex(), 500);
          for (LedgerStore.StoredEvent stored : events) {
            if (!active) {
              return;
            }
            TxEnvelope e = LedgerVerifier.envelope(stored.envelope());
            listener.onEvent(
                new ChaincodeEvent(
                    e.blockNumber(),
                    e.txIndex(),
                    e.txId(),
                    e.event().name(),
                    Base64.getDecoder().decode(e.event().payload())));
            position = new Checkpoint(e.blockNumber(), e.txIndex());
          }
          if (events.size() < 500) {
            synchronized (commitSignal) {
              if (height == seenHeight && active && open) {
                commitSignal.wait(1000);
              }
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          active = false;
        } catch (LedgerUnavailableException e) {
          LOG.log(Level.WARNING, "event delivery paused: {0}", e.getMessage());
          sleepQuietly();
        } catch (Exception e) {
          LOG.log(Level.WARNING, "an event listener failed; its subscription stops", e);
          active = false;
        }
      }
    }

    private void sleepQuietly() {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        active = false;
      }
    }

    @Override
    public boolean isActive() {
      return active && open;
    }

    @Override
    public void close() {
      active = false;
      synchronized (commitSignal) {
        commitSignal.notifyAll();
      }
    }
  }

  // --- small helpers ---------------------------------------------------------------------------

  private String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static byte[] sha256(byte[] bytes) {
    return sha256Digest().digest(bytes);
  }

  private static String sha256Hex(byte[] bytes) {
    return HEX.formatHex(sha256(bytes));
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
