package io.mitai.compute.ops;

import io.mitai.compute.session.FailureReason;
import io.mitai.compute.session.PartyChannel;
import io.mitai.compute.session.SessionFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends that run while the protocol thread receives. Why: when every party first sends a large set
 * and then receives, bounded flow control would deadlock; sending from a helper thread lets each
 * party drain its inbound links at the same time. One daemon thread per session, stopped by {@link
 * #close()} on every path, so a failed session leaks no thread.
 */
final class Async implements AutoCloseable {
  /** A send job that may fail like a protocol step. */
  interface Job {
    void run() throws SessionFailedException;
  }

  private final PartyChannel ch;
  private final ExecutorService exec;
  private final List<Future<?>> pending = new ArrayList<>();

  Async(PartyChannel ch) {
    this.ch = ch;
    this.exec =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "mitai-send-" + ch.session() + "-" + ch.self());
              t.setDaemon(true);
              return t;
            });
  }

  void submit(Job job) {
    pending.add(
        exec.submit(
            () -> {
              job.run();
              return null;
            }));
  }

  /**
   * Waits for every submitted send. Each send inside is itself bounded (by the peer's liveness and
   * the session's maximum duration), so this wait is bounded too; the cap here is a backstop, and a
   * send may wait on a live peer that computes for longer than many windows.
   */
  void awaitAll(long maxSends) throws SessionFailedException {
    long capMillis =
        Math.max(
            ch.timeout().toMillis() * Math.max(2, maxSends + 1),
            ch.maxDuration().plus(ch.timeout()).toMillis());
    for (Future<?> f : pending) {
      try {
        f.get(capMillis, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof SessionFailedException s) {
          throw s;
        }
        throw new SessionFailedException(
            FailureReason.INTERNAL_ERROR,
            ch.session(),
            Optional.empty(),
            "send failed",
            e.getCause());
      } catch (TimeoutException e) {
        throw new SessionFailedException(
            FailureReason.TIMEOUT, ch.session(), Optional.empty(), "sending did not finish");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SessionFailedException(
            FailureReason.CANCELLED, ch.session(), Optional.empty(), "interrupted");
      }
    }
    pending.clear();
  }

  @Override
  public void close() {
    exec.shutdownNow();
    try {
      exec.awaitTermination(ch.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
