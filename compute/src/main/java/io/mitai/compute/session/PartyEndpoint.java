package io.mitai.compute.session;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;

/**
 * Where a party listens and the public key its certificate must carry, as its organisation
 * registered them on the ledger. Authentication pins that key, not a CA and not a host name: the
 * ledger's organisation registry is the trust root, and it records keys (a party may renew its
 * certificate without a new registration as long as the key stays).
 */
public record PartyEndpoint(PartyId id, String host, int port, PublicKey publicKey) {
  public PartyEndpoint {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("bad port " + port);
    }
    if (publicKey == null) {
      throw new IllegalArgumentException("a party endpoint needs its registered public key");
    }
  }

  /**
   * Whether {@code certificate} carries this party's registered key. Compares the encoded keys, so
   * keys decoded by different providers (the JDK's, Bouncy Castle's) still match.
   */
  public boolean presentedBy(X509Certificate certificate) {
    return MessageDigest.isEqual(publicKey.getEncoded(), certificate.getPublicKey().getEncoded());
  }

  /** Whether {@code other} is dialled at the same address and pins the same key. */
  public boolean sameAs(PartyEndpoint other) {
    return id.equals(other.id)
        && host.equals(other.host)
        && port == other.port
        && MessageDigest.isEqual(publicKey.getEncoded(), other.publicKey.getEncoded());
  }
}
