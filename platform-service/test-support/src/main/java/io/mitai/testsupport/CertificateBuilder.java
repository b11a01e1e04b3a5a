package io.mitai.testsupport;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * One X.509 v3 certificate to make, signed with SHA256withECDSA. Defaults: a random positive
 * serial, valid from a day ago for a year, no extensions. Made by {@link TestCertificates}.
 */
public final class CertificateBuilder {

  /** What a certificate may do, as its basic constraints and (critical) key usage say. */
  public enum Role {
    /** A CA: {@code cA=true}, signs certificates and CRLs. */
    CA,
    /** An end entity: {@code cA=false}, signs only. */
    END_ENTITY
  }

  private record Ext(ASN1ObjectIdentifier oid, boolean critical, Object value) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final X500Principal subject;
  private final PublicKey subjectKey;
  private final X500Principal issuer;
  private final PrivateKey issuerKey;
  private final List<Ext> extensions = new ArrayList<>();
  private BigInteger serial = new BigInteger(63, RANDOM).add(BigInteger.ONE);
  private Instant notBefore = Instant.now().minus(Duration.ofDays(1));
  private Instant notAfter = notBefore.plus(Duration.ofDays(366));

  CertificateBuilder(
      X500Principal subject, PublicKey subjectKey, X500Principal issuer, PrivateKey issuerKey) {
    this.subject = subject;
    this.subjectKey = subjectKey;
    this.issuer = issuer;
    this.issuerKey = issuerKey;
  }

  /** The serial number. */
  public CertificateBuilder serial(long serial) {
    this.serial = BigInteger.valueOf(serial);
    return this;
  }

  /** The validity period, both ends included. */
  public CertificateBuilder validity(Instant notBefore, Instant notAfter) {
    this.notBefore = notBefore;
    this.notAfter = notAfter;
    return this;
  }

  /** Basic constraints (critical) and key usage (critical) for {@code role}. */
  public CertificateBuilder role(Role role) {
    boolean ca = role == Role.CA;
    extension(Extension.basicConstraints, true, new BasicConstraints(ca));
    return extension(
        Extension.keyUsage,
        true,
        new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
  }

  /** Subject alternative names {@code localhost} and {@code 127.0.0.1}: a loopback TLS server. */
  public CertificateBuilder loopbackNames() {
    return extension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.iPAddress, "127.0.0.1")
            }));
  }

  /** Any other extension. */
  public CertificateBuilder extension(
      ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
    extensions.add(new Ext(oid, critical, value));
    return this;
  }

  /** Any other extension, its value already DER-encoded. */
  public CertificateBuilder extension(ASN1ObjectIdentifier oid, boolean critical, byte[] encoded) {
    extensions.add(new Ext(oid, critical, encoded.clone()));
    return this;
  }

  /** Signs the certificate. */
  public X509Certificate build() {
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer, serial, Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
      for (Ext e : extensions) {
        if (e.value() instanceof byte[] encoded) {
          builder.addExtension(e.oid(), e.critical(), encoded);
        } else {
          builder.addExtension(e.oid(), e.critical(), (ASN1Encodable) e.value());
        }
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    } catch (Exception e) {
      throw new IllegalStateException("could not make a test certificate for " + subject, e);
    }
  }
}
