package io.mitai.ledger.embedded;

import io.mitai.chaincode.memory.KeyOrder;
import io.mitai.chaincode.memory.StateReader;
import io.mitai.ledger.LedgerException;
import io.mitai.ledger.SignedTreeHead;
import io.mitai.ledger.merkle.MerkleHasher;
import io.mitai.ledger.merkle.MerkleTree;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * This process's view of the chain: committed state, the Merkle tree, the head (height, last hash
 * and timestamp, signed tree head), and catching that view up with blocks other processes stored.
 *
 * <p>Several processes may write one chain in a shared database; this view moves forward either by
 * the committer applying its own block ({@link #advanceTo}) or by {@link #sync} / {@link #catchUp}
 * applying blocks stored by others. Both happen under {@link #advance}.
 */
final class ChainView {

  private static final HexFormat HEX = HexFormat.of();

  /** Blocks read per query while catching up with other processes. */
  private static final int CATCH_UP_PAGE = 200;

  private final LedgerStore store;
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
  final ReentrantLock advance = new ReentrantLock();

  /** Notified whenever the head moves, so event pumps waiting for new blocks look again. */
  private final Object commitSignal = new Object();

  private final LongAdder blocksFollowed = new LongAdder();

  private volatile boolean open = true;
  private volatile long height;
  private volatile String lastBlockHash;
  private volatile Instant lastTimestamp;
  private volatile SignedTreeHead treeHead;

  ChainView(LedgerStore store) {
    this.store = store;
  }

  /** Loads state, leaves and the last block from one snapshot, while others may be committing. */
  void recover(TreeHeadSigner signer) {
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
      treeHead = signer.sign(0, MerkleHasher.emptyRoot(), Instant.EPOCH);
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

  // --- the head --------------------------------------------------------------------------------

  boolean isOpen() {
    return open;
  }

  void markClosed() {
    open = false;
  }

  long height() {
    return height;
  }

  String lastBlockHash() {
    return lastBlockHash;
  }

  Instant lastTimestamp() {
    return lastTimestamp;
  }

  SignedTreeHead treeHead() {
    return treeHead;
  }

  long blocksFollowed() {
    return blocksFollowed.sum();
  }

  /**
   * Makes a block this process's head, after its writes are applied. The caller holds {@link
   * #advance}.
   */
  void advanceTo(String blockHash, Instant timestamp, SignedTreeHead head, long newHeight) {
    lastBlockHash = blockHash;
    lastTimestamp = timestamp;
    treeHead = head;
    height = newHeight;
  }

  void signalCommit() {
    synchronized (commitSignal) {
      commitSignal.notifyAll();
    }
  }

  /**
   * Waits up to {@code millis} for the head to move from {@code seenHeight}, unless {@code
   * stillWanted} is already false.
   */
  void awaitCommit(long seenHeight, BooleanSupplier stillWanted, long millis)
      throws InterruptedException {
    synchronized (commitSignal) {
      if (height == seenHeight && stillWanted.getAsBoolean() && open) {
        commitSignal.wait(millis);
      }
    }
  }

  // --- state and tree --------------------------------------------------------------------------

  /** Committed state with a block's pending writes on top. */
  StateReader layered(NavigableMap<String, Optional<byte[]>> pending) {
    return new LayeredState(pending);
  }

  void applyWrites(NavigableMap<String, Optional<byte[]>> writes) {
    writes.forEach(
        (key, value) -> {
          if (value.isPresent()) {
            committed.put(key, value.get());
          } else {
            committed.remove(key);
          }
        });
  }

  /** The number of leaves; read without the tree lock by whoever holds {@link #advance}. */
  long leafCount() {
    return tree.size();
  }

  /** Reads the tree under its read lock. */
  <T> T readTree(Function<MerkleTree, T> reader) {
    treeLock.readLock().lock();
    try {
      return reader.apply(tree);
    } finally {
      treeLock.readLock().unlock();
    }
  }

  /** Changes the tree under its write lock. */
  <T> T writeTree(Function<MerkleTree, T> writer) {
    treeLock.writeLock().lock();
    try {
      return writer.apply(tree);
    } finally {
      treeLock.writeLock().unlock();
    }
  }

  // --- following other processes ---------------------------------------------------------------

  /**
   * Brings this process's view up to the stored head: one indexed query when nothing is new. After
   * it returns, every block whose commit completed before it was called is applied here.
   */
  void sync() {
    long storedLast = store.read(LedgerSession::lastBlockNumber);
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
  int catchUp(LedgerSession session) throws SQLException {
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
      signalCommit();
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
    if (!MessageDigest.isEqual(Sha256.of(block.header()), block.hash())
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
    byte[] root =
        writeTree(
            t -> {
              txs.forEach(tx -> t.append(MerkleHasher.leafHash(tx.envelope())));
              byte[] r = t.root();
              if (t.size() != header.treeSize() || !HEX.formatHex(r).equals(header.treeRoot())) {
                t.truncate(firstLeaf);
                throw inconsistent(number, "its Merkle root does not match its transactions");
              }
              return r;
            });
    applyWrites(writes);
    Instant timestamp = Instant.parse(header.timestamp());
    advanceTo(
        HEX.formatHex(block.hash()),
        timestamp,
        new SignedTreeHead(header.treeSize(), root, timestamp, block.signature()),
        number + 1);
  }

  private static LedgerException inconsistent(long number, String why) {
    return new LedgerException(
        "stored block " + number + " cannot be followed: " + why + "; run the verifier");
  }

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
}
