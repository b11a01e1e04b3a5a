package io.mitai.benchmarks.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mitai.testsupport.NodeProcess;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * PSI through the packaged node's REST API, end to end, with {@code "params": {"protocol": "OT"}}
 * against {@code "ECDH"} on the same two assets, in the same run (issue 16).
 *
 * <p>The node runs in sandbox mode (one node hosting org1..org3, embedded PostgreSQL and ledger, no
 * demo data). alice (org1) uploads n keys {@code customer-0 … customer-(n-1)}, bob (org2) uploads n
 * keys starting at {@code customer-(n/2)}, so n/2 are shared; bob grants org1 PSI on the key
 * column. alice then launches PSI tasks on both inputs, alternating OT and ECDH, polls each task's
 * view until it has SUCCEEDED, downloads the result and checks its keys equal the expected
 * intersection. A first pair of tasks on 1,000-key assets warms the node up and is not reported.
 *
 * <p>End to end is from just before {@code POST /api/v1/tasks} to the downloaded result. Its
 * breakdown: the POST itself (ledger SubmitTask), the wait until the task is RUNNING (the node's
 * worker polls its job table every {@code mitai.tasks.poll-every}, 1 s as shipped, then records
 * RecordTaskStarted), the phases the task view shows while it runs (first seen by polling every 50
 * ms: CONNECTING, COMPUTING, SEALING, RECORDING), the wait until the view says SUCCEEDED, and the
 * result download. The ledger's own timestamps (the view's history) are printed next to them.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.mitai.benchmarks.node.PsiRestThroughput [n per side, default 100000] [pairs, default 3]}; the
 * node jar is {@code platform-service/target/quarkus-app/quarkus-run.jar} (or {@code
 * -Dmitai.node.jar=...}).
 */
public final class PsiRestThroughput {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(50);
  private static final List<String> PHASES =
      List.of("STARTING", "CONNECTING", "COMPUTING", "SEALING", "RECORDING");

  private final NodeProcess node;
  private final HttpClient http = HttpClient.newHttpClient();

  private PsiRestThroughput(NodeProcess node) {
    this.node = node;
  }

  /** One task's figures, seconds from just before its POST. */
  record Run(
      String protocol,
      String label,
      double post,
      Map<String, Double> phases,
      double succeeded,
      double endToEnd,
      List<String> history) {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    System.out.printf(
        "PsiRestThroughput: n=%d per side, %d pairs of tasks, %d cores, load %s%n",
        n, pairs, Runtime.getRuntime().availableProcessors(), load());
    try (NodeProcess node =
        AuthThroughput.startNode(List.of("-Xmx2g", "-Dmitai.demo.data=false"))) {
      new PsiRestThroughput(node).run(n, pairs);
    }
    System.out.printf("load after: %s%n", load());
  }

  private void run(int n, int pairs) throws Exception {
    String[] warm = assets(1_000, 4);
    for (String protocol : List.of("OT", "ECDH")) {
      task(warm, protocol, 1_000);
    }
    long t0 = System.nanoTime();
    String[] big = assets(n, 2 * pairs);
    System.out.printf(
        "uploads and grant for n=%d: %.1f s (not part of the PSI figures)%n",
        n, (System.nanoTime() - t0) / 1e9);
    List<Run> runs = new ArrayList<>();
    for (int p = 0; p < pairs; p++) {
      for (String protocol : List.of("OT", "ECDH")) {
        String load = load();
        Run r = task(big, protocol, n);
        runs.add(r);
        System.out.printf(
            Locale.ROOT,
            "RESULT %s n=%d end-to-end=%.2fs post=%.2fs phases-first-seen=%s succeeded-seen=%.2fs"
                + " protocol=%s history=%s load-before=[%s]%n",
            protocol,
            n,
            r.endToEnd(),
            r.post(),
            r.phases(),
            r.succeeded(),
            r.label(),
            r.history(),
            load);
      }
    }
    double ot = median(runs, "OT");
    double ecdh = median(runs, "ECDH");
    System.out.printf(
        Locale.ROOT,
        "median end to end: OT %.2f s, ECDH %.2f s, ratio %.1fx; load %s%n",
        ot,
        ecdh,
        ecdh / ot,
        load());
  }

