package io.mitai.platform.keys;

import io.mitai.ledger.LedgerIdentity;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * An organisation's identity on this node: its ECDSA P-256 key pair and self-signed X.509
 * certificate, which together are its ledger identity (MSP ID = organisation id).
 */
public record OrgKeys(String orgId, KeyPair identity, X509Certificate certificate) {

  public OrgKeys {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(certificate, "certificate");
  }

  public String certificatePem() {
    return Pem.certificate(certificate);
  }

  public LedgerIdentity ledgerIdentity() {
    return new LedgerIdentity(orgId, certificatePem(), identity.getPrivate());
  }

  @Override
  public String toString() {
    return "OrgKeys[" + orgId + "]";
  }
}
