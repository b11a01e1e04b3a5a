package io.mitai.benchmarks;

import io.mitai.ledger.Invocation;
import io.mitai.ledger.LedgerIdentity;
import io.mitai.ledger.embedded.EmbeddedLedger;
import io.mitai.ledger.embedded.EmbeddedLedgerConfig;
import io.mitai.testsupport.TestCertificates;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end throughput of the embedded ledger with the real contract and a real PostgreSQL:
 * committed {@code SubmitTask} transactions per second (each checks a grant and consumes one of its
 * uses, so it reads and writes like production) at 1, 8 and 64 concurrent submitters.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.mitai.benchmarks.LedgerThroughput
 * [seconds-per-level [ledgers]]}. With {@code ledgers} > 1 (default 1) that many ledgers are opened
 * on the same database, as processes sharing one ledger would, and the submitters are spread over
 * them in turn. It prints a Markdown table for benchmarks/REPORT.md.
 *
 * <p>The server runs durable, as the node's embedded PostgreSQL does ({@code fsync=on}, {@code
 * synchronous_commit=on}); {@code -Dmitai.bench.fsync=off} reproduces the earlier, non-durable
 * configuration (the zonky default {@code -F}) for comparison.
 */
public final class LedgerThroughput {

  private LedgerThroughput() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int sharing = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    Path dir = Files.createTempDirectory("mitai-bench-pg");
    boolean durable = !"off".equals(System.getProperty("mitai.bench.fsync", "on"));
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true);
    if (durable) {
      // zonky starts the server with -F (fsync off); a later -c wins over it.
      builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
    }
    try (EmbeddedPostgres pg = builder.start()) {
      System.out.println(
          "PostgreSQL fsync: "
              + show(pg, "fsync")
              + ", synchronous_commit: "
              + show(pg, "synchronous_commit"));
      KeyPair treeHeadKey = TestCertificates.p256();
      List<EmbeddedLedger> ledgers = new ArrayList<>();
      for (int i = 0; i < sharing; i++) {
        ledgers.add(
            EmbeddedLedger.open(
                pg.getDatabase(
                    "postgres", "postgres", java.util.Map.of("reWriteBatchedInserts", "true")),
                treeHeadKey,
                EmbeddedLedgerConfig.defaults()));
      }
      EmbeddedLedger ledger = ledgers.get(0);
      LedgerIdentity org1 = identity("org1");
      LedgerIdentity org2 = identity("org2");
      setUp(ledger, org1, org2);

      System.out.println(
          "| submitters | committed tx/s | blocks | mean tx per block | lock + catch-up ms/block"
              + " | execute ms/block | store ms/block |");
      System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
      for (int submitters : new int[] {1, 8, 64}) {
        measure(ledgers, org2, submitters, seconds);
      }
      System.out.printf(
          "%nSHA-256 on this machine, same run: %.0f MB/s (1 KiB messages, one core)%n",
          sha256MegabytesPerSecond());
      var report = ledger.verify();
      System.out.printf(
          "Ledger verified after the run: %s, %d blocks, %d transactions%n",
          report.intact(), report.blocksChecked(), report.transactionsChecked());
      ledgers.forEach(EmbeddedLedger::close);
    }
  }

  private static String show(EmbeddedPostgres pg, String setting) throws java.sql.SQLException {
    try (var c = pg.getPostgresDatabase().getConnection();
        var rs = c.createStatement().executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void setUp(EmbeddedLedger ledger, LedgerIdentity org1, LedgerIdentity org2) {
    for (LedgerIdentity org : List.of(org1, org2)) {
      ledger.submit(
          org,
          Invocation.of(
              "RegisterOrganisation",
              "{\"id\":\""
                  + org.mspId()
                  + "\",\"displayName\":\""
                  + org.mspId()
                  + "\",\"endpoint\":\"https://"
                  + org.mspId()
                  + ".example:8443\",\"publicKey\":\"AAAA\"}"));
    }
    ledger.submit(
        org1,
        Invocation.of(
            "RegisterAsset",
            "{\"id\":\"asset-1\",\"name\":\"claims\",\"columns\":[{\"name\":\"id\",\"type\":\"STRING\"},{\"name\":\"amount\",\"type\":\"DECIMAL\"}],\"rowCount\":1000,\"commitment\":\""
                + "ab".repeat(32)
                + "\"}"));
    ledger.submit(
        org1,
        Invocation.of(
            "IssueGrant",
            "{\"id\":\"grant-1\",\"assetId\":\"asset-1\",\"grantee\":\"org2\",\"operations\":[\"SECURE_AGGREGATE\"],\"columns\":[\"amount\"],\"purpose\":\"benchmark\",\"validUntil\":\"2099-01-01T00:00:00Z\",\"maxUses\":2000000000,\"minAssurance\":\"MPC_SEMI_HONEST\"}"));
  }

  private static final AtomicLong TASKS = new AtomicLong();

  private static void measure(
      List<EmbeddedLedger> ledgers, LedgerIdentity requester, int submitters, int seconds)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(submitters);
    long heightBefore = ledgers.get(0).height();
    EmbeddedLedger.Stats before = total(ledgers);
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    AtomicLong committed = new AtomicLong();
    List<Future<?>> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < submitters; i++) {
      EmbeddedLedger ledger = ledgers.get(i % ledgers.size());
      workers.add(
          pool.submit(
              () -> {
                while (System.nanoTime() < deadline) {
                  String task =
                      "{\"id\":\"task-"
                          + TASKS.incrementAndGet()
                          + "\",\"operation\":\"SECURE_AGGREGATE\",\"inputs\":[{\"assetId\":\"asset-1\",\"columns\":[\"amount\"]}],\"parameterHash\":\""
                          + "cd".repeat(32)
                          + "\",\"protocol\":\"ADDITIVE-SS/Z2^64\",\"assurance\":\"MPC_SEMI_HONEST\"}";
                  ledger.submit(requester, Invocation.of("SubmitTask", task));
                  committed.incrementAndGet();
                }
                return null;
              }));
    }
    for (Future<?> w : workers) {
      w.get();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    long blocks = ledgers.get(0).height() - heightBefore;
    EmbeddedLedger.Stats after = total(ledgers);
    System.out.printf(
        "| %d | %.0f | %d | %.1f | %.2f | %.2f | %.2f |%n",
        submitters,
        committed.get() / elapsed,
        blocks,
        committed.get() / (double) Math.max(1, blocks),
        (after.syncNanos() - before.syncNanos()) / 1e6 / Math.max(1, blocks),
        (after.executeNanos() - before.executeNanos()) / 1e6 / Math.max(1, blocks),
        (after.storeNanos() - before.storeNanos()) / 1e6 / Math.max(1, blocks));
  }

  /** The ledgers' counters added up (each block is committed by exactly one of them). */
  private static EmbeddedLedger.Stats total(List<EmbeddedLedger> ledgers) {
    return ledgers.stream()
        .map(EmbeddedLedger::stats)
        .reduce(
            new EmbeddedLedger.Stats(0, 0, 0, 0, 0, 0),
            (a, b) ->
                new EmbeddedLedger.Stats(
                    a.blocks() + b.blocks(),
                    a.transactions() + b.transactions(),
                    a.executeNanos() + b.executeNanos(),
                    a.storeNanos() + b.storeNanos(),
                    a.syncNanos() + b.syncNanos(),
                    a.blocksFollowed() + b.blocksFollowed()));
  }

  private static double sha256MegabytesPerSecond() throws Exception {
    byte[] data = new byte[1024];
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < 200_000; i++) {
      sha.update(data);
    }
    sha.digest();
    long n = 0;
    long start = System.nanoTime();
    while (System.nanoTime() - start < 2_000_000_000L) {
      sha.update(data);
      n++;
    }
    sha.digest();
    return n * 1024 / ((System.nanoTime() - start) / 1e9) / 1e6;
  }

  static LedgerIdentity identity(String msp) {
    TestCertificates.KeyedCertificate cert =
        TestCertificates.selfSignedIdentity("CN=bench." + msp + ",O=" + msp);
    return new LedgerIdentity(msp, cert.certificatePem(), cert.privateKey());
  }
}
