package io.mitai.ledger.testing;

import io.mitai.ledger.LedgerIdentity;
import io.mitai.testsupport.TestCertificates;
import java.security.KeyPair;

/** Real X.509 identities (ECDSA P-256, the shared {@link TestCertificates}) for ledger tests. */
public final class TestIdentities {

  private TestIdentities() {}

  public static KeyPair p256() {
    return TestCertificates.p256();
  }

  /** A client of {@code mspId} with a fresh self-signed certificate, {@code CN=user.<mspId>}. */
  public static LedgerIdentity identity(String mspId) {
    TestCertificates.KeyedCertificate cert =
        TestCertificates.selfSignedIdentity("CN=user." + mspId + ",O=" + mspId);
    return new LedgerIdentity(mspId, cert.certificatePem(), cert.privateKey());
  }
}
