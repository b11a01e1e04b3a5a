package io.mitai.benchmarks.node;

import io.mitai.testsupport.NodeProcess;
import java.io.IOException;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Authenticated against unauthenticated request rate of the packaged node (issue #13, item 7):
 * {@code GET /api/v1/me} with HTTP Basic (bcrypt cost 10, as shipped), and with the console's
 * session cookie, next to {@code GET /q/health/live} (no authentication), each at the same number
 * of concurrent clients (default 32), in the same run. The node runs twice: with the credential
 * cache (as shipped) and with it off ({@code mitai.security.credential-cache.max-entries=0}, bcrypt
 * on every request, as before the cache).
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.mitai.benchmarks.node.AuthThroughput [seconds per measurement, default 10] [clients, default
 * 32]}; the node jar is {@code platform-service/target/quarkus-app/quarkus-run.jar} (or {@code
 * -Dmitai.node.jar=...}).
 */
public final class AuthThroughput {

  private AuthThroughput() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    System.out.printf(
        "AuthThroughput: %d clients, %d s per measurement, %d cores%n",
        clients, seconds, Runtime.getRuntime().availableProcessors());
    run("credential cache on (as shipped)", List.of(), seconds, clients, true);
    run(
        "credential cache off (bcrypt per request, before)",
        List.of("-Dmitai.security.credential-cache.max-entries=0"),
        seconds,
        clients,
        false);
  }

  private static void run(
      String label, List<String> options, int seconds, int clients, boolean withSession)
      throws Exception {
    System.out.printf("%n== node: %s%n", label);
    try (NodeProcess node = startNode(options)) {
      String basic =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString("alice:mitai-demo".getBytes(StandardCharsets.UTF_8));
      HttpRequest health = HttpRequest.newBuilder(node.uri("/q/health/live")).build();
      HttpRequest me =
          HttpRequest.newBuilder(node.uri("/api/v1/me")).header("Authorization", basic).build();
      if (!withSession) {
        Result open = measure("GET /q/health/live (no auth)", health, seconds, clients);
        Result auth = measure("GET /api/v1/me (HTTP Basic)", me, seconds, clients);
        System.out.printf(
            Locale.ROOT,
            "   authenticated (Basic) / unauthenticated = %.1f %%%n",
            100.0 * auth.rate() / open.rate());
        return;
      }
      // The machine is shared: measure in alternating rounds, so that a change of load between
      // two measurements shows as spread between rounds, not as a difference between endpoints.
      int rounds = 3;
      long openOk = 0;
      long authOk = 0;
      for (int round = 1; round <= rounds; round++) {
        System.out.printf("-- round %d%n", round);
        Result open = measure("GET /q/health/live (no auth)", health, seconds, clients);
        Result auth = measure("GET /api/v1/me (HTTP Basic)", me, seconds, clients);
        System.out.printf(
            Locale.ROOT,
            "   round %d: authenticated (Basic) / unauthenticated = %.0f %%%n",
            round,
            100.0 * auth.rate() / open.rate());
        openOk += open.ok();
        authOk += auth.ok();
      }
      System.out.printf(
          Locale.ROOT,
          "== all rounds: unauthenticated %.0f req/s, authenticated (Basic) %.0f req/s,"
              + " ratio %.0f %%%n",
          openOk / (double) (rounds * seconds),
          authOk / (double) (rounds * seconds),
          100.0 * authOk / openOk);
      String cookie = signIn(node, "alice", "mitai-demo");
      HttpRequest session =
          HttpRequest.newBuilder(node.uri("/api/v1/me")).header("Cookie", cookie).build();
      Result open = measure("GET /q/health/live (no auth)", health, seconds, clients);
      Result s = measure("GET /api/v1/me (console session)", session, seconds, clients);
      System.out.printf(
          Locale.ROOT,
          "   authenticated (session) / unauthenticated = %.0f %%%n",
          100.0 * s.rate() / open.rate());
    }
  }

  record Result(String what, long ok, long failed, double seconds, long p50, long p99) {
    double rate() {
      return ok / seconds;
    }
  }

  private static Result measure(String what, HttpRequest request, int seconds, int clients)
      throws InterruptedException {
    // Warm-up (JIT, connections, the credential cache's first bcrypt).
    load(request, 3, clients, null);
    List<long[]> latencies = new ArrayList<>();
    long[] counts = load(request, seconds, clients, latencies);
    long[] all = latencies.stream().flatMapToLong(Arrays::stream).filter(l -> l > 0).toArray();
    Arrays.sort(all);
    long p50 = all.length == 0 ? 0 : all[all.length / 2];
    long p99 = all.length == 0 ? 0 : all[Math.min(all.length - 1, (int) (all.length * 0.99))];
    Result r = new Result(what, counts[0], counts[1], seconds, p50, p99);
    System.out.printf(
        Locale.ROOT,
        "%-40s %9.0f req/s  p50 %6.1f ms  p99 %6.1f ms  (%d ok, %d failed)%n",
        what,
        r.rate(),
        p50 / 1e6,
        p99 / 1e6,
        r.ok(),
        r.failed());
    return r;
  }

  /** Runs {@code clients} threads sending the request back to back; returns {ok, failed}. */
  private static long[] load(HttpRequest request, int seconds, int clients, List<long[]> latencies)
      throws InterruptedException {
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    CountDownLatch done = new CountDownLatch(clients);
    for (int c = 0; c < clients; c++) {
      long[] mine = latencies == null ? null : new long[100_000];
      if (mine != null) {
        synchronized (latencies) {
          latencies.add(mine);
        }
      }
      Thread t =
          new Thread(
              () -> {
                HttpClient client =
                    HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
                int n = 0;
                try {
                  while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    try {
                      HttpResponse<byte[]> r =
                          client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                      if (r.statusCode() == 200) {
                        ok.incrementAndGet();
                        if (mine != null && n < mine.length) {
                          mine[n++] = System.nanoTime() - start;
                        }
                      } else {
                        failed.incrementAndGet();
                      }
                    } catch (IOException e) {
                      failed.incrementAndGet();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      return;
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
    return new long[] {ok.get(), failed.get()};
  }

  /**
   * The packaged node ({@code -Dmitai.node.jar} or {@code platform-service}'s, from the checkout's
   * root) as a child process with a fresh data directory, the shared launcher's; TEE jobs off and a
   * quiet log, so that neither competes with the requests measured.
   */
  static NodeProcess startNode(List<String> options) throws IOException, InterruptedException {
    List<String> settings = new ArrayList<>();
    settings.add("-Dmitai.tee.worker.mode=disabled");
    settings.add("-Dquarkus.log.level=WARN");
    settings.addAll(options);
    // Extra JVM options for the node, e.g. a flight recording to profile it under load.
    String extra = System.getProperty("mitai.bench.node.jvm", "").strip();
    if (!extra.isEmpty()) {
      settings.addAll(List.of(extra.split("\\s+")));
    }
    NodeProcess node =
        NodeProcess.builder(NodeProcess.packagedJar(Path.of("platform-service")))
            .tempDataDirPrefix("mitai-auth-bench-")
            .settings(settings)
            .readyWithin(Duration.ofSeconds(240))
            .start();
    System.out.println("   node on port " + node.port() + ", log " + node.log());
    return node;
  }

  /** Signs in through the console's form; returns the Cookie header value. */
  private static String signIn(NodeProcess node, String user, String password)
      throws IOException, InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(node.uri("/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "j_username=" + user + "&j_password=" + password))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String setCookie =
        r.headers()
            .firstValue("Set-Cookie")
            .orElseThrow(() -> new IllegalStateException("sign-in failed: " + r.statusCode()));
    return setCookie.substring(0, setCookie.indexOf(';'));
  }
}
