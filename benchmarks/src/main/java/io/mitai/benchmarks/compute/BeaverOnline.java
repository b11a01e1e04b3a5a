package io.mitai.benchmarks.compute;

import io.mitai.compute.session.MapPartyDirectory;
import io.mitai.compute.session.PartyChannel;
import io.mitai.compute.session.PartyEndpoint;
import io.mitai.compute.session.PartyId;
import io.mitai.compute.session.PartyIdentity;
import io.mitai.compute.session.SessionId;
import io.mitai.compute.session.TlsPartyTransport;
import io.mitai.compute.share.BeaverMultiplication;
import io.mitai.compute.share.BeaverTriples;
import io.mitai.compute.share.Seed;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Online Beaver multiplications per second between two party processes over loopback mutual TLS,
 * next to the raw loopback TLS bandwidth between the same two processes, measured in the same run.
 *
 * <p>Three JVMs: this coordinator is the dealer; it starts two party JVMs (org1, org2). Each runs
 * its own {@link TlsPartyTransport}; the dealer deals {@code n} triples as seeds plus one
 * correction vector ({@link BeaverTriples}) over the session (offline phase, not timed). Online
 * phase, timed: each party holds random shares of n pairs (x, y), streams its shares of d = x - a
 * and e = y - b to the other in messages of 2^17 pairs (2 MiB), opens d and e as the peer's arrive
 * and computes its share of each product ({@link BeaverMultiplication}). A sample of products is
 * then checked against x * y. Each multiplication moves 16 bytes each way, so the TLS bandwidth
 * bounds the rate at bytes/s / 16.
 *
 * <p>Limits, same run, same two processes: (1) bulk bytes/s over the same gRPC+TLS transport (one
 * party streams 2 MiB messages to the other); (2) bytes/s over a plain JSSE TLS 1.3 socket (no
 * gRPC), the raw loopback TLS figure.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.mitai.benchmarks.compute.BeaverOnline
 * [n=8388608]}.
 */
public final class BeaverOnline {
  private static final PartyId DEALER = PartyId.of("org3");
  private static final List<PartyId> PARTIES = List.of(PartyId.of("org1"), PartyId.of("org2"));
  private static final int BATCH = 1 << 17;
  private static final int ROUND_DEAL = 1;
  private static final int ROUND_READY = 2;
  private static final int ROUND_ONLINE = 3;
  private static final int ROUND_CHECK = 4;
  private static final int ROUND_BULK = 5;
  private static final int ROUND_NEXT = 6;
  private static final long BULK_BYTES = 1L << 30;
  private static final int SAMPLE = 4096;
  private static final Duration TIMEOUT = Duration.ofSeconds(300);
  private static final int REPS = 5;

