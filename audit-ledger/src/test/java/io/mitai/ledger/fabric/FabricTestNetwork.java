package io.mitai.ledger.fabric;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's Fabric network ({@code fabric-network/network.sh}) brought up and down from a test,
 * with exactly the commands docs/federation.md gives an operator: {@code down --purge}, {@code up},
 * {@code channel}, {@code deploy}, {@code profiles}, and {@code down --purge} at the end. A JVM
 * shutdown hook runs {@code down --purge} too, so a test fork killed by a timeout still stops the
 * orderer, the peers and the chaincode servers. The network's logs are kept next to the test's log.
 * Used by audit-ledger's {@code FabricNetworkLifecycleTest} and platform-service's {@code
 * FabricFederationIT} (through this module's test jar).
 */
public final class FabricTestNetwork implements AutoCloseable {

  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(10);

  private final Path script;
  private final Path log;
  private final Thread shutdownHook;
  private boolean closed;

  private FabricTestNetwork(Path script, Path log) {
    this.script = script;
    this.log = log;
    this.shutdownHook = new Thread(this::downQuietly, "fabric-test-network-down");
  }

  /**
   * Starts the network from an empty {@code fabric-network/build/}; the log goes to {@code log}.
   */
  public static FabricTestNetwork start(Path log) throws IOException, InterruptedException {
    FabricTestNetwork network = new FabricTestNetwork(networkScript(), log);
    Runtime.getRuntime().addShutdownHook(network.shutdownHook);
    try {
      for (String command : List.of("down --purge", "up", "channel", "deploy", "profiles")) {
        network.run(command.split(" "));
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      try {
        network.close();
      } catch (IOException | RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    return network;
  }

  /** {@code fabric-network/build/profiles/}, written by {@code network.sh profiles}. */
  public Path profiles() {
    return script.getParent().resolve("build").resolve("profiles");
  }

  /**
   * Runs {@code network.sh ARGS} (e.g. {@code deploy}, which restarts a chaincode server that is
   * not running).
   */
  public void script(String... args) throws IOException, InterruptedException {
    run(args);
  }

  /** The process {@code network.sh} started as {@code name} (its pid file), if it still runs. */
  public java.util.Optional<ProcessHandle> process(String name) throws IOException {
    Path pidFile = script.getParent().resolve("build").resolve("pids").resolve(name + ".pid");
    if (!Files.isRegularFile(pidFile)) {
      return java.util.Optional.empty();
    }
    String pid = Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).trim();
    return ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to: it does the same.
    }
    keepLogs();
    run("down", "--purge");
  }

  /**
   * Copies the network's logs (orderer, peers, chaincode servers) next to the test's log before
   * {@code down --purge} deletes {@code fabric-network/build/}.
   */
  private void keepLogs() throws IOException {
    Path logs = script.getParent().resolve("build").resolve("logs");
    if (!Files.isDirectory(logs)) {
      return;
    }
    try (var files = Files.list(logs)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".log")).toList()) {
        Files.copy(
            file,
            log.resolveSibling(file.getFileName()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private void downQuietly() {
    try {
      run("down", "--purge");
    } catch (IOException | RuntimeException e) {
      System.err.println("network.sh down --purge failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs {@code network.sh ARGS}; its output goes to the log, whose tail is in any failure. */
  private void run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    Files.createDirectories(log.getParent());
    Process process =
        new ProcessBuilder(command)
            .directory(script.getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "network.sh " + String.join(" ", args) + " took over " + SCRIPT_TIMEOUT + "; see " + log);
    }
    if (process.exitValue() != 0) {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
      throw new IllegalStateException(
          "network.sh "
              + String.join(" ", args)
              + " failed with "
              + process.exitValue()
              + " (log "
              + log
              + "):\n"
              + tail);
    }
  }

  /** fabric-network/network.sh of this checkout, found from the module's working directory up. */
  private static Path networkScript() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("fabric-network").resolve("network.sh");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "fabric-network/network.sh not found above " + Path.of("").toAbsolutePath());
  }
}
