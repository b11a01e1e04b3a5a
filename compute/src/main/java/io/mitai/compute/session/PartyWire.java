package io.mitai.compute.session;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;

/**
 * What the party transport puts on the wire: one bidirectional gRPC method carrying raw frame bytes
 * (no protobuf), and the party's TLS key material.
 */
final class PartyWire {

  static final String SERVICE = "mitai.compute.v1.Party";

  static final MethodDescriptor<byte[], byte[]> EXCHANGE =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Exchange"))
          .setRequestMarshaller(new BytesMarshaller())
          .setResponseMarshaller(new BytesMarshaller())
          .build();

  private PartyWire() {}

  /** The party's key and certificate, as TLS key managers for both server and client side. */
  static javax.net.ssl.KeyManager[] keyManagers(PartyIdentity identity) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] pw = new char[0];
      ks.setKeyEntry(
          "party", identity.privateKey(), pw, new Certificate[] {identity.certificate()});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      return kmf.getKeyManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot load the party key", e);
    }
  }

  /** Frames travel as raw bytes. */
  private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
