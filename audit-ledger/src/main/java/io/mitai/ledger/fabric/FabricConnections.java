package io.mitai.ledger.fabric;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.mitai.ledger.LedgerIdentity;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import org.hyperledger.fabric.client.identity.Identities;

/** Opens the TLS connection to a peer's gateway and reads an organisation's identity files. */
public final class FabricConnections {

  private FabricConnections() {}

  /**
   * A gRPC channel to {@code endpoint} (host:port) over TLS, trusting only {@code tlsCaPem}. {@code
   * authorityOverride} is the peer's TLS host name when it differs from the endpoint's.
   */
  public static ManagedChannel open(String endpoint, Path tlsCaPem, String authorityOverride)
      throws IOException {
    ChannelCredentials credentials =
        TlsChannelCredentials.newBuilder().trustManager(tlsCaPem.toFile()).build();
    var builder = Grpc.newChannelBuilder(endpoint, credentials);
    if (authorityOverride != null && !authorityOverride.isBlank()) {
      builder.overrideAuthority(authorityOverride);
    }
    return builder.build();
  }

  /**
   * An identity from an MSP's signcerts PEM and keystore PEM (PKCS#8), as cryptogen writes them.
   */
  public static LedgerIdentity identity(String mspId, Path certificatePem, Path privateKeyPem)
      throws IOException {
    String certificate = Files.readString(certificatePem, StandardCharsets.UTF_8);
    try (Reader key = Files.newBufferedReader(privateKeyPem, StandardCharsets.UTF_8)) {
      return new LedgerIdentity(mspId, certificate, Identities.readPrivateKey(key));
    } catch (InvalidKeyException e) {
      throw new IOException("the private key in " + privateKeyPem + " cannot be read", e);
    }
  }
}
