package io.mitai.benchmarks.tee;

import io.mitai.compute.deliver.DocumentJson;
import io.mitai.compute.deliver.ResultSealer;
import io.mitai.compute.enclave.SimulatedKeyFile;
import io.mitai.compute.enclave.WorkerClient;
import io.mitai.compute.enclave.WorkerProcess;
import io.mitai.compute.tee.evidence.Expectation;
import io.mitai.compute.tee.evidence.TeeAssurance;
import io.mitai.compute.tee.simulated.SimulatedEvidenceVerifier;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/** The worker process and the node's side of its jobs. */
final class WorkerBench implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

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

  WorkerBench(Path key, String heap) throws Exception {
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
            new WorkerClient.InputDescription("org1", Algo.COLUMNS_1),
            new WorkerClient.InputDescription("org2", Algo.COLUMNS_2)),
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
   * Connect, attest, verify, release one input's key (an empty input the worker confirms). Returns
   * seconds of {total, connect + TLS handshake, JOB to EVIDENCE, verify, key release}.
   */
  double[] attestAndRelease() throws Exception {
    long t0 = System.nanoTime();
    try (WorkerClient c = connect()) {
      long t1 = System.nanoTime();
      WorkerClient.Attestation a = c.open(describe(Algo.JOIN_AGGREGATE, "bench-attest-" + tasks++));
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
      if (!Arrays.equals(plain, DocumentJson.encode(doc))) {
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
