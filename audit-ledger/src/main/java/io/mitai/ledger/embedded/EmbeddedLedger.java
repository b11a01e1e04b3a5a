package io.mitai.ledger.embedded;

import io.mitai.ledger.BlockView;
import io.mitai.ledger.Checkpoint;
import io.mitai.ledger.EndorsementException;
import io.mitai.ledger.EventListener;
import io.mitai.ledger.InclusionProof;
import io.mitai.ledger.Invocation;
import io.mitai.ledger.Ledger;
import io.mitai.ledger.LedgerExplorer;
import io.mitai.ledger.LedgerIdentity;
import io.mitai.ledger.LedgerUnavailableException;
import io.mitai.ledger.SignedTreeHead;
import io.mitai.ledger.SubmitResult;
import io.mitai.ledger.Subscription;
import io.mitai.ledger.TransactionView;
import io.mitai.ledger.VerificationReport;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

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
 *
 * <p>This class is the facade over the jobs that do the work: {@link ChainView} (state, tree, head
 * and catching up), {@link Committer} (the committer thread), {@link BlockExecutor} (running the
 * contract and building blocks), {@link TreeHeadSigner}, {@link Follower} (polling other processes'
 * blocks), {@link ChainExplorer} (views and proofs) and {@link EventPump} (subscriptions).
 */
public final class EmbeddedLedger implements Ledger, LedgerExplorer {

  private final LedgerStore store;
  private final TreeHeadSigner signer;
  private final ChainView chain;
  private final BlockExecutor executor;
  private final Committer committer;
  private final Follower follower;
  private final ChainExplorer explorer;

  private EmbeddedLedger(DataSource dataSource, KeyPair treeHeadKey, EmbeddedLedgerConfig config) {
    this.store = new LedgerStore(dataSource);
    this.signer = new TreeHeadSigner(treeHeadKey);
    this.chain = new ChainView(store);
    store.migrate();
    signer.pin(store);
    chain.recover(signer);
    this.executor = new BlockExecutor(config, chain, signer);
    this.explorer = new ChainExplorer(store, chain);
    this.committer = new Committer(config, store, chain, executor);
    committer.start();
    this.follower = new Follower(chain, config.followInterval());
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

  // --- submit ----------------------------------------------------------------------------------

  @Override
  public SubmitResult submit(LedgerIdentity identity, Invocation invocation) {
    if (!chain.isOpen()) {
      throw new LedgerUnavailableException("the ledger is closed", null);
    }
    // Chosen before the first attempt, so that a block retried after a lost commit finds its own
    // transactions (see Committer.commitBlock) instead of applying them again under new ids.
    String txId = invocation.txId().orElseGet(() -> executor.newTxId(identity));
    return committer.submit(new Pending(identity, invocation, txId, new CompletableFuture<>()));
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
        executor.endorse(identity, executor.newTxId(identity), function, List.of(args), true),
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
    return executor.endorse(identity, txId, invocation.function(), invocation.args(), false);
  }

  @Override
  public Subscription subscribe(Checkpoint after, EventListener listener) {
    return EventPump.start(store, chain, after, listener);
  }

  /** The number of blocks stored, by any process (asks the database). */
  @Override
  public long height() {
    chain.sync();
    return chain.height();
  }

  @Override
  public List<BlockView> blocks(long from, int limit) {
    return explorer.blocks(from, limit);
  }

  @Override
  public Optional<BlockView> block(long number) {
    return explorer.block(number);
  }

  @Override
  public Optional<TransactionView> transaction(String txId) {
    return explorer.transaction(txId);
  }

  @Override
  public VerificationReport verify() {
    return new LedgerVerifier(signer.publicKey()).verify(new JdbcBlockSource(store));
  }

  @Override
  public Optional<InclusionProof> proveInclusion(String txId) {
    return explorer.proveInclusion(txId);
  }

  @Override
  public List<InclusionProof> proveInclusion(List<String> txIds) {
    return explorer.proveInclusion(txIds);
  }

  /** A consistency proof between two tree sizes this ledger has reached. */
  public List<byte[]> proveConsistency(long size1, long size2) {
    return explorer.proveConsistency(size1, size2);
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
    Stats own = committer.stats();
    return new Stats(
        own.blocks(),
        own.transactions(),
        own.executeNanos(),
        own.storeNanos(),
        own.syncNanos(),
        chain.blocksFollowed());
  }

  /** The latest signed tree head stored, by any process (asks the database). */
  @Override
  public SignedTreeHead treeHead() {
    chain.sync();
    return chain.treeHead();
  }

  @Override
  public PublicKey treeHeadKey() {
    return signer.publicKey();
  }

  @Override
  public void close() {
    chain.markClosed();
    follower.wake();
    try {
      committer.join(TimeUnit.SECONDS.toMillis(10));
      follower.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    chain.signalCommit();
  }
}
