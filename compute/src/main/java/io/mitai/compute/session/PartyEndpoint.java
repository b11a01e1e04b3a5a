package io.mitai.compute.session;

import java.security.cert.X509Certificate;

/**
 * Where a party listens and the certificate it must present, as registered on the ledger.
 * Authentication is by exact certificate match (pinning), not by host name: the ledger's
 * organisation registry is the trust root, not a CA.
 */
public record PartyEndpoint(PartyId id, String host, int port, X509Certificate certificate) {
  public PartyEndpoint {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("bad port " + port);
    }
  }
}
