package io.mitai.chaincode.support;

import io.mitai.testsupport.TestCertificates;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * Fabric client identities for tests: a real self-signed X.509 certificate (ECDSA P-256, from the
 * shared {@link TestCertificates}) per MSP ID, wrapped in a {@code SerializedIdentity} as a peer
 * would pass it, so the shim's {@code ClientIdentity} parses it unchanged.
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

  /** A PEM certificate for {@code CN=user@<mspId>, O=<mspId>}, valid 2020 to 2099. */
  static String certificatePem(String mspId) {
    X509Certificate certificate =
        TestCertificates.selfSigned("CN=user@" + mspId + ",O=" + mspId, TestCertificates.p256())
            .validity(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2099-01-01T00:00:00Z"))
            .build();
    return TestCertificates.pem(certificate);
  }
}