  private BeaverOnline() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("party")) {
      party(Integer.parseInt(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
      return;
    }
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 22;
    n = (n + BATCH - 1) / BATCH * BATCH;
    System.out.printf("cores %d, load before: %s%n", Harness.cores(), Harness.load());
    Path dir = Files.createTempDirectory("mitai-beaver");
    List<PartyIdentity> ids = new ArrayList<>();
    for (PartyId p : List.of(DEALER, PARTIES.get(0), PARTIES.get(1))) {
      PartyIdentity id = Harness.identity(p.value());
      ids.add(id);
      Files.write(dir.resolve(p.value() + ".crt"), id.certificate().getEncoded());
      Files.write(dir.resolve(p.value() + ".key"), id.privateKey().getEncoded());
      Files.writeString(dir.resolve(p.value() + ".port"), Integer.toString(freePort()));
    }
    Files.writeString(dir.resolve("raw0.port"), Integer.toString(freePort()));
    Files.writeString(dir.resolve("raw1.port"), Integer.toString(freePort()));
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp = System.getProperty("java.class.path");
    List<Process> children = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      children.add(
          new ProcessBuilder(
                  java,
                  "-cp",
                  cp,
                  BeaverOnline.class.getName(),
                  "party",
                  Integer.toString(i),
                  dir.toString(),
                  Integer.toString(n))
              .inheritIO()
              .start());
    }
    try (TlsPartyTransport t = transport(ids.get(0), dir)) {
      PartyChannel ch = t.openSession(SessionId.of("bench-beaver"), participants(), TIMEOUT);
      try {
        for (int rep = 0; rep < REPS; rep++) {
          if (rep > 0) {
            // Deal the next batch only once both parties are done with the last one, so the
            // dealer's work never overlaps a timed online phase.
            for (PartyId p : PARTIES) {
              ch.receive(p, ROUND_NEXT);
            }
          }
          long t0 = System.nanoTime();
          List<BeaverTriples.Grant> grants = BeaverTriples.deal(2, n, new SecureRandom());
          for (int i = 0; i < 2; i++) {
            BeaverTriples.Grant g = grants.get(i);
            ch.send(PARTIES.get(i), ROUND_DEAL, g.seed().bytes());
            if (g.correction().isPresent()) {
              sendLongs(ch, PARTIES.get(i), ROUND_DEAL, g.correction().get());
            }
          }
          System.out.printf(
              "dealer: %d fresh triples dealt and sent in %.1f s (offline phase)%n",
              n, (System.nanoTime() - t0) / 1e9);
        }
        // Stay in the session until both parties are done with it.
        for (PartyId p : PARTIES) {
          ch.receive(p, ROUND_CHECK);
        }
      } finally {
        ch.close();
      }
    }
    for (Process p : children) {
      if (p.waitFor() != 0) {
        throw new AssertionError("a party process failed");
      }
    }
    System.out.printf("load after: %s%n", Harness.load());
  }

  private static List<PartyId> participants() {
    return List.of(PARTIES.get(0), PARTIES.get(1), DEALER);
  }

  // --- a party process ----------------------------------------------------------------------

  private static void party(int index, Path dir, int n) throws Exception {
    PartyId self = PARTIES.get(index);
    PartyId peer = PARTIES.get(1 - index);
    PartyIdentity id = read(dir, self);
    try (TlsPartyTransport t = transport(id, dir)) {
      PartyChannel ch = t.openSession(SessionId.of("bench-beaver"), participants(), TIMEOUT);
      try {
        double[] before = limits(ch, index, peer, dir, id, 0);
        double[] rates = new double[REPS];
        for (int rep = 0; rep < REPS; rep++) {
          rates[rep] = online(ch, index, peer, n);
          if (rep < REPS - 1) {
            ch.send(DEALER, ROUND_NEXT, new byte[] {1});
          }
        }
        double[] after = limits(ch, index, peer, dir, id, 1);
        double[] sorted = rates.clone();
        java.util.Arrays.sort(sorted);
        System.out.print(
            String.format(
                "RESULT beaver party=%s n=%d reps=%s median-mults/s=%.0f"
                    + " tls-limit-before: grpc-transport-MB/s=%.0f raw-jsse-MB/s=%.0f"
                    + " after: grpc-transport-MB/s=%.0f raw-jsse-MB/s=%.0f load=[%s]%n",
                self,
                n,
                java.util.Arrays.toString(
                    java.util.Arrays.stream(rates).mapToLong(Math::round).toArray()),
                sorted[REPS / 2],
                before[0] / 1e6,
                before[1] / 1e6,
                after[0] / 1e6,
                after[1] / 1e6,
                Harness.load()));
        ch.send(DEALER, ROUND_CHECK, new byte[] {1});
      } finally {
        ch.close();
      }
    }
  }

  /**
   * One repetition: the offline phase (grant from the dealer, expansion, random input shares; not
   * timed), then the timed online phase. Returns multiplications per second.
   */
  private static double online(PartyChannel ch, int index, PartyId peer, int n) throws Exception {
    Seed seed = new Seed(ch.receive(DEALER, ROUND_DEAL));
    Optional<long[]> corr =
        index == 1 ? Optional.of(receiveLongs(ch, DEALER, ROUND_DEAL, n)) : Optional.empty();
    BeaverTriples.Shares triples = BeaverTriples.expand(new BeaverTriples.Grant(seed, corr), n);
    List<BeaverTriples.Shares> batches = new ArrayList<>();
    for (int from = 0; from < n; from += BATCH) {
      batches.add(
          new BeaverTriples.Shares(
              java.util.Arrays.copyOfRange(triples.a(), from, from + BATCH),
              java.util.Arrays.copyOfRange(triples.b(), from, from + BATCH),
              java.util.Arrays.copyOfRange(triples.c(), from, from + BATCH)));
    }
    SplittableRandom r = new SplittableRandom();
    long[] x = new long[n];
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextLong();
      y[i] = r.nextLong();
    }
    long[] z = new long[n];
    ExecutorService sender = Executors.newSingleThreadExecutor();
    try {
      sync(ch, peer);
      long t0 = System.nanoTime();
      Future<?> out =
          sender.submit(
              () -> {
                for (int from = 0; from < n; from += BATCH) {
                  ch.send(peer, ROUND_ONLINE, masked(x, y, triples, from));
                }
                return null;
              });
      for (int from = 0; from < n; from += BATCH) {
        byte[] mine = masked(x, y, triples, from);
        byte[] theirs = ch.receive(peer, ROUND_ONLINE);
        product(index, mine, theirs, batches.get(from / BATCH), from, z);
      }
      out.get();
      double secs = (System.nanoTime() - t0) / 1e9;
      check(ch, index, peer, x, y, z);
      return n / secs;
    } finally {
      sender.shutdownNow();
    }
  }

  /** Bytes/s org1 -> org2 over the session's transport, then over a plain JSSE TLS socket. */
  private static double[] limits(
      PartyChannel ch, int index, PartyId peer, Path dir, PartyIdentity id, int which)
      throws Exception {
    sync(ch, peer);
    long b0 = System.nanoTime();
    byte[] chunk = new byte[2 * BATCH * 8];
    long messages = BULK_BYTES / chunk.length;
    for (long m = 0; m < messages; m++) {
      if (index == 0) {
        ch.send(peer, ROUND_BULK, chunk);
      } else {
        ch.receive(peer, ROUND_BULK);
      }
    }
    sync(ch, peer);
    double bulk = BULK_BYTES / ((System.nanoTime() - b0) / 1e9);
    return new double[] {bulk, rawTls(index, dir, id, which)};
  }

  /** This party's shares of d and e for one batch, as one message. */
  private static byte[] masked(long[] x, long[] y, BeaverTriples.Shares t, int from) {
    ByteBuffer b = ByteBuffer.allocate(2 * BATCH * 8);
    long[] a = t.a();
    long[] bb = t.b();
    for (int i = from; i < from + BATCH; i++) {
      b.putLong(x[i] - a[i]);
    }
    for (int i = from; i < from + BATCH; i++) {
      b.putLong(y[i] - bb[i]);
    }
    return b.array();
  }

  /**
   * Opens d and e from both parties' shares and writes this party's product shares ({@code t}: this
   * batch's triples).
   */
  private static void product(
      int index, byte[] mine, byte[] theirs, BeaverTriples.Shares t, int from, long[] z) {
    ByteBuffer m = ByteBuffer.wrap(mine);
    ByteBuffer o = ByteBuffer.wrap(theirs);
    long[] d = new long[BATCH];
    long[] e = new long[BATCH];
    for (int i = 0; i < BATCH; i++) {
      d[i] = m.getLong(i * 8) + o.getLong(i * 8);
      e[i] = m.getLong((BATCH + i) * 8) + o.getLong((BATCH + i) * 8);
    }
    long[] zz = BeaverMultiplication.productShares(index, d, e, t);
    System.arraycopy(zz, 0, z, from, BATCH);
  }

  /** After timing: party 0 sends a sample of its x, y, z shares; party 1 checks x * y = z. */
  private static void check(PartyChannel ch, int index, PartyId peer, long[] x, long[] y, long[] z)
      throws Exception {
    int step = x.length / SAMPLE;
    if (index == 0) {
      ByteBuffer b = ByteBuffer.allocate(SAMPLE * 24);
      for (int s = 0; s < SAMPLE; s++) {
        b.putLong(x[s * step]).putLong(y[s * step]).putLong(z[s * step]);
      }
      ch.send(peer, ROUND_CHECK, b.array());
      return;
    }
    ByteBuffer b = ByteBuffer.wrap(ch.receive(peer, ROUND_CHECK));
    for (int s = 0; s < SAMPLE; s++) {
      int i = s * step;
      long xs = b.getLong() + x[i];
      long ys = b.getLong() + y[i];
      long zs = b.getLong() + z[i];
      if (xs * ys != zs) {
        throw new AssertionError("product " + i + " is wrong");
      }
    }
  }

  private static void sync(PartyChannel ch, PartyId peer) throws Exception {
    ch.send(peer, ROUND_READY, new byte[] {1});
    ch.receive(peer, ROUND_READY);
  }

  /** Bytes per second of a bulk transfer org1 -> org2 over a plain JSSE TLS socket. */
  private static double rawTls(int index, Path dir, PartyIdentity id, int which) throws Exception {
    int port = Integer.parseInt(Files.readString(dir.resolve("raw" + which + ".port")).trim());
    SSLContext ctx = sslContext(id, dir);
    byte[] buf = new byte[1 << 16];
    if (index == 1) {
      try (SSLServerSocket ss =
          (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket()) {
        ss.setNeedClientAuth(true);
        ss.bind(new InetSocketAddress("127.0.0.1", port));
        try (SSLSocket s = (SSLSocket) ss.accept()) {
          InputStream in = s.getInputStream();
          long t0 = System.nanoTime();
          long got = 0;
          while (got < BULK_BYTES) {
            int k = in.read(buf);
            if (k < 0) {
              break;
            }
            got += k;
          }
          double rate = got / ((System.nanoTime() - t0) / 1e9);
          new DataOutputStream(s.getOutputStream()).writeLong(got);
          return rate;
        }
      }
    }
    for (int attempt = 0; ; attempt++) {
      try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
        s.startHandshake();
        OutputStream out = s.getOutputStream();
        long t0 = System.nanoTime();
        for (long sent = 0; sent < BULK_BYTES; sent += buf.length) {
          out.write(buf);
        }
        out.flush();
        new DataInputStream(s.getInputStream()).readLong();
        return BULK_BYTES / ((System.nanoTime() - t0) / 1e9);
      } catch (java.net.ConnectException e) {
        if (attempt > 100) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  private static SSLContext sslContext(PartyIdentity id, Path dir) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("me", id.privateKey(), new char[0], new Certificate[] {id.certificate()});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    for (PartyId p : PARTIES) {
      ts.setCertificateEntry(p.value(), cert(dir, p));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLSv1.3");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
    return ctx;
  }

  // --- plumbing -----------------------------------------------------------------------------

  private static TlsPartyTransport transport(PartyIdentity id, Path dir) throws Exception {
    MapPartyDirectory directory = new MapPartyDirectory();
    for (PartyId p : participants()) {
      directory.register(
          new PartyEndpoint(p, "127.0.0.1", port(dir, p), cert(dir, p).getPublicKey()));
    }
    return TlsPartyTransport.start(
        id, new InetSocketAddress("127.0.0.1", port(dir, id.id())), directory);
  }

  private static PartyIdentity read(Path dir, PartyId p) throws Exception {
    PrivateKey key =
        KeyFactory.getInstance("EC")
            .generatePrivate(
                new PKCS8EncodedKeySpec(Files.readAllBytes(dir.resolve(p.value() + ".key"))));
    return new PartyIdentity(p, cert(dir, p), key);
  }

  private static X509Certificate cert(Path dir, PartyId p) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(Files.newInputStream(dir.resolve(p.value() + ".crt")));
  }

  private static int port(Path dir, PartyId p) throws Exception {
    return Integer.parseInt(Files.readString(dir.resolve(p.value() + ".port")).trim());
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void sendLongs(PartyChannel ch, PartyId to, int round, long[] v) throws Exception {
    for (int from = 0; from < v.length; from += 2 * BATCH) {
      int len = Math.min(2 * BATCH, v.length - from);
      ByteBuffer b = ByteBuffer.allocate(len * 8);
      b.asLongBuffer().put(v, from, len);
      ch.send(to, round, b.array());
    }
  }

  private static long[] receiveLongs(PartyChannel ch, PartyId from, int round, int n)
      throws Exception {
    long[] v = new long[n];
    int filled = 0;
    while (filled < n) {
      byte[] b = ch.receive(from, round);
      int len = b.length / 8;
      ByteBuffer.wrap(b).asLongBuffer().get(v, filled, len);
      filled += len;
    }
    return v;
  }
}
