package io.mitai.compute.enclave;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The enclave worker process. Usage:
 *
 * <pre>
 *   java -cp &lt;compute jar&gt;:&lt;bcprov jar&gt; io.mitai.compute.enclave.EnclaveWorkerMain
 *       [--host 127.0.0.1] [--port 0] [--idle-timeout-seconds 120] [--exit-on-stdin-eof]
 *       [--algorithm NAME (serve only this one; a Gramine manifest pins it)]
 *       (--platform simulated --simulated-key &lt;PEM file&gt; | --platform gramine-sgx
 *        [--attestation-dir /dev/attestation])
 * </pre>
 *
 * When it listens it prints exactly one line to standard output, {@code MITAI-ENCLAVE-WORKER READY
 * port=<port> certificate=<base64 DER>}, which the node reads to pin the certificate. Everything
 * else goes to standard error as {@code mitai-enclave-worker: <event>} lines. The simulated key
 * file holds a PKCS#8 "PRIVATE KEY" and an X.509 "PUBLIC KEY" PEM block (ECDSA P-256).
 */
public final class EnclaveWorkerMain {
  /** The first word of the start line. */
  public static final String READY = "MITAI-ENCLAVE-WORKER READY";

  private EnclaveWorkerMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>();
    boolean exitOnEof = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--exit-on-stdin-eof")) {
        exitOnEof = true;
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        opts.put(args[i].substring(2), args[++i]);
      } else {
        usage("unexpected argument " + args[i]);
      }
    }
    PrintStream err = System.err;
    WorkerPlatform platform =
        switch (opts.getOrDefault("platform", "")) {
          case "simulated" -> {
            String file = opts.get("simulated-key");
            if (file == null) {
              usage("--platform simulated needs --simulated-key");
            }
            yield new WorkerPlatform.Simulated(SimulatedKeyFile.read(Path.of(file)));
          }
          case "gramine-sgx" ->
              new WorkerPlatform.GramineSgx(
                  Path.of(opts.getOrDefault("attestation-dir", "/dev/attestation")));
          default -> {
            usage("--platform must be simulated or gramine-sgx");
            yield null;
          }
        };
    AlgorithmCatalog catalog = AlgorithmCatalog.builtIn();
    if (opts.containsKey("algorithm")) {
      catalog = catalog.only(opts.get("algorithm"));
    }
    for (AlgorithmCatalog.Entry e : catalog.entries()) {
      err.println(
          "mitai-enclave-worker: algorithm "
              + e.algorithm().name()
              + " "
              + e.algorithm().version()
              + " measurement "
              + e.measurement().value().hex());
    }
    WorkerTls tls = WorkerTls.selfSigned(new SecureRandom(), Duration.ofDays(7));
    EnclaveWorker worker =
        EnclaveWorker.start(
            opts.getOrDefault("host", "127.0.0.1"),
            Integer.parseInt(opts.getOrDefault("port", "0")),
            platform,
            catalog,
            tls,
            Duration.ofSeconds(Long.parseLong(opts.getOrDefault("idle-timeout-seconds", "120"))),
            line -> {
              synchronized (err) {
                err.println("mitai-enclave-worker: " + line);
                err.flush();
              }
            });
    err.println(
        "mitai-enclave-worker: platform "
            + platform.assurance()
            + ", TLS certificate sha256 "
            + WorkerTls.fingerprint(tls.certificate()));
    System.out.println(READY + " port=" + worker.port() + " certificate=" + encoded(tls));
    System.out.flush();
    if (exitOnEof) {
      // Sandbox: the node holds our stdin; when the node goes, so does the worker.
      while (System.in.read() >= 0) {
        // discard
      }
      worker.close();
      System.exit(0);
    }
    Thread.currentThread().join();
  }

  private static String encoded(WorkerTls tls) throws CertificateEncodingException {
    return Base64.getEncoder().encodeToString(tls.certificate().getEncoded());
  }

  private static void usage(String problem) {
    System.err.println("mitai-enclave-worker: " + problem);
    System.exit(2);
  }
}
