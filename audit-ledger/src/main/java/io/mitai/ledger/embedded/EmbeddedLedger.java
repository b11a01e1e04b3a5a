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
import java.sql.SQLException;
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
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.shim.Chaincode.Response;

/**
 * The embedded verifiable ledger: executes the contract in process, orders transactions into
 * hash-chained blocks, appends each transaction to an RFC 6962 Merkle tree, signs a tree head per
 * block, and stores everything in PostgreSQL.
 *
 * <p>Trust model: tamper-evident (any change to stored blocks or transactions is detected by {@link
 * LedgerVerifier} against the signing key), not Byzantine-fault-tolerant: whoever holds the
 * database and the signing key may write. Use the Fabric adapter where no single operator may be
 * trusted to order transactions.
 *
 * <p>Several processes may open the same database (a trusted operator's shared PostgreSQL, e.g.
 * three development nodes on one host): they write one chain. Each block is written in a database
 * transaction that first takes the ledger's advisory commit lock, then catches up with the blocks
 * others stored since this process last looked (state, Merkle leaves, last hash and timestamp),
 * then executes its queued transactions against that state. A follower thread polls the stored head
 * every {@link EmbeddedLedgerConfig#followInterval()} and catches up the same way, so subscribers
 * hear of other processes' events; reads catch up first when the stored head is ahead. A single
 * process pays one lock statement and one head query per block, and one head query per read.
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

  /** Blocks read per query while catching up with other processes. */
  private static final int CATCH_UP_PAGE = 200;

  private final EmbeddedLedgerConfig config;
  private final LedgerStore store;
  private final KeyPair treeHeadKey;
  private final ContractHost contracts;
  private final ConcurrentSkipListMap<String, byte[]> committed =
      new ConcurrentSkipListMap<>(KeyOrder.CODE_POINTS);
  private final MerkleTree tree = new MerkleTree();
  private final ReadWriteLock treeLock = new ReentrantReadWriteLock();

  /**
   * Held by whoever moves this process's view of the chain forward ({@link #committed}, {@link
   * #tree}, {@link #height} and the rest): the committer from its catch-up until its own block is
   * applied, or a reader or the follower applying blocks stored by other processes. So no block is
   * applied twice and the committer executes against state that does not move under it. The
   * committer takes it only after the database commit lock; nobody waits for that lock while
   * holding this one.
   */
  private final ReentrantLock advance = new ReentrantLock();

  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Object commitSignal = new Object();
  private final Object followSignal = new Object();
  private final SecureRandom random = new SecureRandom();
  private final Thread committer;
  private final Thread follower;

  private final LongAdder blocksCommitted = new LongAdder();
  private final LongAdder transactionsCommitted = new LongAdder();
  private final LongAdder blocksFollowed = new LongAdder();
  private final LongAdder syncNanos = new LongAdder();
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
    this.follower = new Thread(this::followLoop, "ledger-follower");
    follower.setDaemon(true);
    follower.start();
  }

  /**
   * Opens (creating on first use) the ledger stored in {@code dataSource}'s {@code ledger} schema.
   * The tree-head key must be the same on every start and in every process that opens the same
   * database: a ledger refuses to continue a chain signed by another key.
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

  /** Loads state, leaves and the last block from one snapshot, while others may be committing. */
  private void recover() {
    Optional<LedgerStore.StoredBlock> last =
        store.readSnapshot(
            session -> {
              session.loadState(s -> committed.put(s.key(), s.value()));
              session.loadLeafHashes(tree::append);
              return session.lastBlock();
            });
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

  // --- following other processes ---------------------------------------------------------------

  /**
   * Brings this process's view up to the stored head: one indexed query when nothing is new. After
   * it returns, every block whose commit completed before it was called is applied here.
   */
  private void sync() {
    long storedLast = store.read(LedgerStore.Session::lastBlockNumber);
    if (storedLast < height) {
      return;
    }
    advance.lock();
    try {
      if (storedLast >= height) {
        store.read(this::catchUp);
      }
    } finally {
      advance.unlock();
    }
  }

  /**
   * Applies the blocks stored after this process's height, checking that each continues the chain
   * as this process knows it. The caller holds {@link #advance}.
   *
   * @return how many blocks were applied
   */
  private int catchUp(LedgerStore.Session session) throws SQLException {
    int applied = 0;
    while (true) {
      List<LedgerStore.StoredBlock> blocks = session.blocks(height, CATCH_UP_PAGE);
      if (blocks.isEmpty()) {
        break;
      }
      List<LedgerStore.StoredTx> txs =
          session.transactionsOfBlocks(
              blocks.get(0).number(), blocks.get(blocks.size() - 1).number());
      int next = 0;
      for (LedgerStore.StoredBlock block : blocks) {
        int end = next;
        while (end < txs.size() && txs.get(end).blockNumber() == block.number()) {
          end++;
        }
        applyStored(block, txs.subList(next, end));
        next = end;
        applied++;
      }
      if (blocks.size() < CATCH_UP_PAGE) {
        break;
      }
    }
    if (applied > 0) {
      blocksFollowed.add(applied);
      synchronized (commitSignal) {
        commitSignal.notifyAll();
      }
    }
    return applied;
  }

  /** Applies one block another process stored (or this one, if its commit outcome was lost). */
  private void applyStored(LedgerStore.StoredBlock block, List<LedgerStore.StoredTx> txs) {
    BlockHeader header = LedgerVerifier.header(block.header());
    long number = height;
    if (block.number() != number || header.number() != number) {
      throw inconsistent(number, "block " + block.number() + " is stored in its place");
    }
    if (!MessageDigest.isEqual(sha256(block.header()), block.hash())
        || !header.previousHash().equals(lastBlockHash)) {
      throw inconsistent(number, "it does not continue the chain this process follows");
    }
    if (header.txCount() != txs.size() || header.firstLeafIndex() != tree.size()) {
      throw inconsistent(number, "its transactions are not where its header says");
    }
    NavigableMap<String, Optional<byte[]>> writes = new TreeMap<>(KeyOrder.CODE_POINTS);
    Base64.Decoder b64 = Base64.getDecoder();
    for (LedgerStore.StoredTx tx : txs) {
      for (TxEnvelope.Write w : LedgerVerifier.envelope(tx.envelope()).writes()) {
        writes.put(w.key(), w.delete() ? Optional.empty() : Optional.of(b64.decode(w.value())));
      }
    }
    long firstLeaf = tree.size();
    byte[] root;
    treeLock.writeLock().lock();
    try {
      txs.forEach(tx -> tree.append(MerkleHasher.leafHash(tx.envelope())));
      root = tree.root();
      if (tree.size() != header.treeSize() || !HEX.formatHex(root).equals(header.treeRoot())) {
        tree.truncate(firstLeaf);
        throw inconsistent(number, "its Merkle root does not match its transactions");
      }
    } finally {
      treeLock.writeLock().unlock();
    }
    applyWrites(writes);
    Instant timestamp = Instant.parse(header.timestamp());
    lastBlockHash = HEX.formatHex(block.hash());
    lastTimestamp = timestamp;
    treeHead = new SignedTreeHead(header.treeSize(), root, timestamp, block.signature());
    height = number + 1;
  }

  private static LedgerException inconsistent(long number, String why) {
    return new LedgerException(
        "stored block " + number + " cannot be followed: " + why + "; run the verifier");
  }

  private void applyWrites(NavigableMap<String, Optional<byte[]>> writes) {
    writes.forEach(
        (key, value) -> {
          if (value.isPresent()) {
            committed.put(key, value.get());
          } else {
            committed.remove(key);
          }
        });
  }

  /** Polls the stored head so that subscribers hear of other processes' blocks. */
  private void followLoop() {
    boolean failing = false;
    while (open) {
      synchronized (followSignal) {
        try {
          followSignal.wait(config.followInterval().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (!open) {
        return;
      }
      try {
        sync();
        if (failing) {
          LOG.info("following the ledger again");
        }
        failing = false;
      } catch (RuntimeException e) {
        if (!failing) {
          // Once per outage, not once per poll.
          LOG.log(Level.WARNING, "cannot follow the ledger database: {0}", e.getMessage());
        }
        failing = true;
      }
    }
  }

  // --- submit ----------------------------------------------------------------------------------

  @Override
  public SubmitResult submit(LedgerIdentity identity, Invocation invocation) {
    if (!open) {
      throw new LedgerUnavailableException("the ledger is closed", null);
    }
    // Chosen before the first attempt, so that a block retried after a lost commit finds its own
    // transactions (see commitBlock) instead of applying them again under new ids.
    String txId = invocation.txId().orElseGet(() -> newTxId(identity));
    Pending pending = new Pending(identity, invocation, txId, new CompletableFuture<>());
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

  /**
   * A queued submission.
   *
   * @param txId the caller's id, or one generated at submission
   */
  private record Pending(
      LedgerIdentity identity,
      Invocation invocation,
      String txId,
      CompletableFuture<SubmitResult> result) {

    boolean callerChoseId() {
      return invocation.txId().isPresent();
    }
  }

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

  /**
   * Commits one block of {@code batch}. If the kept connection failed (a database restart while
   * idle, or a commit whose outcome was lost), the whole block is tried once more on a fresh
   * connection; that attempt first catches up with whatever was stored, and looks up every id of
   * the batch, so a block that did land is reported, not applied again.
   */
  private void commitBlock(List<Pending> batch) {
    try {
      commitBlockOnce(batch, false);
    } catch (LedgerStore.BlockWriteFailure failure) {
      if (!failure.connectionLost()) {
        throw new LedgerUnavailableException(
            "the block could not be committed; retry", failure.getCause());
      }
      try {
        commitBlockOnce(batch, true);
      } catch (LedgerStore.BlockWriteFailure again) {
        throw new LedgerUnavailableException(
            "the block could not be committed; retry", again.getCause());
      }
    }
  }

  /** What one attempt at a block built before storing it. */
  private static final class BlockDraft {
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

  /**
   * Takes the commit lock, catches up, executes, stores and publishes one block, all in one
   * database transaction on the committer's connection. Runs on the committer thread only.
   */
  private void commitBlockOnce(List<Pending> batch, boolean retry)
      throws LedgerStore.BlockWriteFailure {
    long started = System.nanoTime();
    BlockDraft draft = new BlockDraft();
    try {
      store.inWriterTransaction(
          session -> {
            session.lockCommits();
            advance.lock();
            catchUp(session);
            List<String> ids =
                batch.stream()
                    .filter(p -> !p.result().isDone() && (retry || p.callerChoseId()))
                    .map(Pending::txId)
                    .distinct()
                    .toList();
            Map<String, LedgerStore.StoredTx> earlier = session.transactions(ids);
            draft.lockedAt = System.nanoTime();
            executeBlock(batch, earlier, draft);
            draft.executedAt = System.nanoTime();
            if (!draft.txs.isEmpty()) {
              session.append(
                  new LedgerStore.BlockWrite(
                      draft.number,
                      draft.headerBytes,
                      draft.blockHash,
                      draft.head.signature(),
                      draft.txs));
            }
            return null;
          });
      if (!draft.txs.isEmpty()) {
        publish(draft, started);
      }
    } catch (LedgerStore.BlockWriteFailure | RuntimeException e) {
      if (draft.leavesAppended) {
        treeLock.writeLock().lock();
        try {
          tree.truncate(draft.firstLeaf);
        } finally {
          treeLock.writeLock().unlock();
        }
      }
      throw e;
    } finally {
      if (advance.isHeldByCurrentThread()) {
        advance.unlock();
      }
    }
    for (int i = 0; i < draft.included.size(); i++) {
      LedgerStore.TxWrite tx = draft.txs.get(i);
      draft
          .included
          .get(i)
          .result()
          .complete(
              new SubmitResult(tx.txId(), draft.number, tx.txIndex(), draft.responses.get(i)));
    }
  }

  /**
   * Executes the batch against committed state (caught up) and builds the block in {@code draft},
   * appending its leaves to the tree. Transactions already committed under the same id are answered
   * with their first result and not executed again.
   */
  private void executeBlock(
      List<Pending> batch, Map<String, LedgerStore.StoredTx> earlier, BlockDraft draft) {
    long number = height;
    Instant timestamp = nextTimestamp();
    draft.number = number;
    draft.timestamp = timestamp;
    StateReader blockState = new LayeredState(draft.writes);
    Map<String, Pending> firstInBlock = new TreeMap<>();
    long firstLeaf = tree.size();

    for (Pending p : batch) {
      if (p.result().isDone()) {
        // Settled by an earlier attempt at this block (a refusal, say).
        continue;
      }
      Invocation inv = p.invocation();
      String txId = p.txId();
      Pending first = firstInBlock.putIfAbsent(txId, p);
      if (first != null) {
        // The same id twice in one block: the second gets whatever the first gets.
        first.result().whenComplete((r, e) -> settle(p, r, e));
        continue;
      }
      LedgerStore.StoredTx stored = earlier.get(txId);
      if (stored != null) {
        p.result().complete(resultOf(stored));
        continue;
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
      int txIndex = draft.txs.size();
      long leafIndex = firstLeaf + txIndex;
      List<TxEnvelope.Write> writes = new ArrayList<>();
      List<byte[]> values = new ArrayList<>();
      stub.writeSet()
          .forEach(
              (key, value) -> {
                writes.add(
                    new TxEnvelope.Write(key, value.map(this::b64).orElse(null), value.isEmpty()));
                values.add(value.orElse(null));
                draft.writes.put(key, value);
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
      draft.txs.add(
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
      draft.included.add(p);
      draft.responses.add(payload);
    }

    if (draft.txs.isEmpty()) {
      return;
    }

    MerkleTree blockTree = new MerkleTree();
    draft.txs.forEach(t -> blockTree.append(t.leafHash()));
    byte[] root;
    treeLock.writeLock().lock();
    try {
      draft.firstLeaf = firstLeaf;
      draft.leavesAppended = true;
      draft.txs.forEach(t -> tree.append(t.leafHash()));
      root = tree.root();
    } finally {
      treeLock.writeLock().unlock();
    }
    long treeSize = firstLeaf + draft.txs.size();
    BlockHeader header =
        new BlockHeader(
            BlockHeader.CURRENT_VERSION,
            number,
            lastBlockHash,
            HEX.formatHex(blockTree.root()),
            timestamp.toString(),
            firstLeaf,
            draft.txs.size(),
            treeSize,
            HEX.formatHex(root));
    draft.headerBytes = CanonicalJson.encode(header);
    draft.blockHash = sha256(draft.headerBytes);
    draft.head = sign(treeSize, root, timestamp);
  }

  /** Makes a stored block this process's head. The caller holds {@link #advance}. */
  private void publish(BlockDraft draft, long started) {
    applyWrites(draft.writes);
    long stored = System.nanoTime();
    syncNanos.add(draft.lockedAt - started);
    executeNanos.add(draft.executedAt - draft.lockedAt);
    storeNanos.add(stored - draft.executedAt);
    blocksCommitted.increment();
    transactionsCommitted.add(draft.txs.size());
    lastBlockHash = HEX.formatHex(draft.blockHash);
    lastTimestamp = draft.timestamp;
    treeHead = draft.head;
    height = draft.number + 1;
    synchronized (commitSignal) {
      commitSignal.notifyAll();
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

  /**
   * {@inheritDoc}
   *
   * <p>Reflects every commit that completed before the call, by any process sharing the database:
   * it first asks for the stored head (one query) and catches up if it is ahead.
   */
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
    sync();
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

  /** The number of blocks stored, by any process (asks the database). */
  @Override
  public long height() {
    sync();
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
    if (stored.get().leafIndex() >= treeHead.treeSize()) {
      // Committed by another process and not followed yet.
      sync();
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

  @Override
  public List<InclusionProof> proveInclusion(List<String> txIds) {
    List<LedgerStore.StoredTx> stored = new ArrayList<>(txIds.size());
    long highest = -1;
    for (String txId : txIds) {
      LedgerStore.StoredTx tx =
          store
              .transaction(txId)
              .orElseThrow(
                  () -> new IllegalArgumentException("transaction " + txId + " is not committed"));
      stored.add(tx);
      highest = Math.max(highest, tx.leafIndex());
    }
    if (highest >= treeHead.treeSize()) {
      sync();
    }
    SignedTreeHead head = treeHead;
    List<InclusionProof> proofs = new ArrayList<>(stored.size());
    treeLock.readLock().lock();
    try {
      for (LedgerStore.StoredTx tx : stored) {
        proofs.add(
            new InclusionProof(
                tx.txId(),
                tx.leafIndex(),
                tx.envelope(),
                tree.inclusionProof(tx.leafIndex(), head.treeSize()),
                head));
      }
    } finally {
      treeLock.readLock().unlock();
    }
    return proofs;
  }

  /** A consistency proof between two tree sizes this ledger has reached. */
  public List<byte[]> proveConsistency(long size1, long size2) {
    if (size2 > treeHead.treeSize()) {
      sync();
    }
    treeLock.readLock().lock();
    try {
      return tree.consistencyProof(size1, size2);
    } finally {
      treeLock.readLock().unlock();
    }
  }

  /**
   * Counters since this ledger was opened, for metrics and benchmarks.
   *
   * @param blocks blocks this process committed
   * @param transactions transactions in them
   * @param executeNanos time spent executing, hashing and signing those blocks
   * @param storeNanos time spent writing and committing them
   * @param syncNanos time spent before executing them: waiting for the commit lock, catching up
   *     with other processes' blocks and looking up caller-chosen transaction ids
   * @param blocksFollowed blocks stored by other processes that this one applied
   */
  public record Stats(
      long blocks,
      long transactions,
      long executeNanos,
      long storeNanos,
      long syncNanos,
      long blocksFollowed) {}

  public Stats stats() {
    return new Stats(
        blocksCommitted.sum(),
        transactionsCommitted.sum(),
        executeNanos.sum(),
        storeNanos.sum(),
        syncNanos.sum(),
        blocksFollowed.sum());
  }

  /** The latest signed tree head stored, by any process (asks the database). */
  @Override
  public SignedTreeHead treeHead() {
    sync();
    return treeHead;
  }

  @Override
  public PublicKey treeHeadKey() {
    return treeHeadKey.getPublic();
  }

  @Override
  public void close() {
    open = false;
    synchronized (followSignal) {
      followSignal.notifyAll();
    }
    try {
      committer.join(TimeUnit.SECONDS.toMillis(10));
      follower.join(TimeUnit.SECONDS.toMillis(10));
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
