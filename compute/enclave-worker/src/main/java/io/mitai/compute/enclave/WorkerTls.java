package io.mitai.compute.enclave;

import io.mitai.compute.session.PinnedTrustManager;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The worker's TLS: a fresh self-signed ECDSA P-256 certificate per worker process (its private key
 * never leaves memory), TLS 1.3 only. The node pins that exact certificate: in sandbox mode it
 * reads it from the worker's start line; for a worker on its own host it is configured. TLS
 * protects the job's metadata in transit; the secrets themselves are bound to the attested key
 * ({@link JobCrypto}), so they stay protected even from a host that terminates TLS outside the
 * enclave.
 */
public final class WorkerTls {
  private static final char[] NO_PASSWORD = new char[0];

  private final X509Certificate certificate;
  private final KeyPair keyPair;

  private WorkerTls(X509Certificate certificate, KeyPair keyPair) {
    this.certificate = certificate;
    this.keyPair = keyPair;
  }

  /** A new self-signed identity valid from now for {@code validity}. */
  public static WorkerTls selfSigned(SecureRandom random, Duration validity) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair kp = g.generateKeyPair();
      X500Name name = new X500Name("CN=mitai-enclave-worker");
      AlgorithmIdentifier sigAlg = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
      V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
      tbs.setSerialNumber(new ASN1Integer(new BigInteger(64, random).add(BigInteger.ONE)));
      tbs.setIssuer(name);
      tbs.setSubject(name);
      Instant now = Instant.now();
      tbs.setStartDate(new Time(Date.from(now.minusSeconds(60))));
      tbs.setEndDate(new Time(Date.from(now.plus(validity))));
      tbs.setSignature(sigAlg);
      tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded()));
      TBSCertificate tbsCert = tbs.generateTBSCertificate();
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(kp.getPrivate(), random);
      s.update(tbsCert.getEncoded("DER"));
      ASN1EncodableVector v = new ASN1EncodableVector();
      v.add(tbsCert);
      v.add(sigAlg);
      v.add(new DERBitString(s.sign()));
      byte[] der = new DERSequence(v).getEncoded("DER");
      X509Certificate cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der));
      return new WorkerTls(cert, kp);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot make the worker's TLS certificate", e);
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** The private key (for a party transport inside the worker). */
  java.security.PrivateKey privateKey() {
    return keyPair.getPrivate();
  }

  /** The server context presenting this identity. */
  SSLContext serverContext() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(
          "worker", keyPair.getPrivate(), NO_PASSWORD, new X509Certificate[] {certificate});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, NO_PASSWORD);
      SSLContext ctx = SSLContext.getInstance("TLSv1.3");
      ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot set up the worker's TLS", e);
    }
  }

  /** A client context that trusts exactly {@code pinned} (no CA, no host name). */
  public static SSLContext clientContext(X509Certificate pinned) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLSv1.3");
      ctx.init(
          null,
          new TrustManager[] {PinnedTrustManager.exactly(pinned, "enclave worker")},
          new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS 1.3 is available on every Java 17 platform", e);
    }
  }

  /** SHA-256 of a certificate's DER, hex (for logs and configuration). */
  public static String fingerprint(X509Certificate c) {
    try {
      return WorkerProtocol.hex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
