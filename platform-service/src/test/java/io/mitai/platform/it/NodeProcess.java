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
  private final Path log;
  private final List<String> settings;
  private Process process;

  NodeProcess(Path dataDir, int port) {
    this(dataDir, port, List.of());
  }

  /** A node with extra system properties ({@code -Dkey=value}) on its command line. */
  NodeProcess(Path dataDir, int port, List<String> settings) {
    this.dataDir = dataDir;
    this.port = port;
    this.log = dataDir.resolveSibling(dataDir.getFileName() + "-node.log");
    this.settings = List.copyOf(settings);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Lets other users traverse (not list) {@code dir}, a test's private temporary directory: a node
   * started as root runs its PostgreSQL as an unprivileged user, which must reach the data
   * directory.
   */
  static void searchableByOthers(Path dir) throws IOException {
    Files.createDirectories(dir);
    var perms = new java.util.HashSet<>(Files.getPosixFilePermissions(dir));
    if (perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
      Files.setPosixFilePermissions(dir, perms);
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
    searchableByOthers(dataDir.toAbsolutePath().getParent());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx768m");
    command.add("-Dmitai.data-dir=" + dataDir);
    command.add("-Dquarkus.http.port=" + port);
    command.add("-Dmitai.node.endpoint=" + baseUri());
    command.addAll(settings);
    command.add("-jar");
    command.add(jar.toString());
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    awaitReady(Duration.ofSeconds(180));
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

  /**
   * SIGSTOP: the node freezes where it is, holding its sockets open without answering, as a host
   * that hangs. {@link #kill()} ends it.
   */
  void freeze() throws Exception {
    Process stop = new ProcessBuilder("kill", "-STOP", String.valueOf(process.pid())).start();
    if (stop.waitFor() != 0) {
      throw new IllegalStateException("kill -STOP " + process.pid() + " failed");
    }
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
