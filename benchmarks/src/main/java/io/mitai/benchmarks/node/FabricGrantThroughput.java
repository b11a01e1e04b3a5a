package io.mitai.benchmarks.node;

import io.mitai.ledger.Invocation;
import io.mitai.ledger.LedgerIdentity;
import io.mitai.ledger.fabric.FabricLedger;
import io.mitai.testsupport.NodeProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grants on a real Fabric network, issued through the node's REST API and directly with {@link
 * FabricLedger#submit} at the same concurrency, beside grants through the REST API of a sandbox
 * node on the embedded ledger (issue #13, items 7 and 8).
 *
 * <p>Needs a running network with profiles ({@code fabric-network/network.sh up channel deploy
 * profiles}) and the packaged node. Every client thread grants on an asset of its own: a grant
 * writes its asset's key (state-based endorsement), so grants on one asset are serialised by
 * Fabric's MVCC check, and the benchmark measures the ledger, not that conflict.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.mitai.benchmarks.node.FabricGrantThroughput \
 *     fabric-network/build/profiles 20 32,64</pre>
 */
public final class FabricGrantThroughput {
  private static final String BASIC =
      "Basic "
          + Base64.getEncoder().encodeToString("alice:mitai-demo".getBytes(StandardCharsets.UTF_8));
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

  private FabricGrantThroughput() {}

  public static void main(String[] args) throws Exception {
    Path profiles = Path.of(args.length > 0 ? args[0] : "fabric-network/build/profiles");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int[] concurrency =
        Arrays.stream((args.length > 2 ? args[2] : "32,64").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int most = Arrays.stream(concurrency).max().orElseThrow();
    String run = Long.toString(System.currentTimeMillis(), 36);
    System.out.printf(
        "grants: %d s per measurement, clients %s%n", seconds, args.length > 2 ? args[2] : "32,64");

    Properties connection = FabricProfile.load(profiles.resolve("fabric-test-network.properties"));

    // The phases alternate and repeat because the order matters on this machine: the chaincode
    // servers are JVMs whose JIT keeps compiling for minutes under load, so whatever ran first once
    // looked 5x dearer in chaincode CPU. Direct submits without a node bracket the node's phases
    // (before and after); REST and direct submits with the node attached alternate in two rounds.
    Map<Integer, List<Result>> direct = new TreeMap<>();
    Map<Integer, List<Result>> rest = new TreeMap<>();
    Map<Integer, List<Result>> attached = new TreeMap<>();
    Map<Integer, List<Result>> embedded = new TreeMap<>();
    LedgerIdentity org1 = FabricProfile.identity(connection, "org1");
    List<String> directAssets;
    try (FabricLedger ledger = FabricProfile.ledger(connection)) {
      // The node re-registers org1 with its own endpoint and key when it starts.
      FabricProfile.registerIfMissing(ledger, org1);
      FabricProfile.registerIfMissing(ledger, FabricProfile.identity(connection, "org2"));
      directAssets = registerAssets(ledger, org1, "bench-" + run, most);
      directGrants("warm-up, direct", ledger, org1, directAssets, "w" + run, 3 * seconds);
      directRound(direct, ledger, org1, directAssets, run + "b", concurrency, seconds);
    }

    try (NodeProcess node =
            AuthThroughput.startNode(
                List.of(
                    // The node's own default heap (a quarter of RAM), not AuthThroughput's 512 MB.
                    "-Xmx2g",
                    "-Dquarkus.config.locations="
                        + profiles.resolve("org1").resolve("node.properties").toAbsolutePath(),
                    "-Dmitai.keystore.password=bench-" + run,
                    "-Dmitai.demo.enabled=true",
                    "-Dmitai.compute.port=" + freePort()));
        FabricLedger ledger = FabricProfile.ledger(connection)) {
      ProcessCpu.watchNode(node.pid());
      List<String> assets = uploadAssets(node, most);
      awaitGrantee(node, "org2");
      restGrants("warm-up, REST", node, assets, 2 * seconds);
      for (int round = 1; round <= 2; round++) {
        for (int c : concurrency) {
          add(rest, restGrants("REST, Fabric", node, assets.subList(0, c), seconds));
          // The same direct submits while this node stays attached to the peers (its block and
          // event streams, its JVM and database on the same cores): the load a node adds to
          // Fabric apart from its own request path.
          add(
              attached,
              directGrants(
                  "direct, node attached",
                  ledger,
                  org1,
                  directAssets.subList(0, c),
                  run + "a" + round + "-" + c,
                  seconds));
        }
      }
    }

    try (FabricLedger ledger = FabricProfile.ledger(connection)) {
      directRound(direct, ledger, org1, directAssets, run + "e", concurrency, seconds);
    }

    // Through the REST API of a sandbox node on the embedded ledger, same machine.
    try (NodeProcess node = AuthThroughput.startNode(List.of("-Xmx2g"))) {
      ProcessCpu.watchNode(node.pid());
      List<String> assets = uploadAssets(node, most);
      awaitGrantee(node, "org2");
      restGrants("warm-up, REST embedded", node, assets, seconds);
      for (int c : concurrency) {
        add(embedded, restGrants("REST, embedded ledger", node, assets.subList(0, c), seconds));
      }
    }

    System.out.println();
    System.out.println(
        "| clients | REST on Fabric (2 rounds) | direct, no node (before, after) | REST / direct |"
            + " direct, node attached (2 rounds) | REST / direct attached | REST on the embedded"
            + " ledger |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
    for (int c : concurrency) {
      System.out.printf(
          Locale.ROOT,
          "| %d | %s | %s | %.0f %% | %s | %.0f %% | %s |%n",
          c,
          cells(rest.get(c)),
          cells(direct.get(c)),
          100.0 * mean(rest.get(c)) / mean(direct.get(c)),
          cells(attached.get(c)),
          100.0 * mean(rest.get(c)) / mean(attached.get(c)),
          cells(embedded.get(c)));
    }
    System.out.println();
    System.out.println("CPU per committed grant (ms, by process role):");
    for (Map<Integer, List<Result>> results : List.of(rest, attached, direct, embedded)) {
      results.values().stream()
          .flatMap(List::stream)
          .forEach(
              r ->
                  System.out.printf(
                      Locale.ROOT, "- %s, %d clients: %s%n", r.what(), r.clients(), r.cpu()));
    }
  }

  private static void directRound(
      Map<Integer, List<Result>> into,
      FabricLedger ledger,
      LedgerIdentity org1,
      List<String> assets,
      String idPrefix,
      int[] concurrency,
      int seconds)
      throws InterruptedException {
    for (int c : concurrency) {
      add(
          into,
          directGrants(
              "direct, Fabric", ledger, org1, assets.subList(0, c), idPrefix + "-" + c, seconds));
    }
  }

  private static void add(Map<Integer, List<Result>> into, Result r) {
    into.computeIfAbsent(r.clients(), c -> new ArrayList<>()).add(r);
  }

  private static double mean(List<Result> results) {
    return results.stream().mapToDouble(Result::rate).average().orElse(Double.NaN);
  }

  private static String cells(List<Result> results) {
    return String.join("; ", results.stream().map(Result::cell).toList());
  }

  /** Committed grants per second and the latency of each, from request to commit. */
  record Result(
      String what,
      int clients,
      long ok,
      long failed,
      double seconds,
      long p50,
      long p99,
      Map<String, Double> cpuSeconds) {
    double rate() {
      return ok / seconds;
    }

    /** Milliseconds of CPU per committed grant, by role, and the machine's cores in use. */
    String cpu() {
      StringBuilder sb = new StringBuilder();
      double total = 0;
      for (Map.Entry<String, Double> e : cpuSeconds.entrySet()) {
        total += e.getValue();
        if (e.getValue() > 0.05) {
          sb.append(
              String.format(
                  Locale.ROOT, "%s %.1f, ", e.getKey(), 1000 * e.getValue() / Math.max(1, ok)));
        }
      }
      return String.format(
          Locale.ROOT,
          "%stotal %.1f ms per grant; %.2f cores busy",
          sb,
          1000 * total / Math.max(1, ok),
          total / seconds);
    }

    String cell() {
      return String.format(
          Locale.ROOT,
          "%.1f/s (p50 %.0f ms, p99 %.0f ms%s)",
          rate(),
          p50 / 1e6,
          p99 / 1e6,
          failed == 0 ? "" : ", " + failed + " failed");
    }
  }

  /** One unit of work of one client; true if it committed. */
  interface Work {
    boolean run(int client, int n) throws Exception;
  }

  private static Result measure(String what, int clients, int seconds, Work work)
      throws InterruptedException {
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    Map<String, Double> cpuBefore = ProcessCpu.snapshot();
    long[][] latencies = new long[clients][100_000];
    int[] counts = new int[clients];
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    CountDownLatch done = new CountDownLatch(clients);
    for (int c = 0; c < clients; c++) {
      int client = c;
      Thread t =
          new Thread(
              () -> {
                try {
                  for (int n = 0; System.nanoTime() < end; n++) {
                    long t0 = System.nanoTime();
                    boolean committed;
                    try {
                      committed = work.run(client, n);
                    } catch (Exception e) {
                      committed = false;
                    }
                    if (committed) {
                      ok.incrementAndGet();
                      if (counts[client] < latencies[client].length) {
                        latencies[client][counts[client]++] = System.nanoTime() - t0;
                      }
                    } else {
                      failed.incrementAndGet();
                    }
                  }
                } finally {
                  done.countDown();
                }
              });
      t.setDaemon(true);
      t.start();
    }
    done.await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    Map<String, Double> cpu = ProcessCpu.between(cpuBefore, ProcessCpu.snapshot());
    long[] all =
        java.util.stream.IntStream.range(0, clients)
            .mapToObj(c -> Arrays.copyOf(latencies[c], counts[c]))
            .flatMapToLong(Arrays::stream)
            .sorted()
            .toArray();
    long p50 = all.length == 0 ? 0 : all[all.length / 2];
    long p99 = all.length == 0 ? 0 : all[Math.min(all.length - 1, (int) (all.length * 0.99))];
    Result r = new Result(what, clients, ok.get(), failed.get(), elapsed, p50, p99, cpu);
    System.out.printf(Locale.ROOT, "%-24s %3d clients: %s%n", what, clients, r.cell());
    System.out.printf(Locale.ROOT, "%-24s %3d clients: CPU %s%n", what, clients, r.cpu());
    return r;
  }

  private static Result restGrants(String what, NodeProcess node, List<String> assets, int seconds)
      throws InterruptedException {
    HttpClient[] clients = new HttpClient[assets.size()];
    for (int i = 0; i < clients.length; i++) {
      clients[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }
    return measure(
        what,
        assets.size(),
        seconds,
        (client, n) -> {
          HttpResponse<String> r =
              clients[client].send(
                  post(node.uri("/api/v1/grants"), grantBody(assets.get(client))),
                  HttpResponse.BodyHandlers.ofString());
          // 201: committed on the ledger; 202 would mean it waits in the outbox.
          return r.statusCode() == 201;
        });
  }

  /** Registers {@code count} assets of org1 directly; their ids. */
  private static List<String> registerAssets(
      FabricLedger ledger, LedgerIdentity org1, String prefix, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = prefix + "-" + i;
      ledger.submit(org1, Invocation.of("RegisterAsset", assetJson(id)));
      ids.add(id);
    }
    return ids;
  }

  private static Result directGrants(
      String what,
      FabricLedger ledger,
      LedgerIdentity org1,
      List<String> assets,
      String run,
      int seconds)
      throws InterruptedException {
    return measure(
        what,
        assets.size(),
        seconds,
        (client, n) -> {
          String id = "g-" + run + "-" + client + "-" + n;
          ledger.submit(org1, Invocation.of("IssueGrant", directGrantJson(id, assets.get(client))));
          return true;
        });
  }

  private static HttpRequest post(URI uri, String json) {
    return HttpRequest.newBuilder(uri)
        .header("Authorization", BASIC)
        .header("Content-Type", "application/json")
        .timeout(Duration.ofMinutes(2))
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private static String grantBody(String assetId) {
    return "{\"assetId\":\""
        + assetId
        + "\",\"grantee\":\"org2\",\"operations\":[\"SECURE_AGGREGATE\"],\"columns\":[\"amount\"],"
        + "\"purpose\":\"benchmark\",\"validUntil\":\"2099-01-01T00:00:00Z\",\"maxUses\":5,"
        + "\"minAssurance\":\"MPC_SEMI_HONEST\"}";
  }

  private static String directGrantJson(String id, String assetId) {
    return "{\"id\":\""
        + id
        + "\",\"assetId\":\""
        + assetId
        + "\",\"grantee\":\"org2\",\"operations\":[\"SECURE_AGGREGATE\"],\"columns\":[\"amount\"],"
        + "\"purpose\":\"benchmark\",\"validUntil\":\"2099-01-01T00:00:00Z\",\"maxUses\":5,"
        + "\"minAssurance\":\"MPC_SEMI_HONEST\"}";
  }

  private static String assetJson(String id) {
    return "{\"id\":\""
        + id
        + "\",\"name\":\"bench\",\"columns\":[{\"name\":\"id\",\"type\":\"STRING\"},"
        + "{\"name\":\"amount\",\"type\":\"DECIMAL\"}],\"rowCount\":3,\"commitment\":\""
        + "ab".repeat(32)
        + "\"}";
  }

  /** Uploads {@code count} small data sets as alice (org1) and waits until each is ACTIVE. */
  private static List<String> uploadAssets(NodeProcess node, int count)
      throws IOException, InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String boundary = "mitai-bench-" + i;
      String body =
          "--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nbench-"
              + i
              + "\r\n--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.csv\"\r\n"
              + "Content-Type: text/csv\r\n\r\nid,amount\n1,1.5\n2,2.5\n3,3.5\n\r\n--"
              + boundary
              + "--\r\n";
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(node.uri("/api/v1/assets"))
                  .header("Authorization", BASIC)
                  .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher m = ID.matcher(r.body());
      if (r.statusCode() / 100 != 2 || !m.find()) {
        throw new IllegalStateException("upload failed: " + r.statusCode() + " " + r.body());
      }
      ids.add(m.group(1));
    }
    for (String id : ids) {
      awaitBody(node, "/api/v1/assets/" + id, "\"ACTIVE\"");
    }
    return ids;
  }

  /** The node's projection knows the grantee (a grant to an unknown organisation is refused). */
  private static void awaitGrantee(NodeProcess node, String org)
      throws IOException, InterruptedException {
    awaitBody(node, "/api/v1/orgs", "\"id\":\"" + org + "\"");
  }

  private static void awaitBody(NodeProcess node, String path, String wanted)
      throws IOException, InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (true) {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(node.uri(path)).header("Authorization", BASIC).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200 && r.body().replace(" ", "").contains(wanted)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(path + " never showed " + wanted + ": " + r.body());
      }
      Thread.sleep(500);
    }
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
