package io.mitai.benchmarks.tee;

import io.mitai.compute.deliver.CanonicalJson;
import io.mitai.compute.deliver.ResultSealer;
import io.mitai.compute.enclave.AlgorithmCatalog;
import io.mitai.compute.enclave.JobCrypto;
import io.mitai.compute.enclave.SimulatedKeyFile;
import io.mitai.compute.enclave.WorkerClient;
import io.mitai.compute.enclave.WorkerProcess;
import io.mitai.compute.enclave.WorkerTls;
import io.mitai.compute.enclave.algorithm.InputTable;
import io.mitai.compute.ops.Table;
import io.mitai.compute.tee.dcap.Json;
import io.mitai.compute.tee.evidence.Expectation;
import io.mitai.compute.tee.evidence.TeeAssurance;
import io.mitai.compute.tee.simulated.SimulatedEvidenceVerifier;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

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
  private static final AlgorithmCatalog CATALOG = AlgorithmCatalog.builtIn();
  private static final List<String> COLUMNS_1 = List.of("id", "region", "amount", "units");
  private static final List<String> COLUMNS_2 = List.of("id", "segment", "score", "label");
  private static final long MB = 1_000_000L;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

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
    try (Bench bench = new Bench(key, heap)) {
      // Warm-up: the limits once, and jobs of both algorithms, so both JVMs have compiled the path.
      gcm(64 * MB);
      tls(64 * MB);
      Inputs warm = Inputs.generate(Math.min(100_000, sizes.get(0)));
      for (int i = 0; i < 3; i++) {
        bench.job(Algo.JOIN_AGGREGATE, warm);
        bench.job(Algo.LOGISTIC_REGRESSION, warm);
        Algo.JOIN_AGGREGATE.runInProcess(warm);
        Algo.LOGISTIC_REGRESSION.runInProcess(warm);
        bench.attestAndRelease();
      }

      double[] gcmBefore = median3(() -> gcm(256 * MB));
      double tlsBefore = median(3, () -> tls(512 * MB));
      System.out.printf(
          "RESULT limits-before aes256gcm-decrypt-MB/s=%.0f aes256gcm-encrypt-MB/s=%.0f"
              + " tls13-loopback-MB/s=%.0f tls-suite=%s load=[%s]%n",
          gcmBefore[0], gcmBefore[1], tlsBefore, tlsSuite, load());

      TlsLimit limit = TlsLimit.create();
      double[] nagle = new double[20];
      double[] noDelay = new double[20];
      for (int r = 0; r < 20; r++) {
        nagle[r] = exchange(limit, false);
        noDelay[r] = exchange(limit, true);
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

      double[] gcmAfter = median3(() -> gcm(256 * MB));
      double tlsAfter = median(3, () -> tls(512 * MB));
      System.out.printf(
          "RESULT limits-after aes256gcm-decrypt-MB/s=%.0f aes256gcm-encrypt-MB/s=%.0f"
              + " tls13-loopback-MB/s=%.0f load=[%s]%n",
          gcmAfter[0], gcmAfter[1], tlsAfter, load());
    } finally {
      Files.deleteIfExists(key);
      Files.deleteIfExists(dir);
    }
  }

  private static void measure(Bench bench, Algo algo, int n, int reps, double gcm, double tls)
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

  /** The two algorithms with their parameters. */
  enum Algo {
    JOIN_AGGREGATE("join-aggregate") {
      @Override
      SortedMap<String, Object> params() {
        SortedMap<String, Object> p = new TreeMap<>();
        p.put("key", "id");
        p.put("groupBy", List.of("region"));
        p.put(
            "aggregates",
            List.of(
                aggregate("COUNT", null), aggregate("SUM", "amount"), aggregate("MEAN", "score")));
        p.put("minGroupSize", 10L);
        return p;
      }
    },
    LOGISTIC_REGRESSION("logistic-regression") {
      @Override
      SortedMap<String, Object> params() {
        SortedMap<String, Object> p = new TreeMap<>();
        p.put("key", "id");
        p.put("target", "label");
        p.put("features", List.of("amount", "units", "score"));
        return p;
      }
    };

    final String name;

    Algo(String name) {
      this.name = name;
    }

    abstract SortedMap<String, Object> params();

    AlgorithmCatalog.Entry entry() {
      return CATALOG.find(name, "1.0.0").orElseThrow();
    }

    /** The limit: the algorithm on the same rows in this JVM, without enclave or transport. */
    SortedMap<String, Object> runInProcess(Inputs in) throws Exception {
      Json.Obj p = (Json.Obj) Json.parse(CanonicalJson.encode(params()));
      return entry()
          .algorithm()
          .run(
              p,
              List.of(
                  new InputTable("org1", new Table(COLUMNS_1, in.org1())),
                  new InputTable("org2", new Table(COLUMNS_2, in.org2()))));
    }

    private static SortedMap<String, Object> aggregate(String function, String column) {
      SortedMap<String, Object> a = new TreeMap<>();
      a.put("function", function);
      if (column != null) {
        a.put("column", column);
      }
      return a;
    }
  }

  /** Seconds of each phase of one job, as the node sees them. */
  record Timing(
      double attest,
      double input0,
      double input1,
      double run,
      double open,
      double transferNodeCpu,
      double transferWorkerCpu,
      double runWorkerCpu) {
    double job() {
      return attest + input0 + input1 + run + open;
    }
  }

  /** The worker process and the node's side of its jobs. */
  static final class Bench implements AutoCloseable {
    final Path key;
    final PublicKey platformKey;
    final byte[][] requester = ResultSealer.generateKeyPair(RANDOM);
    final Deque<String> workerLines = new ArrayDeque<>();
    final String heap;
    int port;
    X509Certificate certificate;
    BooleanSupplier alive;
    long pid;
    Runnable stop;
    int tasks;
    String phase = "-";

    Bench(Path key, String heap) throws Exception {
      this.key = key;
      this.heap = heap;
      this.platformKey = SimulatedKeyFile.readPublic(key);
      launch();
    }

    private void launch() throws Exception {
      List<String> args = List.of("--platform", "simulated", "--simulated-key", key.toString());
      WorkerProcess w =
          WorkerProcess.launch(
              heap == null ? WorkerProcess.DEFAULT_HEAP : heap,
              List.of(),
              args,
              this::workerLine,
              Duration.ofSeconds(60));
      port = w.port();
      certificate = w.certificate();
      alive = w::isAlive;
      pid = w.pid();
      stop = w::close;
    }

    /**
     * CPU seconds (user + system, all threads, GC included) the worker process has used, from /proc
     * (10 ms resolution); NaN where there is no /proc.
     */
    double workerCpu() {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
      } catch (IOException | RuntimeException e) {
        return Double.NaN;
      }
    }

    private void workerLine(String line) {
      synchronized (workerLines) {
        workerLines.addLast(line);
        if (workerLines.size() > 40) {
          workerLines.removeFirst();
        }
      }
    }

    void restart() throws Exception {
      stop.run();
      launch();
    }

    /**
     * The worker's last event line, or the head of the last exception it printed (its event lines
     * name tasks and counts, never values or keys).
     */
    String lastLines() {
      synchronized (workerLines) {
        List<String> all = new ArrayList<>(workerLines);
        for (int i = all.size() - 1; i >= 0; i--) {
          if (all.get(i).startsWith("Exception in thread")) {
            return all.get(i);
          }
        }
        return all.isEmpty() ? "" : all.get(all.size() - 1);
      }
    }

    WorkerClient.JobDescription describe(Algo algo, String taskId) {
      return new WorkerClient.JobDescription(
          taskId,
          algo.name,
          "1.0.0",
          algo.entry().measurement().value().hex(),
          algo.params(),
          List.of(
              new WorkerClient.InputDescription("org1", COLUMNS_1),
              new WorkerClient.InputDescription("org2", COLUMNS_2)),
          requester[1]);
    }

    WorkerClient connect() throws Exception {
      return WorkerClient.connect("127.0.0.1", port, certificate, Duration.ofSeconds(300), RANDOM);
    }

    /** The node's checks before any key leaves it: nonce, worker key, measurement, assurance. */
    void verify(WorkerClient.Attestation a, Algo algo) throws Exception {
      new SimulatedEvidenceVerifier(platformKey)
          .verify(
              a.evidence(),
              Expectation.bindingTo(
                  a.nonce(),
                  a.workerPublicKey(),
                  Set.of(algo.entry().measurement()),
                  TeeAssurance.TEE_SIMULATED),
              Instant.now());
    }

    /**
     * Connect, attest, verify, release one input's key (an empty input the worker confirms).
     * Returns seconds of {total, connect + TLS handshake, JOB to EVIDENCE, verify, key release}.
     */
    double[] attestAndRelease() throws Exception {
      long t0 = System.nanoTime();
      try (WorkerClient c = connect()) {
        long t1 = System.nanoTime();
        WorkerClient.Attestation a =
            c.open(describe(Algo.JOIN_AGGREGATE, "bench-attest-" + tasks++));
        long t2 = System.nanoTime();
        verify(a, Algo.JOIN_AGGREGATE);
        long t3 = System.nanoTime();
        if (c.sendInput(0, List.of()) != 0) {
          throw new AssertionError("the worker counted rows in an empty input");
        }
        long t4 = System.nanoTime();
        c.abort("benchmark: attestation and key release only");
        return new double[] {
          (t4 - t0) / 1e9, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9
        };
      }
    }

    /** One whole job; the opened result must equal the in-process run's document. */
    Timing job(Algo algo, Inputs in) throws Exception {
      String taskId = "bench-" + algo.name + "-" + tasks++;
      long t0 = System.nanoTime();
      try (WorkerClient c = connect()) {
        phase = "attestation";
        WorkerClient.Attestation a = c.open(describe(algo, taskId));
        verify(a, algo);
        long t1 = System.nanoTime();
        long c1 = THREADS.getCurrentThreadCpuTime();
        double w1 = workerCpu();
        phase = "input 0";
        long n0 = c.sendInput(0, in.org1());
        long t2 = System.nanoTime();
        phase = "input 1";
        long n1 = c.sendInput(1, in.org2());
        long t3 = System.nanoTime();
        long c3 = THREADS.getCurrentThreadCpuTime();
        double w3 = workerCpu();
        phase = "run";
        WorkerClient.SealedOutput out = c.run();
        long t4 = System.nanoTime();
        double w4 = workerCpu();
        phase = "result";
        byte[] plain =
            ResultSealer.open(
                new ResultSealer.SealedResult(out.enc(), out.ciphertext(), out.resultHash()),
                requester[0],
                ("mitai-result-v1|" + taskId).getBytes(StandardCharsets.UTF_8));
        long t5 = System.nanoTime();
        if (n0 != in.org1().size() || n1 != in.org2().size()) {
          throw new AssertionError("the worker acknowledged other row counts");
        }
        SortedMap<String, Object> expected = algo.runInProcess(in);
        expected.put("algorithm", algo.entry().describe());
        SortedMap<String, Object> doc = new TreeMap<>();
        doc.put("taskId", taskId);
        doc.put("operation", "TEE_JOB");
        doc.put("assurance", "TEE_SIMULATED");
        doc.put("result", expected);
        if (!Arrays.equals(plain, CanonicalJson.encode(doc))) {
          throw new AssertionError("the enclave's result differs from the in-process run");
        }
        return new Timing(
            (t1 - t0) / 1e9,
            (t2 - t1) / 1e9,
            (t3 - t2) / 1e9,
            (t4 - t3) / 1e9,
            (t5 - t4) / 1e9,
            (c3 - c1) / 1e9,
            w3 - w1,
            w4 - w3);
      }
    }

    @Override
    public void close() {
      stop.run();
    }
  }

  /** Both inputs' rows, generated once per size (not timed). */
  record Inputs(List<List<String>> org1, List<List<String>> org2) {
    /**
     * org1 holds ids 0..n-1, org2 ids n/2..n/2+n-1; each id's values come from its own seeded
     * generator, so both inputs agree on the shared ids' label model.
     */
    static Inputs generate(int n) {
      List<List<String>> a = new ArrayList<>(n);
      List<List<String>> b = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        a.add(org1Row(i));
        b.add(org2Row(n / 2 + i));
      }
      return new Inputs(a, b);
    }

    private static double amount(long id) {
      return new SplittableRandom(id * 0x9E3779B97F4A7C15L + 1).nextLong(1_000_000) / 100.0;
    }

    private static List<String> org1Row(long id) {
      SplittableRandom r = new SplittableRandom(id * 0x9E3779B97F4A7C15L + 1);
      long cents = r.nextLong(1_000_000);
      String[] row = {
        "cust-" + id,
        "region-" + r.nextInt(10),
        (cents / 100) + "." + String.format("%02d", cents % 100),
        Integer.toString(r.nextInt(1000))
      };
      return Arrays.asList(row);
    }

    private static List<String> org2Row(long id) {
      SplittableRandom r = new SplittableRandom(id * 0xC2B2AE3D27D4EB4FL + 7);
      long milli = r.nextLong(-5_000, 5_000);
      double score = milli / 1000.0;
      double eta = -1.0 + 0.0002 * amount(id) + 0.6 * score;
      boolean label = r.nextDouble() < 1 / (1 + Math.exp(-eta));
      String[] row = {
        "cust-" + id,
        "segment-" + r.nextInt(4),
        (milli < 0 ? "-" : "")
            + Math.abs(milli) / 1000
            + "."
            + String.format("%03d", Math.abs(milli) % 1000),
        label ? "1" : "0"
      };
      return Arrays.asList(row);
    }

    /** Bytes of AES-GCM segments both inputs travel as (framing headers excluded). */
    long sealedBytes() {
      return sealed(org1) + sealed(org2);
    }

    private static long sealed(List<List<String>> rows) {
      long plain = 0;
      for (List<String> row : rows) {
        for (String cell : row) {
          plain += 4 + cell.getBytes(StandardCharsets.UTF_8).length;
        }
      }
      long segments = plain / JobCrypto.SEGMENT + 1;
      return plain + 16 * segments;
    }
  }

  // --- limits -------------------------------------------------------------------------------

  private static final int AAD_LENGTH = "mitai/tee/input/v1\0".length() + 32 + 4 + 8 + 1;

  /**
   * MB/s of AES-256-GCM {decrypt, encrypt} of 64 KiB segments on this thread, each with a fresh
   * {@code Cipher}, its own nonce and an AAD as long as the worker's.
   */
  static double[] gcm(long total) throws Exception {
    byte[] keyBytes = new byte[32];
    RANDOM.nextBytes(keyBytes);
    SecretKeySpec key = new SecretKeySpec(keyBytes, "AES");
    byte[] aad = new byte[AAD_LENGTH];
    int count = 64;
    byte[] plain = new byte[JobCrypto.SEGMENT];
    RANDOM.nextBytes(plain);
    byte[][] sealed = new byte[count][];
    long segments = total / JobCrypto.SEGMENT;
    long t0 = System.nanoTime();
    for (long s = 0; s < segments; s++) {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, nonce(s));
      c.updateAAD(aad);
      byte[] ct = c.doFinal(plain);
      if (s < count) {
        sealed[(int) s] = ct;
      }
    }
    double encrypt = segments * JobCrypto.SEGMENT / ((System.nanoTime() - t0) / 1e9) / 1e6;
    long check = 0;
    t0 = System.nanoTime();
    for (long s = 0; s < segments; s++) {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, nonce(s % count));
      c.updateAAD(aad);
      check += c.doFinal(sealed[(int) (s % count)]).length;
    }
    double decrypt = check / ((System.nanoTime() - t0) / 1e9) / 1e6;
    return new double[] {decrypt, encrypt};
  }

  private static GCMParameterSpec nonce(long segment) {
    return new GCMParameterSpec(128, ByteBuffer.allocate(12).putInt(0).putLong(segment).array());
  }

  static volatile String tlsSuite = "?";

  /**
   * MB/s of a bulk transfer over loopback TLS 1.3 between two threads of this JVM: the server
   * presents a self-signed P-256 certificate (as the worker does), the client uses the job's pinned
   * context ({@link WorkerTls#clientContext}); 64 KiB writes, timed until the receiver confirms.
   */
  static double tls(long total) throws Exception {
    TlsLimit server = TlsLimit.create();
    try (SSLServerSocket ss =
        (SSLServerSocket) server.context.getServerSocketFactory().createServerSocket()) {
      ss.bind(new InetSocketAddress("127.0.0.1", 0));
      CompletableFuture<Long> received =
          CompletableFuture.supplyAsync(
              () -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                  InputStream in = s.getInputStream();
                  byte[] buf = new byte[1 << 16];
                  long got = 0;
                  while (got < total) {
                    int k = in.read(buf);
                    if (k < 0) {
                      break;
                    }
                    got += k;
                  }
                  new DataOutputStream(s.getOutputStream()).writeLong(got);
                  return got;
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      try (SSLSocket s =
          (SSLSocket)
              WorkerTls.clientContext(server.certificate)
                  .getSocketFactory()
                  .createSocket("127.0.0.1", ss.getLocalPort())) {
        s.setEnabledProtocols(new String[] {"TLSv1.3"});
        s.startHandshake();
        tlsSuite = s.getSession().getCipherSuite();
        OutputStream out = s.getOutputStream();
        byte[] buf = new byte[1 << 16];
        RANDOM.nextBytes(buf);
        long t0 = System.nanoTime();
        for (long sent = 0; sent < total; sent += buf.length) {
          out.write(buf);
        }
        out.flush();
        long got = new DataInputStream(s.getInputStream()).readLong();
        double rate = got / ((System.nanoTime() - t0) / 1e9) / 1e6;
        if (got != received.join()) {
          throw new AssertionError("the receiver counted other bytes");
        }
        return rate;
      }
    }
  }

  /** A self-signed P-256 server identity (as the worker's) and its TLS 1.3 context. */
  record TlsLimit(X509Certificate certificate, SSLContext context) {
    static TlsLimit create() throws Exception {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair kp = g.generateKeyPair();
      Instant now = Instant.now();
      X500Name name = new X500Name("CN=tls-limit");
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(
                  new JcaX509v3CertificateBuilder(
                          name,
                          BigInteger.valueOf(now.toEpochMilli()),
                          Date.from(now.minus(1, ChronoUnit.HOURS)),
                          Date.from(now.plus(1, ChronoUnit.DAYS)),
                          name,
                          kp.getPublic())
                      .build(
                          new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("limit", kp.getPrivate(), new char[0], new Certificate[] {cert});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, new char[0]);
      SSLContext server = SSLContext.getInstance("TLSv1.3");
      server.init(kmf.getKeyManagers(), null, new SecureRandom());
      return new TlsLimit(cert, server);
    }
  }

  /**
   * Seconds of the latency floor of one job's exchanges on loopback: connect, TLS 1.3 handshake,
   * then the node's pattern of two small flushed frames (as KEY then DATA) answered by one small
   * frame (as INPUT_OK). {@code noDelay} sets TCP_NODELAY on both sockets; the worker and {@link
   * WorkerClient} leave it off (Nagle on), which this shows the cost of.
   */
  static double exchange(TlsLimit server, boolean noDelay) throws Exception {
    try (SSLServerSocket ss =
        (SSLServerSocket) server.context().getServerSocketFactory().createServerSocket()) {
      ss.bind(new InetSocketAddress("127.0.0.1", 0));
      CompletableFuture<Void> served =
          CompletableFuture.runAsync(
              () -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                  s.setTcpNoDelay(noDelay);
                  DataInputStream in = new DataInputStream(s.getInputStream());
                  in.readFully(new byte[400]);
                  OutputStream out = s.getOutputStream();
                  out.write(new byte[60]);
                  out.flush();
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      long t0 = System.nanoTime();
      try (SSLSocket s =
          (SSLSocket)
              WorkerTls.clientContext(server.certificate()).getSocketFactory().createSocket()) {
        s.setTcpNoDelay(noDelay);
        s.setEnabledProtocols(new String[] {"TLSv1.3"});
        s.connect(new InetSocketAddress("127.0.0.1", ss.getLocalPort()));
        s.startHandshake();
        OutputStream out = s.getOutputStream();
        out.write(new byte[200]);
        out.flush();
        out.write(new byte[200]);
        out.flush();
        new DataInputStream(s.getInputStream()).readFully(new byte[60]);
        double seconds = (System.nanoTime() - t0) / 1e9;
        served.join();
        return seconds;
      }
    }
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
