package io.mitai.benchmarks.compute;

import io.mitai.compute.ops.ComputeEngine;
import io.mitai.compute.ops.OperationResult;
import io.mitai.compute.ops.Table;
import io.mitai.compute.ops.TaskSpec;
import io.mitai.compute.session.MapPartyDirectory;
import io.mitai.compute.session.PartyChannel;
import io.mitai.compute.session.PartyEndpoint;
import io.mitai.compute.session.PartyId;
import io.mitai.compute.session.PartyIdentity;
import io.mitai.compute.session.SessionId;
import io.mitai.compute.session.TlsPartyTransport;
import io.mitai.testsupport.TestCertificates;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Shared plumbing of the compute harnesses: organisation identities, parties on loopback TLS ports
 * (the sandbox code path), running every party of a session at once, and the machine's load.
 */
public final class Harness {
  private Harness() {}

  /** A self-signed P-256 organisation certificate, as the ledger's registry would hold. */
  public static PartyIdentity identity(String org) {
    TestCertificates.KeyedCertificate cert =
        TestCertificates.selfSignedIdentity("CN=" + org + ",O=" + org);
    return new PartyIdentity(PartyId.of(org), cert.certificate(), cert.privateKey());
  }

  /** Parties on 127.0.0.1, each with its own TLS transport, sharing one directory. */
  static final class Parties implements AutoCloseable {
    final MapPartyDirectory directory = new MapPartyDirectory();
    final Map<PartyId, TlsPartyTransport> transports = new TreeMap<>();

    Parties(List<PartyId> ids) throws Exception {
      for (PartyId p : ids) {
        PartyIdentity id = identity(p.value());
        TlsPartyTransport t =
            TlsPartyTransport.start(id, new InetSocketAddress("127.0.0.1", 0), directory);
        transports.put(p, t);
        directory.register(
            new PartyEndpoint(p, "127.0.0.1", t.port(), id.certificate().getPublicKey()));
      }
    }

    /**
     * Runs every party of the session on its own thread through {@link ComputeEngine#run}; returns
     * the requester's result. Any party's failure fails the run.
     */
    OperationResult run(TaskSpec spec, Map<PartyId, Table> inputs, Duration timeout)
        throws Exception {
      SessionId sid = SessionId.of("bench-" + System.nanoTime());
      List<PartyId> parties = spec.roles().participants();
      Map<PartyId, PartyChannel> channels = new TreeMap<>();
      for (PartyId p : parties) {
        channels.put(p, transports.get(p).openSession(sid, parties, timeout));
      }
      ExecutorService exec = Executors.newFixedThreadPool(parties.size());
      try {
        List<Future<Optional<OperationResult>>> fs = new ArrayList<>();
        for (PartyId p : parties) {
          fs.add(
              exec.submit(
                  () ->
                      ComputeEngine.run(
                          channels.get(p), spec, Optional.ofNullable(inputs.get(p)))));
        }
        OperationResult out = null;
        for (int i = 0; i < parties.size(); i++) {
          Optional<OperationResult> r = fs.get(i).get();
          if (parties.get(i).equals(spec.roles().requester())) {
            out = r.orElseThrow();
          }
        }
        return out;
      } finally {
        exec.shutdownNow();
      }
    }

    @Override
    public void close() {
      transports.values().forEach(TlsPartyTransport::close);
    }
  }

  /** The 1/5/15-minute load averages, as uptime prints them. */
  static String load() {
    try {
      String[] f =
          Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split(" ");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (Exception e) {
      return "unknown";
    }
  }

  static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }
}
