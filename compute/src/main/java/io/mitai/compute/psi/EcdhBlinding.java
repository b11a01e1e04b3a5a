package io.mitai.compute.psi;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * One party's secret for one ECDH-PSI session: hashes keys to curve25519 (RFC 9380 RO suite) and
 * multiplies points by its per-session scalar with Bouncy Castle's raw X25519 ladder.
 *
 * <p>Scalars are clamped by X25519 (a multiple of 8), so any small-order component a peer might
 * inject is killed, and [a]([b]H) = [b]([a]H) makes the double-blinded values of equal keys equal.
 * The scalar lives only in this object; create one per session and let it go when the session ends.
 * Work is split across the available cores.
 */
public final class EcdhBlinding {
  /** Domain separation tag of Mitai's PSI hash (RFC 9380 section 3.1 format). */
  public static final byte[] DST =
      "MITAI-V01-CS01-with-curve25519_XMD:SHA-512_ELL2_RO_".getBytes(StandardCharsets.US_ASCII);

  /** Encoded point size (an X25519 u-coordinate). */
  public static final int POINT_BYTES = 32;

  private static final HashToCurve25519 HASHER = new HashToCurve25519(DST);

  /**
   * One daemon worker per core, shared by every session in the JVM (sandbox mode runs several
   * parties in one process: they share the cores either way).
   */
  private static final ExecutorService WORKERS =
      Executors.newFixedThreadPool(
          Runtime.getRuntime().availableProcessors(),
          r -> {
            Thread t = new Thread(r, "mitai-ecdh-worker");
            t.setDaemon(true);
            return t;
          });

  /** Chunks per call: enough to balance the workers, few enough to keep overhead negligible. */
  private static final int CHUNKS = 64;

  private final byte[] scalar = new byte[X25519.SCALAR_SIZE];

  public EcdhBlinding(SecureRandom random) {
    random.nextBytes(scalar);
  }

  /** H(key)^k for each key, as 32-byte u-coordinates, in input order. */
  public byte[][] hashAndBlind(List<String> keys) {
    byte[][] out = new byte[keys.size()][];
    inParallel(
        keys.size(),
        i -> out[i] = multiply(HASHER.hashToCurveU(keys.get(i).getBytes(StandardCharsets.UTF_8))));
    return out;
  }

  /**
   * p^k for each point, in input order.
   *
   * @throws IllegalArgumentException if a point is not 32 bytes or yields the all-zero output (a
   *     low-order input: honest peers never send one)
   */
  public byte[][] blind(byte[][] points) {
    byte[][] out = new byte[points.length][];
    inParallel(
        points.length,
        i -> {
          if (points[i].length != POINT_BYTES) {
            throw new IllegalArgumentException("point of wrong length");
          }
          out[i] = multiply(points[i]);
        });
    return out;
  }

  /**
   * Runs {@code body} for 0..n-1 in chunks on {@link #WORKERS}, the caller blocking (not spinning)
   * until all are done. Why not a parallel stream: a parallel stream's caller thread spins in
   * ForkJoin's helpComplete while the common pool finishes its last chunk, which on a 2-core
   * machine with both parties in one JVM burned about 16% of the CPU samples of a PSI run.
   */
  private static void inParallel(int n, IntConsumer body) {
    int chunks = Math.min(n, CHUNKS);
    if (chunks <= 1) {
      IntStream.range(0, n).forEach(body);
      return;
    }
    List<Future<?>> fs = new ArrayList<>(chunks);
    for (int c = 0; c < chunks; c++) {
      int from = (int) ((long) n * c / chunks);
      int to = (int) ((long) n * (c + 1) / chunks);
      fs.add(WORKERS.submit(() -> IntStream.range(from, to).forEach(body)));
    }
    try {
      for (Future<?> f : fs) {
        f.get();
      }
    } catch (ExecutionException e) {
      fs.forEach(f -> f.cancel(false));
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      fs.forEach(f -> f.cancel(false));
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private byte[] multiply(byte[] u) {
    byte[] r = new byte[POINT_BYTES];
    X25519.scalarMult(scalar, 0, u, 0, r, 0);
    if (Arrays.equals(r, new byte[POINT_BYTES])) {
      throw new IllegalArgumentException("low-order point");
    }
    return r;
  }
}
