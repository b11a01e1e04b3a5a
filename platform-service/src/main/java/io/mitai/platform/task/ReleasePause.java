package io.mitai.platform.task;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A test-only pause point between a task's compute session and the release of its output (the
 * requester's node holds the opened result in memory, nothing sealed or stored): tests arm it to
 * change the ledger (revoke a grant, destroy an asset) at that exact point without racing the
 * protocol. Inert unless {@code mitai.tasks.test-pause-point=true} (set only in the test profile):
 * {@link #arm} refuses otherwise, and an unarmed pause point never waits.
 */
@ApplicationScoped
public class ReleasePause {

  @ConfigProperty(name = "mitai.tasks.test-pause-point", defaultValue = "false")
  boolean enabled;

  private volatile CountDownLatch reached;
  private volatile CountDownLatch resume;
  private volatile String pausedTask;

  /** Makes the next task that reaches the pause point wait until {@link #resume()}. */
  public synchronized void arm() {
    if (!enabled) {
      throw new IllegalStateException("the release pause point is for tests only");
    }
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
    if (go != null) {
      go.countDown();
    }
  }

  /** Called by the worker before it checks the ledger and seals the output. */
  void pass(String taskId) {
    CountDownLatch r;
    CountDownLatch go;
    synchronized (this) {
      if (!enabled || reached == null || reached.getCount() == 0) {
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
