package io.mitai.ledger.embedded;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Polls the stored head every follow interval and catches up, so that subscribers hear of blocks
 * other processes sharing the database committed.
 */
final class Follower {

  private static final Logger LOG = Logger.getLogger(EmbeddedLedger.class.getName());

  private final ChainView chain;
  private final Duration interval;
  private final Object followSignal = new Object();
  private final Thread thread;

  Follower(ChainView chain, Duration interval) {
    this.chain = chain;
    this.interval = interval;
    this.thread = new Thread(this::followLoop, "ledger-follower");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Wakes the loop early, so that it notices the chain has closed. */
  void wake() {
    synchronized (followSignal) {
      followSignal.notifyAll();
    }
  }

  void join(long millis) throws InterruptedException {
    thread.join(millis);
  }

  private void followLoop() {
    boolean failing = false;
    while (chain.isOpen()) {
      synchronized (followSignal) {
        try {
          followSignal.wait(interval.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (!chain.isOpen()) {
        return;
      }
      try {
        chain.sync();
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
}
