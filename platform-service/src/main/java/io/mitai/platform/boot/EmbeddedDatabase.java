package io.mitai.platform.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.postgresql.util.PasswordUtil;

/**
 * The sandbox's embedded PostgreSQL server, keeping its data under a directory that survives
 * restarts, run from zonky's PostgreSQL binaries (unpacked by {@link PostgresBinaries}) with a
 * start-up of its own.
 *
 * <p>Hardening (docs/operations.md#the-embedded-database):
 *
 * <ul>
 *   <li>Every connection needs a password (SCRAM-SHA-256; {@code pg_hba.conf} is rewritten at every
 *       start, with no {@code trust} line) and the server listens on the loopback only, with no
 *       Unix socket. The superuser's password ({@code <dir>.superuser-password}) is used only at
 *       start-up, to set the server up; the node connects as {@value #APP_ROLE}, a role that is not
 *       a superuser and owns only its database {@value #APP_DATABASE} ({@code <dir>.app-password}).
 *       Both files are random, owner-only (0600) and outside the server's own directory.
 *   <li>When the JVM runs as root, the server does not: it runs as the unprivileged system user
 *       {@code mitai.db.os-user} (default {@value #DEFAULT_OS_USER}, created if missing), which
 *       owns the data directory (0700).
 *   <li>Durable: {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on.
 * </ul>
 *
 * <p>A data directory made by an earlier version (trust authentication, the application's tables in
 * the {@code postgres} database owned by the superuser) is upgraded in place at its first start:
 * the superuser gets a password in single-user mode (the server never listens without one), the
 * {@code postgres} database becomes {@value #APP_DATABASE} and its objects pass to {@value
 * #APP_ROLE}.
 *
 * <p>A node killed without shutting down leaves its PostgreSQL server running (or only its {@code
 * postmaster.pid}). Before starting, this class takes an exclusive lock beside the data directory
 * (so two nodes never share it), stops an orphaned server that still owns the directory and removes
 * a stale pid file, then starts the server on a free local port.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  /** The role the node connects as. */
  public static final String APP_ROLE = "mitai";

  /** The node's database, owned by {@link #APP_ROLE}. */
  public static final String APP_DATABASE = "mitai";

  /** The OS account the server runs as when the JVM is root. */
  public static final String OS_USER_PROPERTY = "mitai.db.os-user";

  static final String DEFAULT_OS_USER = "mitai-db";
  static final String SUPERUSER = "postgres";

  private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class.getName());
  private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(20);
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

  private final Path dir;
  private final Path bin;
  private final ServerUser user;
  private final int port;
  private final String appPassword;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Thread stopAtExit;
  private final DatabaseRoles roles;
  private boolean closed;

  private EmbeddedDatabase(
      Path dir,
      Path bin,
      ServerUser user,
      int port,
      String superuserPassword,
      String appPassword,
      FileChannel lockChannel,
      FileLock lock) {
    this.dir = dir;
    this.bin = bin;
    this.user = user;
    this.port = port;
    this.appPassword = appPassword;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.stopAtExit = new Thread(this::stopServer, "embedded-postgres-stop");
    this.roles = new DatabaseRoles(dir, port, superuserPassword, appPassword);
  }

  /**
   * Starts (initialising on first use, upgrading an older directory) the server whose data lives in
   * {@code dataDirectory}.
   *
   * @throws IllegalStateException another live node holds the directory, or the server cannot run
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
        ServerUser user = ServerUser.forThisProcess();
        Path bin = PostgresBinaries.unpack().resolve("bin");
        if (user != null) {
          user.takeOver(dir);
        } else {
          Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        String superuserPassword = superuserPassword(dir, bin, user);
        String appPassword = Secrets.readOrCreate(secretFile(dir, "app-password"));
        writeHostBasedAuthentication(dir, user);
        EmbeddedDatabase database =
            new EmbeddedDatabase(
                dir, bin, user, freePort(), superuserPassword, appPassword, channel, lock);
        database.startServer();
        try {
          database.roles.setUp();
        } catch (SQLException | RuntimeException e) {
          database.close();
          throw new IllegalStateException("the embedded PostgreSQL could not be set up", e);
        }
        return database;
      } catch (IOException | RuntimeException e) {
        if (lock.isValid()) {
          lock.release();
        }
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the embedded PostgreSQL server could not start", e);
    }
  }

  static Path secretFile(Path dir, String kind) {
    return dir.resolveSibling(dir.getFileName() + "." + kind);
  }

  /**
   * The superuser's password: a new directory gets it from initdb; a directory made before
   * passwords existed gets it in single-user mode (no network) before its first start. The file is
   * written only once the server holds the password, so a crash in between is repaired next time.
   */
  private static String superuserPassword(Path dir, Path bin, ServerUser user) throws IOException {
    Path file = secretFile(dir, "superuser-password");
    boolean initialised = Files.exists(dir.resolve("PG_VERSION"));
    if (initialised && Files.exists(file)) {
      return Secrets.read(file);
    }
    String password = Secrets.random();
    if (!initialised) {
      initdb(dir, bin, user, password);
    } else {
      LOG.info("upgrading " + dir + ": the superuser gets a password, trust authentication ends");
      String verifier = PasswordUtil.encodeScramSha256(password.toCharArray());
      run(
          user,
          List.of(
              bin.resolve("postgres").toString(),
              "--single",
              "-D",
              dir.toString(),
              "-c",
              "listen_addresses=",
              "-c",
              "unix_socket_directories=",
              "-j",
              "postgres"),
          "ALTER ROLE " + SUPERUSER + " PASSWORD '" + verifier + "';\n\n");
    }
    Secrets.write(file, password);
    return password;
  }

  private static void initdb(Path dir, Path bin, ServerUser user, String password)
      throws IOException {
    Path pwDir = Files.createTempDirectory("mitai-initdb");
    try {
      Path pwFile = pwDir.resolve("pw");
      Secrets.write(pwFile, password);
      if (user != null) {
        user.chown(pwDir);
        user.chown(pwFile);
      }
      run(
          user,
          List.of(
              bin.resolve("initdb").toString(),
              "-D",
              dir.toString(),
              "-U",
              SUPERUSER,
              "--auth=scram-sha-256",
              "--pwfile=" + pwFile,
              "-E",
              "UTF-8",
              "--locale=C"),
          null);
    } finally {
      PostgresBinaries.deleteTree(pwDir);
    }
  }

  /** Only password (SCRAM) connections over the loopback; rewritten at every start. */
  private static void writeHostBasedAuthentication(Path dir, ServerUser user) throws IOException {
    Path file = dir.resolve("pg_hba.conf");
    Files.writeString(
        file,
        "# Written by the Mitai node at every start (EmbeddedDatabase): a SCRAM-SHA-256 password\n"
            + "# for every connection, loopback only, no Unix socket, no trust.\n"
            + "host all all 127.0.0.1/32 scram-sha-256\n"
            + "host all all ::1/128 scram-sha-256\n",
        StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    if (user != null) {
      user.chown(file);
    }
  }

  private void startServer() throws IOException {
    String options =
        String.join(
            " ",
            "-p " + port,
            "-c listen_addresses=localhost",
            "-c unix_socket_directories=''",
            "-c password_encryption=scram-sha-256",
            "-c fsync=on",
            "-c synchronous_commit=on",
            "-c full_page_writes=on");
    run(
        user,
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            dir.toString(),
            "-l",
            dir.resolve("server.log").toString(),
            "-o",
            options,
            "-w",
            "-t",
            Long.toString(STARTUP_WAIT.toSeconds()),
            "start"),
        null);
    Runtime.getRuntime().addShutdownHook(stopAtExit);
  }

  /**
   * Creates (if missing) a further database owned by {@link #APP_ROLE}, as a federation on one host
   * uses for its nodes and their shared ledger.
   */
  public void createDatabase(String name) {
    roles.createDatabase(name);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Runs a PostgreSQL program (as the server's user, if any) with a clean environment. */
  static void run(ServerUser user, List<String> command, String input) throws IOException {
    List<String> full = new ArrayList<>();
    if (user != null) {
      full.addAll(user.prefix());
    }
    full.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    env.put("LC_ALL", "C");
    Process process = builder.start();
    try (var stdin = process.getOutputStream()) {
      if (input != null) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      int code = process.waitFor();
      boolean failed = code != 0 || (input != null && output.contains("ERROR:"));
      if (failed) {
        throw new IOException(
            Path.of(command.get(0)).getFileName()
                + " failed (exit "
                + code
                + "): "
                + output.strip());
      }
      LOG.fine(() -> Path.of(command.get(0)).getFileName() + ": " + output.strip());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
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

  /** A JDBC URL for the node's database, {@value #APP_DATABASE}. */
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/" + APP_DATABASE;
  }

  /** A JDBC URL of another database on this server (see {@link #createDatabase}). */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database;
  }

  /** The application role, {@value #APP_ROLE}: not a superuser. */
  public String username() {
    return APP_ROLE;
  }

  /** The application role's password (never logged). */
  public String password() {
    return appPassword;
  }

  /** The server's port on the loopback. */
  public int port() {
    return port;
  }

  private synchronized void stopServer() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      run(
          user,
          List.of(
              bin.resolve("pg_ctl").toString(),
              "-D",
              dir.toString(),
              "-m",
              "fast",
              "-t",
              "30",
              "-w",
              "stop"),
          null);
    } catch (IOException e) {
      LOG.warning("the embedded PostgreSQL server did not stop cleanly: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    try {
      stopServer();
      try {
        Runtime.getRuntime().removeShutdownHook(stopAtExit);
      } catch (IllegalStateException | IllegalArgumentException exiting) {
        // The JVM is already shutting down (or the hook was never added).
      }
    } finally {
      try {
        if (lock.isValid()) {
          lock.release();
        }
        lockChannel.close();
      } catch (IOException e) {
        LOG.fine("lock release failed: " + e.getMessage());
      }
    }
  }
}
