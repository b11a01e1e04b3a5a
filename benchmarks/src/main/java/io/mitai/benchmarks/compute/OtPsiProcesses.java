package io.mitai.benchmarks.compute;

import io.mitai.compute.ops.ComputeEngine;
import io.mitai.compute.ops.Operation;
import io.mitai.compute.ops.OperationResult;
import io.mitai.compute.ops.PsiProtocol;
import io.mitai.compute.ops.PsiResult;
import io.mitai.compute.ops.PsiSpec;
import io.mitai.compute.ops.Roles;
import io.mitai.compute.psi.ot.Cuckoo;
import io.mitai.compute.session.MapPartyDirectory;
import io.mitai.compute.session.PartyChannel;
import io.mitai.compute.session.PartyEndpoint;
import io.mitai.compute.session.PartyId;
import io.mitai.compute.session.PartyIdentity;
import io.mitai.compute.session.SessionFailedException;
import io.mitai.compute.session.SessionId;
import io.mitai.compute.session.TlsPartyTransport;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * OT-extension PSI and ECDH-PSI side by side in one run, each party in its own JVM ({@code -Xmx4g})
 * on its own loopback mutual-TLS transport, next to the bounds measured in the same run:
 * AES-128-CTR and SHA-256 on one core (in this coordinator JVM, before the parties start and again
 * at the end) and the one-way bandwidth of the party transport between the two party processes,
 * measured right before each PSI run.
 *
 * <p>This coordinator writes both organisations' identities to a temporary directory and, for each
 * planned run (every size of OT-PSI, then every size of ECDH-PSI), starts a fresh pair of party
 * JVMs ({@code org1} the sender, {@code org3} the requester and OT receiver) on fresh ports; it
 * prints the table once all runs are done. Each party process warms up (one OT-PSI of 20,000 and
 * one ECDH-PSI of 5,000 keys: JIT, TLS connections), measures the transport, then runs the PSI
 * after a barrier and records its wall time, its CPU seconds during the run, its peak heap used
 * during the run (sampled every 20 ms), its peak RSS over its life (VmHWM) and the payload bytes it
 * sent (gRPC and TLS framing excluded). The requester checks its result is exactly the expected
 * intersection: {@code customer-i} for n/2 ≤ i < n, each once, in order.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.mitai.benchmarks.compute.OtPsiProcesses 100000 1000000 10000000 --ecdh 100000 1000000}.
 */
public final class OtPsiProcesses {
  private static final PartyId R = PartyId.of("org3");
  private static final PartyId S = PartyId.of("org1");
  private static final List<PartyId> BOTH = List.of(S, R);
  private static final Duration TIMEOUT = Duration.ofSeconds(1800);
  private static final String CHILD_HEAP = "-Xmx4g";

  private OtPsiProcesses() {}

