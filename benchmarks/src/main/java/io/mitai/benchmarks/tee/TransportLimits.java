package io.mitai.benchmarks.tee;

import io.mitai.benchmarks.compute.Harness;
import io.mitai.compute.enclave.JobCrypto;
import io.mitai.compute.enclave.WorkerClient;
import io.mitai.compute.enclave.WorkerTls;
import io.mitai.compute.session.PartyIdentity;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The limits a TEE job's transport cannot beat on this machine: AES-256-GCM over the job's
 * segments, a loopback TLS 1.3 bulk transfer, and the latency floor of one job's exchanges.
 */
final class TransportLimits {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TransportLimits() {}

  private static final int AAD_LENGTH = "mitai/tee/input/v1\0".length() + 32 + 4 + 8 + 1;

  /**
   * MB/s of AES-256-GCM {decrypt, encrypt} of 64 KiB segments on this thread, each with a fresh
   * {@code Cipher}, its own nonce and an AAD as long as the worker's.
   */
  static double[] gcm(long total) throws Exception {
    byte[] keyBytes = new byte[32];
    RANDOM.nextBytes(keyBytes);
    SecretKeySpec key = new SecretKeySpec(keyBytes, "AES");
    byte[] aad = new byte[AAD_LENGTH];
    int count = 64;
    byte[] plain = new byte[JobCrypto.SEGMENT];
    RANDOM.nextBytes(plain);
    byte[][] sealed = new byte[count][];
    long segments = total / JobCrypto.SEGMENT;
    long t0 = System.nanoTime();
    for (long s = 0; s < segments; s++) {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, nonce(s));
      c.updateAAD(aad);
      byte[] ct = c.doFinal(plain);
      if (s < count) {
        sealed[(int) s] = ct;
      }
    }
    double encrypt = segments * JobCrypto.SEGMENT / ((System.nanoTime() - t0) / 1e9) / 1e6;
    long check = 0;
    t0 = System.nanoTime();
    for (long s = 0; s < segments; s++) {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, nonce(s % count));
      c.updateAAD(aad);
      check += c.doFinal(sealed[(int) (s % count)]).length;
    }
    double decrypt = check / ((System.nanoTime() - t0) / 1e9) / 1e6;
    return new double[] {decrypt, encrypt};
  }

  private static GCMParameterSpec nonce(long segment) {
    return new GCMParameterSpec(128, ByteBuffer.allocate(12).putInt(0).putLong(segment).array());
  }

  static volatile String tlsSuite = "?";

  /**
   * MB/s of a bulk transfer over loopback TLS 1.3 between two threads of this JVM: the server
   * presents a self-signed P-256 certificate (as the worker does), the client uses the job's pinned
   * context ({@link WorkerTls#clientContext}); 64 KiB writes, timed until the receiver confirms.
   */
  static double tls(long total) throws Exception {
    TlsLimit server = TlsLimit.create();
    try (SSLServerSocket ss =
        (SSLServerSocket) server.context.getServerSocketFactory().createServerSocket()) {
      ss.bind(new InetSocketAddress("127.0.0.1", 0));
      CompletableFuture<Long> received =
          CompletableFuture.supplyAsync(
              () -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                  InputStream in = s.getInputStream();
                  byte[] buf = new byte[1 << 16];
                  long got = 0;
                  while (got < total) {
                    int k = in.read(buf);
                    if (k < 0) {
                      break;
                    }
                    got += k;
                  }
                  new DataOutputStream(s.getOutputStream()).writeLong(got);
                  return got;
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      try (SSLSocket s =
          (SSLSocket)
              WorkerTls.clientContext(server.certificate)
                  .getSocketFactory()
                  .createSocket("127.0.0.1", ss.getLocalPort())) {
        s.setEnabledProtocols(new String[] {"TLSv1.3"});
        s.startHandshake();
        tlsSuite = s.getSession().getCipherSuite();
        OutputStream out = s.getOutputStream();
        byte[] buf = new byte[1 << 16];
        RANDOM.nextBytes(buf);
        long t0 = System.nanoTime();
        for (long sent = 0; sent < total; sent += buf.length) {
          out.write(buf);
        }
        out.flush();
        long got = new DataInputStream(s.getInputStream()).readLong();
        double rate = got / ((System.nanoTime() - t0) / 1e9) / 1e6;
        if (got != received.join()) {
          throw new AssertionError("the receiver counted other bytes");
        }
        return rate;
      }
    }
  }

  /** A self-signed P-256 server identity (as the worker's) and its TLS 1.3 context. */
  record TlsLimit(X509Certificate certificate, SSLContext context) {
    static TlsLimit create() throws Exception {
      PartyIdentity id = Harness.identity("tls-limit");
      X509Certificate cert = id.certificate();
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("limit", id.privateKey(), new char[0], new Certificate[] {cert});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, new char[0]);
      SSLContext server = SSLContext.getInstance("TLSv1.3");
      server.init(kmf.getKeyManagers(), null, new SecureRandom());
      return new TlsLimit(cert, server);
    }
  }

  /**
   * Seconds of the latency floor of one job's exchanges on loopback: connect, TLS 1.3 handshake,
   * then the node's pattern of two small flushed frames (as KEY then DATA) answered by one small
   * frame (as INPUT_OK). {@code noDelay} sets TCP_NODELAY on both sockets; the worker and {@link
   * WorkerClient} leave it off (Nagle on), which this shows the cost of.
   */
  static double exchange(TlsLimit server, boolean noDelay) throws Exception {
    try (SSLServerSocket ss =
        (SSLServerSocket) server.context().getServerSocketFactory().createServerSocket()) {
      ss.bind(new InetSocketAddress("127.0.0.1", 0));
      CompletableFuture<Void> served =
          CompletableFuture.runAsync(
              () -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                  s.setTcpNoDelay(noDelay);
                  DataInputStream in = new DataInputStream(s.getInputStream());
                  in.readFully(new byte[400]);
                  OutputStream out = s.getOutputStream();
                  out.write(new byte[60]);
                  out.flush();
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      long t0 = System.nanoTime();
      try (SSLSocket s =
          (SSLSocket)
              WorkerTls.clientContext(server.certificate()).getSocketFactory().createSocket()) {
        s.setTcpNoDelay(noDelay);
        s.setEnabledProtocols(new String[] {"TLSv1.3"});
        s.connect(new InetSocketAddress("127.0.0.1", ss.getLocalPort()));
        s.startHandshake();
        OutputStream out = s.getOutputStream();
        out.write(new byte[200]);
        out.flush();
        out.write(new byte[200]);
        out.flush();
        new DataInputStream(s.getInputStream()).readFully(new byte[60]);
        double seconds = (System.nanoTime() - t0) / 1e9;
        served.join();
        return seconds;
      }
    }
  }
}
