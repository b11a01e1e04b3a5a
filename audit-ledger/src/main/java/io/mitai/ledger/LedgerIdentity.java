package io.mitai.ledger;

import java.security.PrivateKey;
import java.util.Objects;

/**
 * Who submits a transaction: an organisation's MSP ID and its X.509 certificate (PEM), plus the
 * private key that signs proposals where the adapter needs one (Fabric). The embedded ledger only
 * presents the certificate to the contract, exactly as a peer does.
 */
public record LedgerIdentity(String mspId, String certificatePem, PrivateKey signingKey) {

  public LedgerIdentity {
    Objects.requireNonNull(mspId, "mspId");
    Objects.requireNonNull(certificatePem, "certificatePem");
    if (mspId.isBlank()) {
      throw new IllegalArgumentException("an identity needs an MSP ID");
    }
  }

  @Override
  public String toString() {
    return "LedgerIdentity[" + mspId + "]";
  }
}
