package io.mitai.benchmarks.compute;

import io.mitai.compute.psi.EcdhBlinding;
import io.mitai.compute.psi.HashToCurve25519;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * The physical limit of ECDH-PSI on this machine: Bouncy Castle's raw X25519 scalar multiplications
 * per second with one thread per core, and for comparison the RFC 9380 hash-to-curve rate the same
 * way.
 */
final class Curve25519Limit {
  private Curve25519Limit() {}

  /** X25519 scalarMult per second on {@code threads} threads for {@code millis}. */
  static Rate scalarMultsPerSecond(int threads, long millis) throws InterruptedException {
    return run(
        threads,
        millis,
        seed -> {
          SplittableRandom r = new SplittableRandom(seed);
          byte[] k = new byte[32];
          byte[] u = new byte[32];
          byte[] out = new byte[32];
          for (int i = 0; i < 32; i++) {
            k[i] = (byte) r.nextInt();
          }
          u[0] = 9; // the base point; each output feeds the next input
          return () -> {
            X25519.scalarMult(k, 0, u, 0, out, 0);
            System.arraycopy(out, 0, u, 0, 32);
          };
        });
  }

  /**
   * RFC 9380 hash_to_curve (Mitai's PSI suite) per second on {@code threads} threads: the fast path
   * PSI uses, or the BigInteger reference.
   */
  static Rate hashesPerSecond(int threads, long millis, boolean reference)
      throws InterruptedException {
    HashToCurve25519 h = new HashToCurve25519(EcdhBlinding.DST);
    return run(
        threads,
        millis,
        seed -> {
          long[] i = {seed << 40};
          return reference
              ? () -> h.hashToCurve(Long.toString(i[0]++).getBytes(StandardCharsets.UTF_8))
              : () -> h.hashToCurveU(Long.toString(i[0]++).getBytes(StandardCharsets.UTF_8));
        });
  }

  /**
   * Operations per wall-clock second on all threads together, and CPU seconds per operation (the
   * process's CPU time over the window, so it includes what the JVM spent besides: on a shared
   * machine it is the steadier of the two).
   */
  record Rate(double perSecond, double cpuSecondsPerOp) {}

  static double cpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  interface Op {
    void run();
  }

  interface OpFactory {
    Op create(long seed);
  }

  private static Rate run(int threads, long millis, OpFactory f) throws InterruptedException {
    LongAdder count = new LongAdder();
    AtomicBoolean measuring = new AtomicBoolean(false);
    AtomicBoolean stop = new AtomicBoolean(false);
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Op op = f.create(t + 1);
      Thread th =
          new Thread(
              () -> {
                while (!stop.get()) {
                  op.run();
                  if (measuring.get()) {
                    count.increment();
                  }
                }
              });
      th.setDaemon(true);
      ts.add(th);
      th.start();
    }
    Thread.sleep(Math.max(1000, millis / 3)); // warm-up: JIT and caches
    double cpu0 = cpuSeconds();
    measuring.set(true);
    long t0 = System.nanoTime();
    Thread.sleep(millis);
    measuring.set(false);
    long t1 = System.nanoTime();
    double cpu1 = cpuSeconds();
    long n = count.sum();
    stop.set(true);
    for (Thread th : ts) {
      th.join();
    }
    return new Rate(n / ((t1 - t0) / 1e9), (cpu1 - cpu0) / n);
  }
}
