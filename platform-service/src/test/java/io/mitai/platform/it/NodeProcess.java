package io.mitai.platform.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged node ({@code target/quarkus-app/quarkus-run.jar}) run as a separate process, as an
 * operator runs it: its own data directory and port, its log in a file.
 */
final class NodeProcess {

  private final Path dataDir;
  private final int port;
  private final List<String> jvmArgs;
  private final Path log;
  private Process process;

  NodeProcess(Path dataDir, int port) {
    this(dataDir, port, List.of());
  }

  /**
   * A node started with {@code jvmArgs} (e.g. {@code -Dquarkus.config.locations=…}) besides its
   * data directory, port and endpoint, which they cannot override.
   */
  NodeProcess(Path dataDir, int port, List<String> jvmArgs) {
    this.dataDir = dataDir;
    this.port = port;
    this.jvmArgs = List.copyOf(jvmArgs);
    this.log = dataDir.resolveSibling(dataDir.getFileName() + "-node.log");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  String baseUri() {
    return "http://127.0.0.1:" + port;
  }

  Path log() {
    return log;
  }

  void start() throws Exception {
    Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException("package the node first: " + jar + " is missing");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx768m");
    command.addAll(jvmArgs);
    command.add("-Dmitai.data-dir=" + dataDir);
    command.add("-Dquarkus.http.port=" + port);
    command.add("-Dmitai.node.endpoint=" + baseUri());
    command.add("-jar");
    command.add(jar.toString());
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    awaitReady(Duration.ofSeconds(120));
  }

  private void awaitReady(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the node exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(baseUri() + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the node was not ready within " + timeout + "; see " + log);
  }

  /** SIGKILL: no shutdown hook runs, its PostgreSQL is left behind, as after a crash. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM: the node shuts down cleanly, stopping its embedded PostgreSQL. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor();
      }
    }
  }
}
