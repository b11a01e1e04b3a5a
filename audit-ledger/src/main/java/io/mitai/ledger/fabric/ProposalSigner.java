package io.mitai.ledger.fabric;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.FixedPointUtil;
import org.hyperledger.fabric.client.identity.Signer;

/**
 * Signs Fabric proposals, transactions and commit-status requests with an organisation's P-256 key:
 * ECDSA over the digest the Gateway computed, deterministic nonces (RFC 6979), low-S as Fabric
 * requires, DER-encoded.
 *
 * <p>Why not {@code Signers.newPrivateKeySigner}: it hands the key to the JCA on every signature,
 * and for a JDK key (the node's key store and {@code Identities.readPrivateKey} both give one)
 * Bouncy Castle rebuilds the curve's generator point each time, so its fixed-point precomputation,
 * worth several scalar multiplications, was redone for every signature — three per transaction, the
 * largest single cost of a node's ledger write in a profile. Here the domain and the precomputed
 * generator are built once per key.
 */
public final class ProposalSigner implements Signer {

  private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(), P256.getH());
  private static final BigInteger HALF_ORDER = P256.getN().shiftRight(1);

  static {
    FixedPointUtil.precompute(DOMAIN.getG());
  }

  private final ECPrivateKeyParameters key;

  private ProposalSigner(ECPrivateKeyParameters key) {
    this.key = key;
  }

  /**
   * A signer for {@code key}, which must be an EC key on P-256 (the curve Fabric's MSPs issue).
   *
   * @throws GeneralSecurityException for any other key
   */
  public static ProposalSigner of(PrivateKey key) throws GeneralSecurityException {
    if (!(key instanceof ECPrivateKey ec)) {
      throw new GeneralSecurityException("a Fabric signing key must be an EC key, not " + key);
    }
    if (ec.getParams().getOrder().compareTo(DOMAIN.getN()) != 0
        || ec.getParams().getCurve().getField().getFieldSize() != 256) {
      throw new GeneralSecurityException("a Fabric signing key must be on P-256");
    }
    return new ProposalSigner(new ECPrivateKeyParameters(ec.getS(), DOMAIN));
  }

  @Override
  public byte[] sign(byte[] digest) throws GeneralSecurityException {
    // The calculator holds per-signature state; a signer per call keeps concurrent callers apart.
    ECDSASigner ecdsa = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    ecdsa.init(true, key);
    BigInteger[] rs = ecdsa.generateSignature(digest);
    BigInteger s = rs[1].compareTo(HALF_ORDER) > 0 ? DOMAIN.getN().subtract(rs[1]) : rs[1];
    ASN1EncodableVector v = new ASN1EncodableVector(2);
    v.add(new ASN1Integer(rs[0]));
    v.add(new ASN1Integer(s));
    try {
      return new DERSequence(v).getEncoded();
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot encode a signature", e);
    }
  }
}
