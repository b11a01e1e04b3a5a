package io.mitai.testsupport;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * Real X.509 material for tests and benchmarks, made with Bouncy Castle: ECDSA P-256 keys,
 * certificates (self-signed or issued by a test CA, see {@link CertificateBuilder}) and their PEM
 * forms. Nothing is mocked: what a test builds here, the code under test parses and verifies as it
 * would a real organisation's certificate.
 */
public final class TestCertificates {

  private TestCertificates() {}

  /** A fresh ECDSA key pair on P-256 (secp256r1), the curve Fabric and Mitai's TLS use. */
  public static KeyPair p256() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no P-256 in this JDK", e);
    }
  }

  /** A certificate for {@code subject} signed with its own key; see the builder's defaults. */
  public static CertificateBuilder selfSigned(String subject, KeyPair keys) {
    X500Principal name = new X500Principal(subject);
    return new CertificateBuilder(name, keys.getPublic(), name, keys.getPrivate());
  }

  /** A certificate for {@code subject}'s key, issued by {@code issuer} with its key. */
  public static CertificateBuilder issued(
      X500Principal subject, PublicKey subjectKey, X500Principal issuer, PrivateKey issuerKey) {
    return new CertificateBuilder(subject, subjectKey, issuer, issuerKey);
  }

  /** A self-signed P-256 certificate for {@code subject} with a fresh key, valid for a year. */
  public static KeyedCertificate selfSignedIdentity(String subject) {
    KeyPair keys = p256();
    return new KeyedCertificate(selfSigned(subject, keys).build(), keys.getPrivate());
  }

  /** The PEM form of a certificate ({@code BEGIN CERTIFICATE}). */
  public static String pem(X509Certificate certificate) {
    return pemOf(certificate);
  }

  /** The PEM form of a private key in PKCS#8, as Fabric CA and cryptogen write a keystore's key. */
  public static String privateKeyPem(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  private static String pemOf(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * A certificate with its private key.
   *
   * @param certificate the certificate
   * @param privateKey the key of its subject
   */
  public record KeyedCertificate(X509Certificate certificate, PrivateKey privateKey) {

    /** The certificate in PEM. */
    public String certificatePem() {
      return pem(certificate);
    }
  }
}
