package io.mitai.compute.enclave;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Starts the enclave worker as a child JVM (sandbox mode) and pins its certificate from its start
 * line.
 *
 * <p>Class path: the jar (or class directory) holding this class — the compute module — and the one
 * holding Bouncy Castle's provider, both found from their classes' code source; nothing of the node
 * (no Quarkus, no database driver) is on it. This works alike for the packaged node ({@code
 * quarkus-app/lib/main/*.jar}), a reactor build ({@code target/classes}) and tests.
 */
public final class WorkerProcess implements AutoCloseable {
  /**
   * The node's worker heap: room for two inputs at the node's own upload limits (10^6 rows, 64 MiB
   * each) once decoded; beyond an eighth of the heap in plaintext the worker answers
   * LIMIT_EXCEEDED.
   */
  public static final String DEFAULT_HEAP = "2g";

  private final Process process;
  private final int port;
  private final X509Certificate certificate;
  private final List<Consumer<String>> listeners;

  private WorkerProcess(
      Process process, int port, X509Certificate certificate, List<Consumer<String>> listeners) {
    this.process = process;
    this.port = port;
    this.certificate = certificate;
    this.listeners = listeners;
  }

  /**
   * Libraries of the dealer role's party transport (gRPC over TLS), by one class of each jar; those
   * not present on this JVM's class path are left out.
   */
  static final List<String> TRANSPORT_LIBRARIES =
      List.of(
          "io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder",
          "io.grpc.ManagedChannel",
          "io.grpc.Context",
          "io.grpc.internal.GrpcUtil",
          "io.grpc.stub.StreamObserver",
          "io.grpc.util.MutableHandlerRegistry",
          "com.google.common.base.Preconditions",
          "com.google.common.util.concurrent.internal.InternalFutureFailureAccess",
          "io.perfmark.PerfMark",
          "com.google.gson.stream.JsonReader");

  /**
   * The worker's class path: the worker module, the compute library it builds on, Bouncy Castle's
   * provider and the gRPC transport the dealer role uses, each from its classes' code source.
   */
  public static List<Path> classpath() {
    Set<Path> entries = new LinkedHashSet<>();
    entries.add(location(AlgorithmCatalog.class));
    entries.add(location(io.mitai.compute.tee.evidence.Evidence.class));
    entries.add(location(org.bouncycastle.crypto.hpke.HPKE.class));
    for (String name : TRANSPORT_LIBRARIES) {
      try {
        entries.add(location(Class.forName(name, false, AlgorithmCatalog.class.getClassLoader())));
      } catch (ClassNotFoundException e) {
        // Not a separate jar in this gRPC version.
      }
    }
    return List.copyOf(entries);
  }

  private static Path location(Class<?> c) {
    CodeSource source = c.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      throw new IllegalStateException("no code source for " + c.getName());
    }
    try {
      return Path.of(source.getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("unusable code source " + source.getLocation(), e);
    }
  }

  /**
   * Launches {@code java -cp <prepend + classpath()> EnclaveWorkerMain --exit-on-stdin-eof args}
   * and waits for its start line.
   *
   * @param prepend class path entries placed before the worker's own (a patched build)
   * @param log receives the worker's standard error lines (its events)
   */
  public static WorkerProcess launch(
      List<Path> prepend, List<String> args, Consumer<String> log, Duration startTimeout)
      throws IOException {
    return launch(DEFAULT_HEAP, prepend, args, log, startTimeout);
  }

  /**
   * As {@link #launch(List, List, Consumer, Duration)}, with the worker's maximum heap ({@code
   * -Xmx}) given, e.g. {@code "4g"}.
   */
  public static WorkerProcess launch(
      String heap,
      List<Path> prepend,
      List<String> args,
      Consumer<String> log,
      Duration startTimeout)
      throws IOException {
    if (!heap.matches("[0-9]+[kKmMgG]?")) {
      throw new IllegalArgumentException("not a heap size: " + heap);
    }
    List<Path> cp = new ArrayList<>(prepend);
    cp.addAll(classpath());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-cp");
    command.add(String.join(java.io.File.pathSeparator, cp.stream().map(Path::toString).toList()));
    command.add(EnclaveWorkerMain.class.getName());
    command.add("--exit-on-stdin-eof");
    command.addAll(args);
    return start(command, log, startTimeout);
  }

  /**
   * Launches the worker's own deployable, {@code java -Xmx<heap> -jar <jar> --exit-on-stdin-eof
   * args} (the module's {@code -worker.jar}: what a compute centre installs), and waits for its
   * start line.
   */
  public static WorkerProcess launchJar(
      Path jar, String heap, List<String> args, Consumer<String> log, Duration startTimeout)
      throws IOException {
    if (!heap.matches("[0-9]+[kKmMgG]?")) {
      throw new IllegalArgumentException("not a heap size: " + heap);
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-jar");
    command.add(jar.toString());
    command.add("--exit-on-stdin-eof");
    command.addAll(args);
    return start(command, log, startTimeout);
  }

  private static WorkerProcess start(
      List<String> command, Consumer<String> log, Duration startTimeout) throws IOException {
    Process p = new ProcessBuilder(command).start();
    List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    listeners.add(log);
    Thread errors =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  for (Consumer<String> l : listeners) {
                    l.accept(line);
                  }
                }
              } catch (IOException e) {
                // The worker's stderr closed: it exited.
              }
            },
            "enclave-worker-log");
    errors.setDaemon(true);
    errors.start();
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread output =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  if (line.startsWith(EnclaveWorkerMain.READY)) {
                    ready.complete(line);
                  }
                }
                ready.completeExceptionally(
                    new IOException("the worker exited before it was ready"));
              } catch (IOException e) {
                ready.completeExceptionally(e);
              }
            },
            "enclave-worker-out");
    output.setDaemon(true);
    output.start();
    try {
      String line = ready.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
      int port = -1;
      X509Certificate cert = null;
      for (String part : line.substring(EnclaveWorkerMain.READY.length()).trim().split(" ")) {
        if (part.startsWith("port=")) {
          port = Integer.parseInt(part.substring(5));
        } else if (part.startsWith("certificate=")) {
          cert =
              (X509Certificate)
                  CertificateFactory.getInstance("X.509")
                      .generateCertificate(
                          new ByteArrayInputStream(Base64.getDecoder().decode(part.substring(12))));
        }
      }
      if (port <= 0 || cert == null) {
        throw new IOException("the worker's start line is malformed");
      }
      return new WorkerProcess(p, port, cert, listeners);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while the worker started", e);
    } catch (ExecutionException | TimeoutException | CertificateException | RuntimeException e) {
      p.destroyForcibly();
      throw new IOException("the enclave worker did not start: " + e.getMessage(), e);
    }
  }

  public int port() {
    return port;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Also sends the worker's event lines to {@code listener} (until removed). */
  public void addListener(Consumer<String> listener) {
    listeners.add(listener);
  }

  public void removeListener(Consumer<String> listener) {
    listeners.remove(listener);
  }

  /** Stops the worker: closes its stdin (it exits), then kills it if it lingers. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(3, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