  /** One planned PSI run. */
  record Run(PsiProtocol protocol, int n) {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("party")) {
      party(
          PartyId.of(args[1]),
          Path.of(args[2]),
          new Run(PsiProtocol.valueOf(args[3]), Integer.parseInt(args[4])));
      return;
    }
    List<Run> plan = plan(args, 0);
    System.out.printf(
        "cores %d, coordinator heap %d MB, party JVMs %s, load before: %s%n",
        Harness.cores(), Runtime.getRuntime().maxMemory() >> 20, CHILD_HEAP, Harness.load());
    OtPsiThroughput.aesBytesPerSecond(); // warm-up: AES-NI intrinsics compile during the first pass
    OtPsiThroughput.sha256PerSecond();
    double aes = OtPsiThroughput.aesBytesPerSecond();
    double sha = OtPsiThroughput.sha256PerSecond();
    System.out.printf(
        "same run: AES-128-CTR %.0f MB/s on one core; SHA-256 (68-byte inputs) %.2f M/s on one"
            + " core; load %s%n",
        aes / 1e6, sha / 1e6, Harness.load());
    Path dir = Files.createTempDirectory("mitai-otpsi");
    for (PartyId p : BOTH) {
      PartyIdentity id = Harness.identity(p.value());
      Files.write(dir.resolve(p.value() + ".crt"), id.certificate().getEncoded());
      Files.write(dir.resolve(p.value() + ".key"), id.privateKey().getEncoded());
    }
    // A fresh pair of party processes per run: each process's CPU seconds, peak heap and peak RSS
    // (VmHWM) are then those of this run alone (a JVM keeps the heap an earlier, larger run grew).
    for (Run run : plan) {
      for (PartyId p : BOTH) {
        Files.writeString(dir.resolve(p.value() + ".port"), Integer.toString(freePort()));
      }
      String java = ProcessHandle.current().info().command().orElse("java");
      List<Process> children = new ArrayList<>();
      for (PartyId p : BOTH) {
        children.add(
            new ProcessBuilder(
                    java,
                    CHILD_HEAP,
                    "-cp",
                    System.getProperty("java.class.path"),
                    OtPsiProcesses.class.getName(),
                    "party",
                    p.value(),
                    dir.toString(),
                    run.protocol().name(),
                    Integer.toString(run.n()))
                .inheritIO()
                .start());
      }
      for (Process c : children) {
        if (c.waitFor() != 0) {
          throw new AssertionError("party process " + c.pid() + " failed in " + run);
        }
      }
    }
    report(dir, plan, aes, sha);
    System.out.printf(
        "same run, after: AES-128-CTR %.0f MB/s, SHA-256 %.2f M/s; load %s%n",
        OtPsiThroughput.aesBytesPerSecond() / 1e6,
        OtPsiThroughput.sha256PerSecond() / 1e6,
        Harness.load());
  }

  private static List<Run> plan(String[] args, int from) {
    List<Run> ot = new ArrayList<>();
    List<Run> ecdh = new ArrayList<>();
    List<Run> target = ot;
    for (int i = from; i < args.length; i++) {
      if (args[i].equals("--ecdh")) {
        target = ecdh;
      } else {
        int n = Integer.parseInt(args[i]);
        target.add(new Run(target == ot ? PsiProtocol.OT : PsiProtocol.ECDH, n));
      }
    }
    if (ot.isEmpty() && ecdh.isEmpty()) {
      ot.add(new Run(PsiProtocol.OT, 100_000));
    }
    ot.addAll(ecdh);
    return ot;
  }

  /** The table: one row per run, both processes' figures, the OT bound, OT vs ECDH. */
  private static void report(Path dir, List<Run> plan, double aes, double sha) throws Exception {
    Map<PartyId, List<String[]>> rows = new TreeMap<>();
    for (PartyId p : BOTH) {
      List<String[]> lines = new ArrayList<>();
      for (String l : Files.readAllLines(dir.resolve(p.value() + ".results"))) {
        lines.add(l.split(" "));
      }
      rows.put(p, lines);
    }
    // "RUN protocol n wall cpu heapMB rssMB sentBytes verdict transportBytesPerSecond", the
    // transport's one-way rate measured between the two processes right before the run
    System.out.println(
        "| protocol | n per side | wall s | CPU s org3 / org1 | peak heap MB org3 / org1 |"
            + " peak RSS MB org3 / org1 | payload bytes on the wire | transport MB/s |"
            + " bound s (wire + AES + SHA-256) | result |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    Map<Integer, Double> otWall = new TreeMap<>();
    Map<Integer, Double> ecdhWall = new TreeMap<>();
    for (Run run : plan) {
      String[] r = find(rows.get(R), run);
      String[] s = find(rows.get(S), run);
      double wall = Math.max(Double.parseDouble(r[3]), Double.parseDouble(s[3]));
      long bytes = Long.parseLong(r[7]) + Long.parseLong(s[7]);
      double bw = Double.parseDouble(r[9]);
      String bound = "X25519-bound";
      if (run.protocol() == PsiProtocol.OT) {
        otWall.put(run.n(), wall);
        long m = Cuckoo.bins(run.n());
        // AES bytes: receiver 2 x 64 B PRG + 64 B code per bin, sender 64 B PRG per bin + 3 x 64 B
        // code per item; SHA-256: one per bin and three per sender item (OPRF output hash H)
        double aesBytes = 192.0 * m + 256.0 * run.n();
        double hashes = m + 3.0 * run.n();
        bound =
            String.format(
                "%.2f (%.2f + %.2f + %.2f)",
                bytes / bw + aesBytes / aes + hashes / sha,
                bytes / bw,
                aesBytes / aes,
                hashes / sha);
      } else {
        ecdhWall.put(run.n(), wall);
      }
      System.out.printf(
          "| %s | %d | %.1f | %s / %s | %s / %s | %s / %s | %.1f MB | %.0f | %s | %s |%n",
          run.protocol(),
          run.n(),
          wall,
          r[4],
          s[4],
          r[5],
          s[5],
          r[6],
          s[6],
          bytes / 1e6,
          bw / 1e6,
          bound,
          r[8]);
    }
    for (var e : ecdhWall.entrySet()) {
      Double ot = otWall.get(e.getKey());
      if (ot != null) {
        System.out.printf(
            "OT vs ECDH at n=%d, same run: %.1fx faster wall%n", e.getKey(), e.getValue() / ot);
      }
    }
    System.out.printf("raw per-process lines in %s%n", dir);
  }

  private static String[] find(List<String[]> lines, Run run) {
    for (String[] f : lines) {
      if (f[0].equals("RUN")
          && f[1].equals(run.protocol().name())
          && Integer.parseInt(f[2]) == run.n()) {
        return f;
      }
    }
    throw new AssertionError("no result for " + run);
  }

  // --- a party process ----------------------------------------------------------------------

  private static void party(PartyId self, Path dir, Run run) throws Exception {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    AtomicLong peakHeap = new AtomicLong();
    Thread sampler =
        new Thread(
            () -> {
              while (true) {
                peakHeap.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    try (TlsPartyTransport t = transport(self, dir)) {
      psi(t, "warm-ot", new Run(PsiProtocol.OT, 20_000), new LongAdder()); // JIT, TLS connections
      psi(t, "warm-ecdh", new Run(PsiProtocol.ECDH, 5_000), new LongAdder());
      double bw = bandwidth(t, "bw");
      System.gc();
      peakHeap.set(mem.getHeapMemoryUsage().getUsed());
      sync(t, "sync");
      LongAdder sent = new LongAdder();
      double cpu0 = Curve25519Limit.cpuSeconds();
      long t0 = System.nanoTime();
      Optional<OperationResult> result = psi(t, "run", run, sent);
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = Curve25519Limit.cpuSeconds() - cpu0;
      String verdict = self.equals(R) ? check(result.orElseThrow(), run.n()) : "-";
      String line =
          String.format(
              "RUN %s %d %.2f %.1f %d %d %d %s %.0f",
              run.protocol(),
              run.n(),
              wall,
              cpu,
              peakHeap.get() >> 20,
              peakRssKb() >> 10,
              sent.sum(),
              verdict,
              bw);
      append(dir.resolve(self.value() + ".results"), line);
      System.out.printf("%s: %s load [%s]%n", self, line, Harness.load());
      sync(t, "done");
    }
  }

  /**
   * Exact check without a second list of n/2 strings: the result has n/2 keys, each {@code
   * customer-i} with n/2 ≤ i < n, strictly increasing in string order (so no key twice): that is
   * the intersection and nothing else.
   */
  private static String check(OperationResult result, int n) {
    PsiResult r = (PsiResult) result;
    List<String> keys = r.keys().orElseThrow();
    if (r.size() != n / 2 || keys.size() != n / 2) {
      throw new AssertionError("intersection " + r.size() + ", expected " + n / 2);
    }
    String prev = null;
    for (String key : keys) {
      if (!key.startsWith("customer-")) {
        throw new AssertionError("not an input key: " + key);
      }
      int i = Integer.parseInt(key.substring("customer-".length()));
      if (i < n / 2 || i >= n || (prev != null && prev.compareTo(key) >= 0)) {
        throw new AssertionError("not the expected intersection at " + key);
      }
      prev = key;
    }
    return "exact";
  }

  private static Optional<OperationResult> psi(
      TlsPartyTransport t, String session, Run run, LongAdder sent) throws Exception {
    PsiSpec spec =
        new PsiSpec(Operation.PSI, new Roles(BOTH, R, Optional.empty()), "id", run.protocol());
    int n = run.n();
    PartyChannel ch = new Counting(t.openSession(SessionId.of(session), BOTH, TIMEOUT), sent);
    return ComputeEngine.run(
        ch,
        spec,
        Optional.of(t.self().equals(R) ? PsiThroughput.keys(0, n) : PsiThroughput.keys(n / 2, n)));
  }

  /** Both processes leave this only once both have entered it. */
  private static void sync(TlsPartyTransport t, String session) throws Exception {
    try (PartyChannel ch = t.openSession(SessionId.of(session), BOTH, TIMEOUT)) {
      PartyId peer = t.self().equals(R) ? S : R;
      ch.send(peer, 1, new byte[] {1});
      ch.receive(peer, 1);
    }
  }

  /**
   * One-way bytes per second org3 -> org1 through the party transport, 256 MiB in 512 KiB messages
   * (as the OT-PSI sends its corrections), timed by the receiver and sent back.
   */
  private static double bandwidth(TlsPartyTransport t, String session) throws Exception {
    sync(t, session + "-sync");
    int msgs = 512;
    try (PartyChannel ch = t.openSession(SessionId.of(session), BOTH, TIMEOUT)) {
      if (t.self().equals(R)) {
        byte[] payload = new byte[512 * 1024];
        for (int i = 0; i < msgs; i++) {
          ch.send(S, 1, payload);
        }
        return ByteBuffer.wrap(ch.receive(S, 2)).getDouble();
      }
      long t0 = System.nanoTime();
      long bytes = 0;
      for (int i = 0; i < msgs; i++) {
        bytes += ch.receive(R, 1).length;
      }
      double rate = bytes / ((System.nanoTime() - t0) / 1e9);
      ch.send(R, 2, ByteBuffer.allocate(8).putDouble(rate).array());
      return rate;
    }
  }

  /** VmHWM in kB, from /proc/self/status. */
  private static long peakRssKb() throws Exception {
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("VmHWM:")) {
        return Long.parseLong(l.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static void append(Path file, String line) throws Exception {
    Files.writeString(
        file,
        line + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static TlsPartyTransport transport(PartyId self, Path dir) throws Exception {
    MapPartyDirectory directory = new MapPartyDirectory();
    for (PartyId p : BOTH) {
      directory.register(
          new PartyEndpoint(p, "127.0.0.1", port(dir, p), cert(dir, p).getPublicKey()));
    }
    PartyIdentity id =
        new PartyIdentity(
            self,
            cert(dir, self),
            KeyFactory.getInstance("EC")
                .generatePrivate(
                    new PKCS8EncodedKeySpec(
                        Files.readAllBytes(dir.resolve(self.value() + ".key")))));
    return TlsPartyTransport.start(
        id, new InetSocketAddress("127.0.0.1", port(dir, self)), directory);
  }

  private static X509Certificate cert(Path dir, PartyId p) throws Exception {
    try (var in = Files.newInputStream(dir.resolve(p.value() + ".crt"))) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static int port(Path dir, PartyId p) throws Exception {
    return Integer.parseInt(Files.readString(dir.resolve(p.value() + ".port")).trim());
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A channel that counts the payload bytes this party sends (gRPC and TLS framing excluded). */
  private record Counting(PartyChannel inner, LongAdder sent) implements PartyChannel {
    @Override
    public SessionId session() {
      return inner.session();
    }

    @Override
    public PartyId self() {
      return inner.self();
    }

    @Override
    public List<PartyId> parties() {
      return inner.parties();
    }

    @Override
    public Duration timeout() {
      return inner.timeout();
    }

    @Override
    public Duration maxDuration() {
      return inner.maxDuration();
    }

    @Override
    public void send(PartyId to, int round, byte[] payload) throws SessionFailedException {
      sent.add(payload.length);
      inner.send(to, round, payload);
    }

    @Override
    public byte[] receive(PartyId from, int round) throws SessionFailedException {
      return inner.receive(from, round);
    }

    @Override
    public void abort(SessionFailedException failure) {
      inner.abort(failure);
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
