package io.mitai.benchmarks.compute;

import io.mitai.compute.ops.Operation;
import io.mitai.compute.ops.PsiResult;
import io.mitai.compute.ops.PsiSpec;
import io.mitai.compute.ops.Roles;
import io.mitai.compute.ops.Table;
import io.mitai.compute.session.PartyId;
import java.time.Duration;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * End-to-end ECDH-PSI between two parties in one JVM, each on its own loopback TLS transport (the
 * sandbox code path), next to its physical limit measured in the same run: X25519 scalar
 * multiplications per second on every core. The protocol needs 4 multiplications per key pair (each
 * side blinds its own set, then the peer's), so the bound for n keys per side is 4n / rate; the
 * hash-to-curve of 2n keys comes on top and is reported separately.
 *
 * <p>The machine is shared, so the limit is measured right before and right after each PSI run and
 * the bound uses their mean; the same ratio is also given in CPU time (the process's CPU seconds
 * during the PSI over 4n times the CPU seconds of one multiplication), which other processes on the
 * machine disturb much less than wall time.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.mitai.benchmarks.compute.PsiThroughput 100000 1000000}. Each side holds n keys, half of them
 * shared; PSI_CARDINALITY's result is checked against the known intersection size.
 */
public final class PsiThroughput {
  private static final PartyId R = PartyId.of("org3");
  private static final PartyId S = PartyId.of("org1");
  private static final long LIMIT_MILLIS = 6_000;

  private PsiThroughput() {}

  public static void main(String[] args) throws Exception {
    int[] sizes = args.length == 0 ? new int[] {100_000} : new int[args.length];
    for (int i = 0; i < args.length; i++) {
      sizes[i] = Integer.parseInt(args[i]);
    }
    int cores = Harness.cores();
    System.out.printf("cores %d, load before: %s%n", cores, Harness.load());
    Curve25519Limit.Rate ref = Curve25519Limit.hashesPerSecond(cores, LIMIT_MILLIS, true);
    Curve25519Limit.Rate fast = Curve25519Limit.hashesPerSecond(cores, LIMIT_MILLIS, false);
    Curve25519Limit.Rate mult = Curve25519Limit.scalarMultsPerSecond(cores, LIMIT_MILLIS);
    System.out.printf(
        "same run, %d threads: X25519 scalarMult %.0f/s (%.1f us CPU each); hash_to_curve fast"
            + " path %.0f/s (%.1f us CPU), BigInteger reference %.0f/s (%.1f us CPU); load %s%n",
        cores,
        mult.perSecond(),
        mult.cpuSecondsPerOp() * 1e6,
        fast.perSecond(),
        fast.cpuSecondsPerOp() * 1e6,
        ref.perSecond(),
        ref.cpuSecondsPerOp() * 1e6,
        Harness.load());
    try (Harness.Parties parties = new Harness.Parties(List.of(S, R))) {
      psi(parties, 20_000); // warm-up session (JIT, TLS connections)
      for (int n : sizes) {
        Curve25519Limit.Rate before = Curve25519Limit.scalarMultsPerSecond(cores, LIMIT_MILLIS);
        String load = Harness.load();
        double cpu0 = Curve25519Limit.cpuSeconds();
        long t0 = System.nanoTime();
        long size = psi(parties, n);
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = Curve25519Limit.cpuSeconds() - cpu0;
        String loadAfter = Harness.load();
        Curve25519Limit.Rate after = Curve25519Limit.scalarMultsPerSecond(cores, LIMIT_MILLIS);
        if (size != n / 2) {
          throw new AssertionError("intersection " + size + ", expected " + n / 2);
        }
        double rate = (before.perSecond() + after.perSecond()) / 2;
        double bound = 4.0 * n / rate;
        double cpuPerMult = (before.cpuSecondsPerOp() + after.cpuSecondsPerOp()) / 2;
        double cpuBound = 4.0 * n * cpuPerMult;
        System.out.printf(
            "RESULT psi n=%d seconds=%.1f limit-before=%.0f/s limit-after=%.0f/s bound-s=%.1f"
                + " ratio=%.2f cpu-s=%.1f cpu-bound-s=%.1f cpu-ratio=%.2f load-before=[%s]"
                + " load-after=[%s]%n",
            n,
            secs,
            before.perSecond(),
            after.perSecond(),
            bound,
            secs / bound,
            cpu,
            cpuBound,
            cpu / cpuBound,
            load,
            loadAfter);
      }
    }
  }

  private static long psi(Harness.Parties parties, int n) throws Exception {
    PsiSpec spec =
        new PsiSpec(Operation.PSI_CARDINALITY, new Roles(List.of(S, R), R, Optional.empty()), "id");
    PsiResult r =
        (PsiResult)
            parties.run(spec, Map.of(R, keys(0, n), S, keys(n / 2, n)), Duration.ofSeconds(1800));
    return r.size();
  }

  /** A one-column table of n keys "customer-{start+i}", generated on the fly (no big list). */
  static Table keys(int start, int n) {
    List<List<String>> rows =
        new AbstractList<>() {
          @Override
          public List<String> get(int i) {
            return List.of("customer-" + (start + i));
          }

          @Override
          public int size() {
            return n;
          }
        };
    return new Table(List.of("id"), rows);
  }
}
