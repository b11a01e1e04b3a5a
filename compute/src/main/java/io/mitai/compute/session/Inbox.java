package io.mitai.compute.session;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The frames received from one peer in one session, in arrival order, followed at most once by an
 * end marker (the link closed or broke). Bounded: a producer that outruns the consumer is held back
 * by the transport's flow control (gRPC) or by {@link #offer}'s bounded wait.
 */
final class Inbox {
  static final int CAPACITY = 16;

  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final java.util.concurrent.Semaphore space = new java.util.concurrent.Semaphore(CAPACITY);
  private volatile boolean ended;
  private volatile Runnable onConsumed = () -> {};

  /** Called after each consumed frame: the gRPC transport grants the peer one more message. */
  void onConsumed(Runnable r) {
    this.onConsumed = r;
  }

  /** Why the link ended. */
  record End(FailureReason reason, String message) {}

  /** Adds a frame, waiting (bounded) for space. Returns false on timeout or after the end. */
  boolean offer(byte[] frame, Duration timeout) throws InterruptedException {
    if (ended) {
      return false;
    }
    if (!space.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      return false;
    }
    queue.add(frame);
    return true;
  }

  /** Adds a frame without waiting (the transport's flow control already bounds it). */
  void add(byte[] frame) {
    if (!ended) {
      space.tryAcquire();
      queue.add(frame);
    }
  }

  /** Marks the link ended; frames already queued are still delivered first. */
  void end(FailureReason reason, String message) {
    if (!ended) {
      ended = true;
      queue.add(new End(reason, message));
    }
  }

  /**
   * The next frame, or the end marker, or empty on timeout. The end marker stays in place so every
   * later take sees it too.
   */
  Optional<Object> take(Duration timeout) throws InterruptedException {
    Object o = queue.peek();
    if (o instanceof End) {
      return Optional.of(o);
    }
    o = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (o == null) {
      return Optional.empty();
    }
    if (o instanceof End) {
      queue.add(o);
    } else {
      space.release();
      onConsumed.run();
    }
    return Optional.of(o);
  }

  /**
   * Drops the queued frames and ends the link with {@code reason}, so a thread blocked in {@link
   * #take} wakes at once instead of waiting out its timeout.
   */
  void close(FailureReason reason, String message) {
    ended = true;
    queue.clear();
    queue.add(new End(reason, message));
  }
}
