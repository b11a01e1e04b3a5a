package io.mitai.ledger.embedded;

import io.mitai.ledger.ChaincodeEvent;
import io.mitai.ledger.Checkpoint;
import io.mitai.ledger.EventListener;
import io.mitai.ledger.LedgerUnavailableException;
import io.mitai.ledger.Subscription;
import java.util.Base64;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Reads events from the store after a checkpoint and waits for new blocks when caught up. */
final class EventPump implements Runnable, Subscription {

  private static final Logger LOG = Logger.getLogger(EmbeddedLedger.class.getName());

  private final LedgerStore store;
  private final ChainView chain;
  private final EventListener listener;
  private volatile Checkpoint position;
  private volatile boolean active = true;

  EventPump(LedgerStore store, ChainView chain, Checkpoint after, EventListener listener) {
    this.store = store;
    this.chain = chain;
    this.position = after;
    this.listener = listener;
  }

  /** Starts a pump on its own daemon thread. */
  static EventPump start(
      LedgerStore store, ChainView chain, Checkpoint after, EventListener listener) {
    EventPump pump = new EventPump(store, chain, after, listener);
    Thread thread = new Thread(pump, "ledger-events");
    thread.setDaemon(true);
    thread.start();
    return pump;
  }

  @Override
  public void run() {
    while (active && chain.isOpen()) {
      try {
        long seenHeight = chain.height();
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
          chain.awaitCommit(seenHeight, () -> active, 1000);
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
    return active && chain.isOpen();
  }

  @Override
  public void close() {
    active = false;
    chain.signalCommit();
  }
}
