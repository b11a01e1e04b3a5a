package io.mitai.ledger.embedded;

import io.mitai.ledger.LedgerException;
import io.mitai.ledger.LedgerUnavailableException;
import io.mitai.ledger.SubmitResult;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The committer thread: queues submissions, cuts blocks by load and commits each in one database
 * transaction that takes the commit lock, catches up, executes, stores and publishes.
 *
 * <p>Blocks are cut by load: the committer takes whatever is queued, up to {@code
 * maxBlockTransactions}, so one database commit serves many submitters when many are waiting.
 */
final class Committer {

  private static final Logger LOG = Logger.getLogger(EmbeddedLedger.class.getName());
  private static final HexFormat HEX = HexFormat.of();

  private final EmbeddedLedgerConfig config;
  private final LedgerStore store;
  private final ChainView chain;
  private final BlockExecutor executor;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread thread;

  private final LongAdder blocksCommitted = new LongAdder();
  private final LongAdder transactionsCommitted = new LongAdder();
  private final LongAdder syncNanos = new LongAdder();
  private final LongAdder executeNanos = new LongAdder();
  private final LongAdder storeNanos = new LongAdder();

  Committer(
      EmbeddedLedgerConfig config, LedgerStore store, ChainView chain, BlockExecutor executor) {
    this.config = config;
    this.store = store;
    this.chain = chain;
    this.executor = executor;
    this.thread = new Thread(this::commitLoop, "ledger-committer");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void join(long millis) throws InterruptedException {
    thread.join(millis);
  }

  /** Queues {@code pending} and waits for its block, up to the configured submit timeout. */
  SubmitResult submit(Pending pending) {
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

  /** Counters of this process's own blocks; {@code blocksFollowed} is left at 0. */
  EmbeddedLedger.Stats stats() {
    return new EmbeddedLedger.Stats(
        blocksCommitted.sum(),
        transactionsCommitted.sum(),
        executeNanos.sum(),
        storeNanos.sum(),
        syncNanos.sum(),
        0);
  }

  private void commitLoop() {
    List<Pending> batch = new ArrayList<>();
    while (chain.isOpen() || !queue.isEmpty()) {
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
            chain.advance.lock();
            chain.catchUp(session);
            List<String> ids =
                batch.stream()
                    .filter(p -> !p.result().isDone() && (retry || p.callerChoseId()))
                    .map(Pending::txId)
                    .distinct()
                    .toList();
            Map<String, LedgerStore.StoredTx> earlier = session.transactions(ids);
            draft.lockedAt = System.nanoTime();
            executor.execute(batch, earlier, draft);
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
        chain.writeTree(
            tree -> {
              tree.truncate(draft.firstLeaf);
              return null;
            });
      }
      throw e;
    } finally {
      if (chain.advance.isHeldByCurrentThread()) {
        chain.advance.unlock();
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

  /** Makes a stored block this process's head. The caller holds {@link ChainView#advance}. */
  private void publish(BlockDraft draft, long started) {
    chain.applyWrites(draft.writes);
    long stored = System.nanoTime();
    syncNanos.add(draft.lockedAt - started);
    executeNanos.add(draft.executedAt - draft.lockedAt);
    storeNanos.add(stored - draft.executedAt);
    blocksCommitted.increment();
    transactionsCommitted.add(draft.txs.size());
    chain.advanceTo(HEX.formatHex(draft.blockHash), draft.timestamp, draft.head, draft.number + 1);
    chain.signalCommit();
  }
}
