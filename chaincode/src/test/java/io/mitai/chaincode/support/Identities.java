package io.mitai.chaincode.support;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * Fabric client identities for tests: a real self-signed X.509 certificate (ECDSA P-256, made with
 * Bouncy Castle) per MSP ID, wrapped in a {@code SerializedIdentity} as a peer would pass it, so
 * the shim's {@code ClientIdentity} parses it unchanged.
 */
public final class Identities {

  private static final Map<String, byte[]> CREATORS = new ConcurrentHashMap<>();

  private Identities() {}

  /** The serialized identity of a client of organisation {@code mspId}. */
  public static byte[] creator(String mspId) {
    return CREATORS.computeIfAbsent(mspId, Identities::newCreator).clone();
  }

  /** A serialized identity whose id bytes are not a certificate. */
  public static byte[] garbageCreator(String mspId) {
    return SerializedIdentity.newBuilder()
        .setMspid(mspId)
        .setIdBytes(com.google.protobuf.ByteString.copyFromUtf8("not a certificate"))
        .build()
        .toByteArray();
  }

  private static byte[] newCreator(String mspId) {
    String pem = certificatePem(mspId);
    return SerializedIdentity.newBuilder()
        .setMspid(mspId)
        .setIdBytes(com.google.protobuf.ByteString.copyFromUtf8(pem))
        .build()
        .toByteArray();
  }

  /** A PEM certificate for {@code CN=user@<mspId>, O=<mspId>}. */
  static String certificatePem(String mspId) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=user@" + mspId + ",O=" + mspId);
      X509CertificateHolder holder =
          new JcaX509v3CertificateBuilder(
                  subject,
                  BigInteger.valueOf(Math.abs((long) mspId.hashCode()) + 1),
                  Date.from(Instant.parse("2020-01-01T00:00:00Z")),
                  Date.from(Instant.parse("2099-01-01T00:00:00Z")),
                  subject,
                  keys.getPublic())
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
      String body =
          Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(holder.getEncoded());
      return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    } catch (Exception e) {
      throw new IllegalStateException("cannot create a test certificate", e);
    }
  }
}
