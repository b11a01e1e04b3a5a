package io.mitai.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The packaged node ({@code platform-service/target/quarkus-app/quarkus-run.jar}) run as a separate
 * process, as an operator runs it: its own data directory (and so its own embedded PostgreSQL), its
 * own port, its log in a file. Ready when {@code /q/health/ready} answers 200. It knows nothing of
 * the node's classes: it launches the jar, so the system tests, the console's browser tests and the
 * benchmarks start the node the same way.
 *
 * <p>A node may be started again after {@link #stop()} or {@link #kill()}, on the same data
 * directory and port (a restart). {@link #close()} stops it and, if the launcher made the data
 * directory, deletes it.
 */
public final class NodeProcess implements AutoCloseable {

  /** The system property that names another node jar than the build's own. */
  public static final String JAR_PROPERTY = "mitai.node.jar";

  private final Path jar;
  private final Path dataDir;
  private final boolean ownsDataDir;
  private final int port;
  private final Path log;
  private final List<String> command;
  private final Duration readyWithin;
  private Process process;

  private NodeProcess(Builder b, Path dataDir, boolean ownsDataDir) {
    this.jar = b.jar.toAbsolutePath();
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    this.port = b.port == 0 ? freePort() : b.port;
    this.log =
        (b.log != null ? b.log : dataDir.resolveSibling(dataDir.getFileName() + "-node.log"))
            .toAbsolutePath();
    this.readyWithin = b.readyWithin;
    List<String> c = new ArrayList<>();
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    c.add("-Xmx" + b.heap);
    c.add("-Dmitai.data-dir=" + dataDir);
    c.add("-Dquarkus.http.port=" + port);
    c.add("-Dmitai.node.endpoint=" + baseUri());
    c.addAll(b.settings);
    c.add("-jar");
    c.add(jar.toString());
    this.command = List.copyOf(c);
  }

  /** A node to run from {@code jar}; see {@link #packagedJar(Path)}. */
  public static Builder builder(Path jar) {
    return new Builder(jar);
  }

  /**
   * The node jar: {@code -Dmitai.node.jar} if set, else the one packaged in {@code
   * platformServiceDir} ({@code target/quarkus-app/quarkus-run.jar}).
   */
  public static Path packagedJar(Path platformServiceDir) {
    String override = System.getProperty(JAR_PROPERTY);
    return override != null
        ? Path.of(override)
        : platformServiceDir.resolve(Path.of("target", "quarkus-app", "quarkus-run.jar"));
  }

  /** A port nothing listens on now. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Lets other users traverse (not list) {@code dir}: a node started as root runs its PostgreSQL as
   * an unprivileged user, which must reach the data directory below it.
   */
  public static void searchableByOthers(Path dir) throws IOException {
    Files.createDirectories(dir);
    Set<PosixFilePermission> perms = new HashSet<>(Files.getPosixFilePermissions(dir));
    if (perms.add(PosixFilePermission.OTHERS_EXECUTE)) {
      Files.setPosixFilePermissions(dir, perms);
    }
  }

  public int port() {
    return port;
  }

  /** The node's process id, once started (benchmarks account its CPU by it). */
  public long pid() {
    return process.pid();
  }

  public Path dataDir() {
    return dataDir;
  }

  public Path log() {
    return log;
  }

  /** {@code http://127.0.0.1:<port>}, also the node's advertised endpoint. */
  public String baseUri() {
    return "http://127.0.0.1:" + port;
  }

  /** The URL of {@code path} (starting with {@code /}) on this node. */
  public String url(String path) {
    return baseUri() + path;
  }

  public URI uri(String path) {
    return URI.create(url(path));
  }

  /**
   * Starts the node and waits until it is ready; if it is not, stops it and throws (the message
   * names the log).
   */
  public void start() throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "the packaged node is missing: " + jar + " (package platform-service first)");
    }
    Files.createDirectories(log.getParent());
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    try {
      awaitReady();
    } catch (RuntimeException | InterruptedException e) {
      stop();
      throw e;
    }
  }

  private void awaitReady() throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + readyWithin.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the node exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(uri("/q/health/ready"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "the node was not ready within " + readyWithin + "; see " + log);
  }

  /** SIGKILL: no shutdown hook runs, its PostgreSQL is left behind, as after a crash. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /**
   * SIGSTOP: the node freezes where it is, holding its sockets open without answering, as a host
   * that hangs. {@link #thaw()} lets it go on, {@link #kill()} ends it.
   */
  public void freeze() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT: a frozen node goes on where it stopped, as a host that hung comes back. */
  public void thaw() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /**
   * SIGTERM: the node shuts down cleanly, stopping its embedded PostgreSQL; SIGKILL if it has not
   * within a minute.
   */
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Stops the node and deletes its data directory if the launcher made it. */
  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    if (ownsDataDir) {
      Directories.deleteQuietly(dataDir);
    }
  }

  /** How to run a node; {@link #build()} or {@link #start()}. */
  public static final class Builder {
    private final Path jar;
    private Path dataDir;
    private String tempPrefix = "mitai-node-";
    private int port;
    private Path log;
    private String heap = "512m";
    private final List<String> settings = new ArrayList<>();
    private Duration readyWithin = Duration.ofSeconds(180);

    private Builder(Path jar) {
      this.jar = Objects.requireNonNull(jar);
    }

    /**
     * The data directory, kept after {@link NodeProcess#close()}; its parent is made traversable.
     */
    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /** Without {@link #dataDir}: the prefix of the fresh temporary one (deleted on close). */
    public Builder tempDataDirPrefix(String prefix) {
      this.tempPrefix = prefix;
      return this;
    }

    /** The HTTP port (default: a free one). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Where the node's output goes, appended (default: {@code <data dir>-node.log} beside it). */
    public Builder log(Path log) {
      this.log = log;
      return this;
    }

    /** The JVM's maximum heap, as {@code -Xmx} takes it (default {@code 512m}). */
    public Builder heap(String heap) {
      this.heap = heap;
      return this;
    }

    /** More JVM options, typically {@code -Dkey=value} settings, after the launcher's own. */
    public Builder settings(List<String> settings) {
      this.settings.addAll(settings);
      return this;
    }

    /** How long the node may take to become ready (default 180 s). */
    public Builder readyWithin(Duration timeout) {
      this.readyWithin = timeout;
      return this;
    }

    /** The node, not started; makes its data directory if it has none. */
    public NodeProcess build() throws IOException {
      if (dataDir != null) {
        Path absolute = dataDir.toAbsolutePath();
        searchableByOthers(absolute.getParent());
        return new NodeProcess(this, absolute, false);
      }
      // Traversable (not listable) by others, for a PostgreSQL run as an unprivileged user.
      Path temp =
          Files.createTempDirectory(
              tempPrefix,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
      return new NodeProcess(this, temp, true);
    }

    /** Builds and starts the node; closes it (data directory too, if made) if it does not start. */
    public NodeProcess start() throws IOException, InterruptedException {
      NodeProcess node = build();
      try {
        node.start();
      } catch (IOException | RuntimeException | InterruptedException e) {
        node.close();
        throw e;
      }
      return node;
    }
  }
}