  private static double median(List<Run> runs, String protocol) {
    double[] v =
        runs.stream()
            .filter(r -> r.protocol().equals(protocol))
            .mapToDouble(Run::endToEnd)
            .sorted()
            .toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** alice's and bob's assets of n keys each (half shared) and bob's PSI grant to org1. */
  private String[] assets(int n, int uses) throws Exception {
    String a = upload("alice", "psi-a-" + n, 0, n);
    String b = upload("bob", "psi-b-" + n, n / 2, n);
    Map<String, Object> grant = new LinkedHashMap<>();
    grant.put("assetId", b);
    grant.put("grantee", "org1");
    grant.put("operations", List.of("PSI"));
    grant.put("columns", List.of("id"));
    grant.put("purpose", "PSI benchmark");
    grant.put("validUntil", "2099-01-01T00:00:00Z");
    grant.put("maxUses", uses);
    grant.put("minAssurance", "MPC_SEMI_HONEST");
    post("bob", "/api/v1/grants", grant, 201);
    return new String[] {a, b};
  }

  private String upload(String user, String name, int start, int n) throws Exception {
    StringBuilder csv = new StringBuilder("id\n");
    for (int i = start; i < start + n; i++) {
      csv.append("customer-").append(i).append('\n');
    }
    String boundary = "mitai-bench-" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n"
                + name
                + "\r\n--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"keys.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(csv.toString().getBytes(StandardCharsets.UTF_8));
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r =
        http.send(
            as(user, "/api/v1/assets")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return expect(r, 201).get("id").asText();
  }

  /** Launches one PSI task as alice, polls it to SUCCEEDED and checks the downloaded result. */
  private Run task(String[] assets, String protocol, int n) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("operation", "PSI");
    body.put(
        "inputs",
        List.of(
            Map.of("assetId", assets[0], "columns", List.of("id")),
            Map.of("assetId", assets[1], "columns", List.of("id"))));
    body.put("params", Map.of("protocol", protocol));
    Instant wallStart = Instant.now();
    long t0 = System.nanoTime();
    String id = post("alice", "/api/v1/tasks", body, 202).get("id").asText();
    double post = since(t0);
    Map<String, Double> phases = new LinkedHashMap<>();
    JsonNode view;
    while (true) {
      view = get("alice", "/api/v1/tasks/" + id);
      String status = view.path("status").asText();
      if (view.hasNonNull("phase")) {
        phases.putIfAbsent(view.get("phase").asText(), since(t0));
      } else if (status.equals("RUNNING")) {
        phases.putIfAbsent("RUNNING", since(t0));
      }
      if (status.equals("SUCCEEDED")) {
        break;
      }
      if (status.equals("FAILED") || status.equals("REJECTED")) {
        throw new IllegalStateException("task " + id + " ended " + status + ": " + view);
      }
      Thread.sleep(POLL.toMillis());
    }
    double succeeded = since(t0);
    JsonNode result = get("alice", "/api/v1/tasks/" + id + "/result");
    double endToEnd = since(t0);
    check(result.path("result"), n);
    List<String> history = new ArrayList<>();
    for (JsonNode h : view.path("history")) {
      double at =
          Duration.between(wallStart, Instant.parse(h.path("timestamp").asText())).toNanos() / 1e9;
      history.add(String.format(Locale.ROOT, "%s@%.2fs", h.path("status").asText(), at));
    }
    Map<String, Double> ordered = new LinkedHashMap<>();
    for (String p : PHASES) {
      if (phases.containsKey(p)) {
        ordered.put(p, Math.round(phases.get(p) * 100) / 100.0);
      }
    }
    return new Run(
        protocol, view.path("protocol").asText(), post, ordered, succeeded, endToEnd, history);
  }

  /** The result's keys must be exactly customer-(n/2) … customer-(n-1), in string order. */
  private static void check(JsonNode result, int n) {
    TreeSet<String> expected = new TreeSet<>();
    for (int i = n / 2; i < n; i++) {
      expected.add("customer-" + i);
    }
    List<String> keys = new ArrayList<>();
    result.path("keys").forEach(k -> keys.add(k.asText()));
    if (!keys.equals(new ArrayList<>(expected)) || result.path("size").asLong() != n / 2) {
      throw new AssertionError(
          "the result is not the expected intersection: "
              + keys.size()
              + " keys, size "
              + result.path("size"));
    }
  }

  private JsonNode post(String user, String path, Object body, int status) throws Exception {
    HttpResponse<String> r =
        http.send(
            as(user, path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return expect(r, status);
  }

  private JsonNode get(String user, String path) throws Exception {
    return expect(
        http.send(as(user, path).GET().build(), HttpResponse.BodyHandlers.ofString()), 200);
  }

  private HttpRequest.Builder as(String user, String path) {
    String basic =
        Base64.getEncoder().encodeToString((user + ":mitai-demo").getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(node.uri(path))
        .timeout(Duration.ofMinutes(5))
        .header("Authorization", "Basic " + basic);
  }

  private JsonNode expect(HttpResponse<String> r, int status) throws Exception {
    if (r.statusCode() != status) {
      throw new IllegalStateException(
          r.request().method()
              + " "
              + r.uri()
              + ": "
              + r.statusCode()
              + " "
              + r.body()
              + " (node log "
              + node.log()
              + ")");
    }
    return JSON.readTree(r.body());
  }

  private static double since(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static String load() {
    try {
      String[] f =
          java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (Exception e) {
      return "unknown";
    }
  }
}
