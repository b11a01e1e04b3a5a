package io.mitai.ledger.testing;

import io.mitai.ledger.LedgerIdentity;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Real X.509 identities (ECDSA P-256, made with Bouncy Castle) for ledger tests. */
public final class TestIdentities {

  private TestIdentities() {}

  public static KeyPair p256() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static LedgerIdentity identity(String mspId) {
    KeyPair keys = p256();
    try {
      Instant now = Instant.now();
      X500Name subject = new X500Name("CN=user." + mspId + ",O=" + mspId);
      X509CertificateHolder cert =
          new JcaX509v3CertificateBuilder(
                  subject,
                  BigInteger.valueOf(now.toEpochMilli()),
                  Date.from(now.minus(1, ChronoUnit.DAYS)),
                  Date.from(now.plus(365, ChronoUnit.DAYS)),
                  subject,
                  keys.getPublic())
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
      StringWriter pem = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
        writer.writeObject(cert);
      }
      return new LedgerIdentity(mspId, pem.toString(), keys.getPrivate());
    } catch (Exception e) {
      throw new IllegalStateException("could not make a test certificate", e);
    }
  }
}
