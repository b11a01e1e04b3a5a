package io.mitai.platform.boot;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The sandbox's embedded PostgreSQL server, keeping its data under a directory that survives
 * restarts.
 *
 * <p>A node killed without shutting down leaves its PostgreSQL server running (or only its {@code
 * postmaster.pid}). Before starting, this class takes an exclusive lock beside the data directory
 * (so two nodes never share it), stops an orphaned server that still owns the directory and removes
 * a stale pid file, then starts the server on a free local port with trust authentication.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class.getName());
  private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(20);

  private final EmbeddedPostgres postgres;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private EmbeddedDatabase(EmbeddedPostgres postgres, FileChannel lockChannel, FileLock lock) {
    this.postgres = postgres;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Starts (initialising on first use) the server whose data lives in {@code dataDirectory}.
   *
   * @throws IllegalStateException another live node holds the directory
   */
  public static EmbeddedDatabase start(Path dataDirectory) {
    try {
      Path dir = dataDirectory.toAbsolutePath().normalize();
      Files.createDirectories(dir.getParent());
      FileChannel channel =
          FileChannel.open(
              dir.resolveSibling(dir.getFileName() + ".lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        throw new IllegalStateException(
            "another Mitai node is using the database directory " + dir + "; stop it first");
      }
      try {
        Files.createDirectories(dir);
        clearStaleServer(dir);
        EmbeddedPostgres postgres =
            EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "localhost")
                .start();
        return new EmbeddedDatabase(postgres, channel, lock);
      } catch (IOException | RuntimeException e) {
        lock.release();
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the embedded PostgreSQL server could not start", e);
    }
  }

  /** Stops a server left running by a killed node, or removes its pid file if it is gone. */
  static void clearStaleServer(Path dir) throws IOException {
    Path pidFile = dir.resolve("postmaster.pid");
    Optional<Long> pid = readPid(pidFile);
    if (pid.isEmpty()) {
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
    if (process.isPresent() && isPostgres(process.get())) {
      LOG.warning(
          "stopping PostgreSQL server " + pid.get() + " left running by an earlier node on " + dir);
      process.get().destroy();
      try {
        process.get().onExit().get(ORPHAN_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while stopping an orphaned PostgreSQL server", e);
      } catch (Exception e) {
        process.get().destroyForcibly();
      }
    }
    if (Files.deleteIfExists(pidFile)) {
      LOG.info("removed stale " + pidFile);
    }
  }

  private static Optional<Long> readPid(Path pidFile) throws IOException {
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      return Optional.of(-1L);
    }
    try {
      return Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (NumberFormatException e) {
      return Optional.of(-1L);
    }
  }

  private static boolean isPostgres(ProcessHandle process) {
    return process.info().command().map(c -> c.contains("postgres")).orElse(true);
  }

  /** A JDBC URL for the server's {@code postgres} database. */
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
  }

  public String username() {
    return "postgres";
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.warning("the embedded PostgreSQL server did not stop cleanly: " + e.getMessage());
    } finally {
      try {
        lock.release();
        lockChannel.close();
      } catch (IOException e) {
        LOG.fine("lock release failed: " + e.getMessage());
      }
    }
  }
}
