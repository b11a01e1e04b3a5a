package io.mitai.platform.task;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Test-only pause points in a running task: {@link Point#IN_SESSION}, the requester's party inside
 * the compute session before it runs its rounds (the input parties are already in theirs), and
 * {@link Point#BEFORE_RELEASE}, between the session and the release of its output (the requester's
 * node holds the opened result in memory, nothing sealed or stored). Tests arm one to change the
 * ledger (revoke a grant, destroy an asset) at that exact point without racing the protocol. Inert
 * unless {@code mitai.tasks.test-pause-point=true} (set only in the test profile): {@link #arm}
 * refuses otherwise, and an unarmed pause point never waits.
 */
@ApplicationScoped
public class ReleasePause {

  @ConfigProperty(name = "mitai.tasks.test-pause-point", defaultValue = "false")
  boolean enabled;

  /** Where a task can be held. */
  public enum Point {
    /** The requester's party, inside the session, before its protocol rounds. */
    IN_SESSION,
    /** After the session, before the node checks the ledger and seals the output. */
    BEFORE_RELEASE
  }

  private volatile Point armed;
  private volatile CountDownLatch reached;
  private volatile CountDownLatch resume;
  private volatile String pausedTask;

  /** Makes the next task that reaches {@code point} wait until {@link #resume()}. */
  public synchronized void arm(Point point) {
    if (!enabled) {
      throw new IllegalStateException("the release pause point is for tests only");
    }
    armed = point;
    reached = new CountDownLatch(1);
    resume = new CountDownLatch(1);
    pausedTask = null;
  }

  /** Waits until an armed pause point holds a task; returns its id, or null on timeout. */
  public String awaitPaused(Duration timeout) throws InterruptedException {
    CountDownLatch r = reached;
    if (r == null || !r.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return null;
    }
    return pausedTask;
  }

  /** Lets the held task go on, and disarms. */
  public synchronized void resume() {
    CountDownLatch go = resume;
    reached = null;
    resume = null;
    armed = null;
    if (go != null) {
      go.countDown();
    }
  }

  /** Called by the node at {@code point}; waits there only if a test armed that point. */
  public void pass(Point point, String taskId) {
    CountDownLatch r;
    CountDownLatch go;
    synchronized (this) {
      if (!enabled || armed != point || reached == null || reached.getCount() == 0) {
        return;
      }
      r = reached;
      go = resume;
      pausedTask = taskId;
    }
    r.countDown();
    try {
      // Bounded, so a test that forgets to resume cannot hang the worker forever.
      go.await(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
