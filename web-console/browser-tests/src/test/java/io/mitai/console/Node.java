package io.mitai.console;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.TimeUnit;

/**
 * The packaged node ({@code platform-service/target/quarkus-app/quarkus-run.jar}) run as a child
 * process on a free port with a fresh data directory (its own embedded PostgreSQL), stopped — and
 * its database with it — on {@link #close()}. Its log goes to {@code target/node-<port>.log}.
 */
final class Node implements AutoCloseable {

  final int port;
  final Path dataDir;
  final Path log;
  private final Process process;

  private Node(int port, Path dataDir, Path log, Process process) {
    this.port = port;
    this.dataDir = dataDir;
    this.log = log;
    this.process = process;
  }

  static Node start() throws IOException, InterruptedException {
    Path jar =
        Path.of(
            System.getProperty(
                "mitai.node.jar", "../../platform-service/target/quarkus-app/quarkus-run.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "the packaged node is missing: "
              + jar.toAbsolutePath()
              + " (build platform-service first)");
    }
    int port = freePort();
    // Searchable (not listable) by others: a node started as root runs its PostgreSQL as an
    // unprivileged user, which must reach <data-dir>/postgres.
    Path dataDir =
        Files.createTempDirectory(
            "mitai-console-it-",
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x")));
    Path log = Path.of("target", "node-" + port + ".log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-Dmitai.data-dir=" + dataDir);
    command.add("-Dquarkus.http.port=" + port);
    command.add("-Dmitai.node.endpoint=http://127.0.0.1:" + port);
    command.add("-Dmitai.security.bcrypt-cost=4");
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Node node = new Node(port, dataDir, log, process);
    try {
      node.awaitHealthy(Duration.ofSeconds(180));
    } catch (RuntimeException | InterruptedException e) {
      node.close();
      throw e;
    }
    return node;
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  private void awaitHealthy(Duration timeout) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the node exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create(url("/q/health/ready")))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the node was not healthy within " + timeout + "; see " + log);
  }

  @Override
  public void close() {
    // SIGTERM: the node shuts Quarkus down, then stops its embedded PostgreSQL.
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteQuietly(dataDir);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temp directory is harmless
    }
  }
}
