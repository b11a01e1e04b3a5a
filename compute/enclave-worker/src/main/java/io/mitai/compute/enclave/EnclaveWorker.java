package io.mitai.compute.enclave;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLServerSocket;

/**
 * The enclave worker's server: accepts TLS connections, each on its own thread: a job (its
 * requester's connection), or an input owner attached to an open shared job. It holds no state
 * between jobs: every job has its own ephemeral key, inputs and result.
 */
public final class EnclaveWorker implements AutoCloseable {
  private final ServerSocket server;
  private final Thread acceptor;
  private volatile boolean closed;

  private EnclaveWorker(ServerSocket server, Thread acceptor) {
    this.server = server;
    this.acceptor = acceptor;
  }

  /**
   * Listens on {@code host:port} (0 = any free port) and serves jobs until closed.
   *
   * @param idleTimeout the longest wait for the node's next frame within a job
   * @param log receives one line per event (tasks, inputs, counts; never values or keys)
   */
  public static EnclaveWorker start(
      String host,
      int port,
      WorkerPlatform platform,
      AlgorithmCatalog catalog,
      WorkerTls tls,
      Duration idleTimeout,
      Consumer<String> log)
      throws IOException {
    Objects.requireNonNull(platform, "platform");
    SSLServerSocket server =
        (SSLServerSocket) tls.serverContext().getServerSocketFactory().createServerSocket();
    server.setEnabledProtocols(new String[] {"TLSv1.3"});
    server.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    SecureRandom random = new SecureRandom();
    SharedJob.Registry registry = new SharedJob.Registry();
    EnclaveWorker[] self = new EnclaveWorker[1];
    Thread acceptor =
        new Thread(
            () -> {
              while (!self[0].closed) {
                try {
                  Socket s = server.accept();
                  s.setSoTimeout((int) idleTimeout.toMillis());
                  // Every frame is flushed: do not let Nagle hold one for the peer's ACK.
                  s.setTcpNoDelay(true);
                  Thread t =
                      new Thread(
                          () ->
                              serve(
                                  s,
                                  new JobSession(catalog, platform, random, host, registry, log),
                                  log),
                          "enclave-job");
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  if (!self[0].closed) {
                    log.accept("accept failed: " + e.getMessage());
                  }
                }
              }
            },
            "enclave-acceptor");
    acceptor.setDaemon(true);
    self[0] = new EnclaveWorker(server, acceptor);
    acceptor.start();
    return self[0];
  }

  private static void serve(Socket s, JobSession session, Consumer<String> log) {
    try (s) {
      DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
      session.serve(in, out);
    } catch (IOException e) {
      log.accept("connection ended: " + e.getMessage());
    }
  }

  /** The port the worker listens on. */
  public int port() {
    return server.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    acceptor.interrupt();
  }
}
