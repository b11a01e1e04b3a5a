package io.mitai.benchmarks.tee;

import io.mitai.compute.enclave.SimulatedKeyFile;
import io.mitai.compute.enclave.WorkerClient;
import io.mitai.compute.enclave.WorkerProcess;
import io.mitai.compute.tee.simulated.SimulatedEvidenceVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * End-to-end TEE jobs against a real enclave worker process (simulated platform), the way the node
 * runs one: {@link WorkerProcess#launch} starts the worker as a child JVM, {@link WorkerClient}
 * connects over TLS 1.3 pinned to its certificate, sends the JOB with a fresh nonce, the evidence
 * is verified with {@link SimulatedEvidenceVerifier} against the algorithm's measurement, each
 * input's key is released (HPKE to the attested worker key) and its rows sent as AES-256-GCM
 * segments, and the sealed result is opened with the requester's key and compared byte for byte
 * with the same algorithm run in process.
 *
 * <p>Two inputs of 4 columns: {@code org1(id, region, amount, units)} and {@code org2(id, segment,
 * score, label)}, n rows each, half of the ids shared (n/2 joined rows). join-aggregate: group by
 * region (10 labels), COUNT, SUM(amount), MEAN(score). logistic-regression: label on amount, units
 * and score (labels drawn from a logistic model, so the fit converges).
 *
 * <p>Limits, measured in the same run on the same machine: AES-256-GCM decrypt and encrypt of 64
 * KiB segments on one core, exactly as the worker opens them (a fresh {@code Cipher} per segment,
 * the same AAD length); loopback TLS 1.3 between two threads (JSSE defaults, 64 KiB writes, the
 * job's pinned client context); and the algorithm itself run in process on the same rows (no
 * enclave, no transport, no crypto).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.mitai.benchmarks.tee.EnclaveJobThroughput 100000 500000 1000000 --lr 100000 --reps 5} (rows
 * per input; the defaults). Each size runs the in-process algorithm and the job alternately, {@code
 * reps} times after warm-up jobs, and reports medians. A size whose job fails (the node's worker
 * has a 2 GB heap) is reported as FAILED and the worker is restarted; {@code --worker-heap 2g}
 * starts the worker with the same command line but that heap, to see the larger sizes.
 *
 * <p>Also measured: the latency floor of a job's exchanges (loopback connect, TLS 1.3 handshake,
 * two small flushed writes and a small answer) with TCP_NODELAY off, as the worker's sockets are,
 * and on; and the CPU seconds of the node's sending thread and of the worker process per phase.
 */
public final class EnclaveJobThroughput {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long MB = 1_000_000L;

