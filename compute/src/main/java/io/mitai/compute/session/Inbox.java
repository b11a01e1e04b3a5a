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
  private volatile long lastHeard = System.nanoTime();

  /** Called after each consumed frame: the gRPC transport grants the peer one more message. */
  void onConsumed(Runnable r) {
    this.onConsumed = r;
  }

  /** Notes that the peer was heard from (any frame, data or heartbeat), now. */
  void heard() {
    lastHeard = System.nanoTime();
  }

  /** {@link System#nanoTime()} when the peer was last heard from (or the inbox was created). */
  long lastHeard() {
    return lastHeard;
  }

  /**
   * When a wait that began at {@code waitStart} gives up: {@code window} after the later of the
   * wait's start and the last frame heard from the peer, and never after {@code hardEnd} (all
   * {@link System#nanoTime()} values).
   */
  long quietDeadline(long waitStart, long window, long hardEnd) {
    long heard = lastHeard;
    long since = heard - waitStart > 0 ? heard : waitStart;
    long quiet = since + window;
    return quiet - hardEnd < 0 ? quiet : hardEnd;
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
    heard();
    queue.add(frame);
    return true;
  }

  /** Adds a frame without waiting (the transport's flow control already bounds it). */
  void add(byte[] frame) {
    if (!ended) {
      heard();
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
   * The next frame, or the end marker, or empty once the peer has been quiet for {@code window}
   * (nothing heard from it, no frame and no heartbeat, since the later of this call and its last
   * frame) or {@code hardEnd} (a {@link System#nanoTime()} value) has passed. The end marker stays
   * in place so every later take sees it too.
   */
  Optional<Object> take(Duration window, long hardEnd) throws InterruptedException {
    Object o = queue.peek();
    if (o instanceof End) {
      return Optional.of(o);
    }
    long start = System.nanoTime();
    long windowNanos = window.toNanos();
    while (true) {
      long left = quietDeadline(start, windowNanos, hardEnd) - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      o = queue.poll(left, TimeUnit.NANOSECONDS);
      if (o != null) {
        break;
      }
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