  private EnclaveJobThroughput() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    int lrRows = 100_000;
    int reps = 5;
    String heap = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--lr" -> lrRows = Integer.parseInt(args[++i]);
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--worker-heap" -> heap = args[++i];
        default -> sizes.add(Integer.parseInt(args[i]));
      }
    }
    if (sizes.isEmpty()) {
      sizes = List.of(100_000, 500_000, 1_000_000);
    }
    System.out.printf(
        "cores %d, max heap here %d MB, load before: %s%n",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / MB, load());
    Path dir = Files.createTempDirectory("mitai-tee-bench");
    Path key = dir.resolve("simulated-platform.pem");
    SimulatedKeyFile.generate(key, RANDOM);
    System.out.println(
        heap == null
            ? "worker: WorkerProcess.launch, as the node starts it (-Xmx2g)"
            : "worker: WorkerProcess.launch with -Xmx" + heap);
    try (WorkerBench bench = new WorkerBench(key, heap)) {
      // Warm-up: the limits once, and jobs of both algorithms, so both JVMs have compiled the path.
      TransportLimits.gcm(64 * MB);
      TransportLimits.tls(64 * MB);
      Inputs warm = Inputs.generate(Math.min(100_000, sizes.get(0)));
      for (int i = 0; i < 3; i++) {
        bench.job(Algo.JOIN_AGGREGATE, warm);
        bench.job(Algo.LOGISTIC_REGRESSION, warm);
        Algo.JOIN_AGGREGATE.runInProcess(warm);
        Algo.LOGISTIC_REGRESSION.runInProcess(warm);
        bench.attestAndRelease();
      }

      double[] gcmBefore = median3(() -> TransportLimits.gcm(256 * MB));
      double tlsBefore = median(3, () -> TransportLimits.tls(512 * MB));
      System.out.printf(
          "RESULT limits-before aes256gcm-decrypt-MB/s=%.0f aes256gcm-encrypt-MB/s=%.0f"
              + " tls13-loopback-MB/s=%.0f tls-suite=%s load=[%s]%n",
          gcmBefore[0], gcmBefore[1], tlsBefore, TransportLimits.tlsSuite, load());

      TransportLimits.TlsLimit limit = TransportLimits.TlsLimit.create();
      double[] nagle = new double[20];
      double[] noDelay = new double[20];
      for (int r = 0; r < 20; r++) {
        nagle[r] = TransportLimits.exchange(limit, false);
        noDelay[r] = TransportLimits.exchange(limit, true);
      }
      System.out.printf(
          "RESULT latency-floor loopback connect+TLS1.3-handshake+2-writes+1-read median-ms:"
              + " TCP_NODELAY-off=%.1f TCP_NODELAY-on=%.1f (n=20 each)%n",
          median(nagle) * 1e3, median(noDelay) * 1e3);

      double[][] attest = new double[Math.max(reps, 20)][];
      for (int r = 0; r < attest.length; r++) {
        attest[r] = bench.attestAndRelease();
      }
      double[] total = column(attest, 0);
      System.out.printf(
          "RESULT attest+key-release n=%d median-ms=%.1f min-ms=%.1f max-ms=%.1f of which"
              + " connect+handshake-ms=%.1f job->evidence-ms=%.1f verify-ms=%.1f"
              + " key-release-ms=%.1f (medians; key release = HPKE wrap, KEY frame, the worker's"
              + " unwrap and its acknowledgement of an empty input)%n",
          attest.length,
          median(total) * 1e3,
          Arrays.stream(total).min().orElseThrow() * 1e3,
          Arrays.stream(total).max().orElseThrow() * 1e3,
          median(column(attest, 1)) * 1e3,
          median(column(attest, 2)) * 1e3,
          median(column(attest, 3)) * 1e3,
          median(column(attest, 4)) * 1e3);

      for (int n : sizes) {
        measure(bench, Algo.JOIN_AGGREGATE, n, reps, gcmBefore[0], tlsBefore);
      }
      measure(bench, Algo.LOGISTIC_REGRESSION, lrRows, reps, gcmBefore[0], tlsBefore);

      double[] gcmAfter = median3(() -> TransportLimits.gcm(256 * MB));
      double tlsAfter = median(3, () -> TransportLimits.tls(512 * MB));
      System.out.printf(
          "RESULT limits-after aes256gcm-decrypt-MB/s=%.0f aes256gcm-encrypt-MB/s=%.0f"
              + " tls13-loopback-MB/s=%.0f load=[%s]%n",
          gcmAfter[0], gcmAfter[1], tlsAfter, load());
    } finally {
      Files.deleteIfExists(key);
      Files.deleteIfExists(dir);
    }
  }

  private static void measure(WorkerBench bench, Algo algo, int n, int reps, double gcm, double tls)
      throws Exception {
    Inputs in = Inputs.generate(n);
    String loadBefore = load();
    List<Timing> jobs = new ArrayList<>();
    double[] plain = new double[reps];
    for (int r = 0; r < reps; r++) {
      // Each timed phase starts on a collected heap here, so it does not pay for the previous
      // one's garbage (the worker's heap is its own business, as in production).
      System.gc();
      long t0 = System.nanoTime();
      algo.runInProcess(in);
      plain[r] = (System.nanoTime() - t0) / 1e9;
      System.gc();
      Timing t;
      try {
        t = bench.job(algo, in);
      } catch (Exception | AssertionError e) {
        Thread.sleep(1000); // the worker's last stderr lines arrive after its socket closed
        System.out.printf(
            "RESULT %s rows-per-input=%d FAILED in %s: %s; worker alive=%b; worker's last lines:"
                + " %s%n",
            algo.name, n, bench.phase, e, bench.alive.getAsBoolean(), bench.lastLines());
        bench.restart();
        return;
      }
      jobs.add(t);
      System.out.printf(
          "  %s n=%d rep %d: in-process %.3f s | job %.3f s = attest %.1f ms + input0 %.3f s +"
              + " input1 %.3f s + run %.3f s + open %.1f ms | transfer cpu: node %.2f s, worker"
              + " %.2f s; run worker cpu %.2f s%n",
          algo.name,
          n,
          r,
          plain[r],
          t.job(),
          t.attest() * 1e3,
          t.input0(),
          t.input1(),
          t.run(),
          t.open() * 1e3,
          t.transferNodeCpu(),
          t.transferWorkerCpu(),
          t.runWorkerCpu());
    }
    double attest = median(jobs.stream().mapToDouble(Timing::attest).toArray());
    double transfer = median(jobs.stream().mapToDouble(t -> t.input0() + t.input1()).toArray());
    double run = median(jobs.stream().mapToDouble(Timing::run).toArray());
    double job = median(jobs.stream().mapToDouble(Timing::job).toArray());
    double nodeCpu = median(jobs.stream().mapToDouble(Timing::transferNodeCpu).toArray());
    double workerCpu = median(jobs.stream().mapToDouble(Timing::transferWorkerCpu).toArray());
    double runCpu = median(jobs.stream().mapToDouble(Timing::runWorkerCpu).toArray());
    double inProcess = median(plain);
    long rows = 2L * n;
    double mbSent = in.sealedBytes() / 1e6;
    // The worker's one thread per job reads TLS, then opens each segment: per byte it pays both.
    double cryptoBound = 1 / (1 / tls + 1 / gcm);
    System.out.printf(
        "RESULT %s rows-per-input=%d joined=%d sealed-segments-MB=%.1f attest-ms=%.1f"
            + " transfer-s=%.3f transfer-rows/s=%.0f transfer-MB/s=%.1f crypto-bound-MB/s=%.0f"
            + " transfer-of-bound=%.2f run-s=%.3f in-process-s=%.3f run-ratio=%.2f job-s=%.3f"
            + " job-rows/s=%.0f job-over-in-process=%.1f transfer-cpu-s: node-thread=%.2f"
            + " worker-process=%.2f run-worker-cpu-s=%.2f load-before=[%s] load-after=[%s]%n",
        algo.name,
        n,
        n / 2,
        mbSent,
        attest * 1e3,
        transfer,
        rows / transfer,
        mbSent / transfer,
        cryptoBound,
        (mbSent / transfer) / cryptoBound,
        run,
        inProcess,
        run / inProcess,
        job,
        rows / job,
        job / inProcess,
        nodeCpu,
        workerCpu,
        runCpu,
        loadBefore,
        load());
  }

  // --- plumbing -----------------------------------------------------------------------------

  interface Measure {
    double run() throws Exception;
  }

  interface Measure2 {
    double[] run() throws Exception;
  }

  private static double median(int n, Measure m) throws Exception {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = m.run();
    }
    return median(v);
  }

  private static double[] median3(Measure2 m) throws Exception {
    double[][] v = new double[3][];
    for (int i = 0; i < 3; i++) {
      v[i] = m.run();
    }
    double[] out = new double[v[0].length];
    for (int j = 0; j < out.length; j++) {
      out[j] = median(new double[] {v[0][j], v[1][j], v[2][j]});
    }
    return out;
  }

  private static double[] column(double[][] rows, int j) {
    return Arrays.stream(rows).mapToDouble(r -> r[j]).toArray();
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** The 1/5/15-minute load averages, as uptime prints them. */
  static String load() {
    try {
      String[] f =
          Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split(" ");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (Exception e) {
      return "unknown";
    }
  }
}
