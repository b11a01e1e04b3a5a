package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import io.mitai.compute.tee.evidence.RefusalReason;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** Certificate chains, CRLs and raw ECDSA for the Intel SGX PKI. */
final class IntelPki {
  /** Subject CNs allowed to issue PCK leaves. */
  static final Set<String> PCK_CA_NAMES =
      Set.of("Intel SGX PCK Platform CA", "Intel SGX PCK Processor CA");

  /** Subject CN of the certificate that signs TCB info and QE identity. */
  static final String TCB_SIGNER_NAME = "Intel SGX TCB Signing";

  private IntelPki() {}

  /** Parses concatenated PEM certificates; trailing NUL padding (seen in quotes) is ignored. */
  static List<X509Certificate> parsePem(Bytes pem) throws EvidenceRejectedException {
    byte[] b = pem.toByteArray();
    int end = b.length;
    while (end > 0 && (b[end - 1] == 0 || Character.isWhitespace(b[end - 1]))) {
      end--;
    }
    try {
      Collection<? extends java.security.cert.Certificate> certs =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(b, 0, end));
      List<X509Certificate> out = new ArrayList<>();
      for (java.security.cert.Certificate c : certs) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new EvidenceRejectedException(RefusalReason.PCK_CHAIN_MALFORMED, "no certificate");
      }
      return out;
    } catch (CertificateException | ClassCastException e) {
      throw new EvidenceRejectedException(
          RefusalReason.PCK_CHAIN_MALFORMED, "unparseable certificate: " + e.getMessage(), e);
    }
  }

  /**
   * Validates {@code chain} (leaf first) to {@code anchor} at {@code at} with the JDK's PKIX
   * validator (signatures, names, validity, basic constraints, key usage); revocation is checked
   * separately with the given CRLs. A trailing self-issued certificate is the sender's copy of the
   * root: it is dropped, and must carry the anchor's key (Intel re-issued the root with the same
   * key, so the bytes may differ).
   *
   * @return the path without the root, leaf first
   */
  static List<X509Certificate> validate(
      List<X509Certificate> chain, X509Certificate anchor, Instant at)
      throws EvidenceRejectedException {
    List<X509Certificate> path = new ArrayList<>(chain);
    X509Certificate last = path.get(path.size() - 1);
    if (last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
      if (!Arrays.equals(last.getPublicKey().getEncoded(), anchor.getPublicKey().getEncoded())) {
        throw new EvidenceRejectedException(
            RefusalReason.CERTIFICATE_CHAIN_INVALID, "the chain ends in a root other than Intel's");
      }
      path.remove(path.size() - 1);
    }
    if (path.isEmpty()) {
      throw new EvidenceRejectedException(
          RefusalReason.CERTIFICATE_CHAIN_INVALID, "the chain holds only a root");
    }
    try {
      PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
      params.setRevocationEnabled(false);
      params.setDate(Date.from(at));
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
      return List.copyOf(path);
    } catch (CertPathValidatorException e) {
      RefusalReason reason;
      if (e.getReason() == BasicReason.EXPIRED) {
        reason = RefusalReason.CERTIFICATE_EXPIRED;
      } else if (e.getReason() == BasicReason.NOT_YET_VALID) {
        reason = RefusalReason.CERTIFICATE_NOT_YET_VALID;
      } else {
        reason = RefusalReason.CERTIFICATE_CHAIN_INVALID;
      }
      throw new EvidenceRejectedException(reason, "certificate chain: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new EvidenceRejectedException(
          RefusalReason.CERTIFICATE_CHAIN_INVALID, "certificate chain: " + e.getMessage(), e);
    }
  }

  /**
   * Checks that {@code crl} is issued and signed by {@code issuer}, current at {@code at}, and does
   * not list {@code subject}.
   */
  static void checkNotRevoked(
      X509Certificate subject, X509Certificate issuer, X509CRL crl, Instant at, String what)
      throws EvidenceRejectedException {
    if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      throw new EvidenceRejectedException(
          RefusalReason.COLLATERAL_MISMATCH,
          what
              + " is issued by "
              + crl.getIssuerX500Principal()
              + ", not by "
              + issuer.getSubjectX500Principal());
    }
    try {
      crl.verify(issuer.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new EvidenceRejectedException(
          RefusalReason.CRL_INVALID, what + " signature does not verify", e);
    }
    if (crl.getThisUpdate().toInstant().isAfter(at)) {
      throw new EvidenceRejectedException(
          RefusalReason.COLLATERAL_NOT_YET_VALID,
          what + " thisUpdate " + crl.getThisUpdate().toInstant() + " is after " + at);
    }
    if (crl.getNextUpdate() == null || crl.getNextUpdate().toInstant().isBefore(at)) {
      throw new EvidenceRejectedException(
          RefusalReason.COLLATERAL_EXPIRED,
          what + " nextUpdate " + crl.getNextUpdate() + " is before " + at);
    }
    if (crl.isRevoked(subject)) {
      throw new EvidenceRejectedException(
          RefusalReason.CERTIFICATE_REVOKED,
          subject.getSubjectX500Principal()
              + " serial "
              + subject.getSerialNumber().toString(16)
              + " is revoked by "
              + what);
    }
  }

  /** The certificate's subject common name, or "" if it has none. */
  static String commonName(X509Certificate cert) {
    try {
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return rdn.getValue().toString();
        }
      }
      return "";
    } catch (InvalidNameException e) {
      return "";
    }
  }

  /** Verifies an ECDSA P-256/SHA-256 signature given as r||s (64 bytes). */
  static boolean verifyRawEcdsa(PublicKey key, Bytes signatureRs, byte[] message) {
    try {
      Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
      s.initVerify(key);
      s.update(message);
      return s.verify(signatureRs.toByteArray());
    } catch (java.security.SignatureException | java.security.InvalidKeyException e) {
      // Malformed signature or unusable key: the signature does not verify.
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA P-256 is available on every Java 17 platform", e);
    }
  }

  /** The P-256 public key whose affine coordinates are {@code xy} (64 bytes, big-endian x||y). */
  static PublicKey p256Key(Bytes xy) throws EvidenceRejectedException {
    try {
      AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
      ap.init(new ECGenParameterSpec("secp256r1"));
      ECParameterSpec spec = ap.getParameterSpec(ECParameterSpec.class);
      byte[] b = xy.toByteArray();
      ECPoint w =
          new ECPoint(
              new BigInteger(1, Arrays.copyOfRange(b, 0, 32)),
              new BigInteger(1, Arrays.copyOfRange(b, 32, 64)));
      return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, spec));
    } catch (GeneralSecurityException e) {
      // The JDK refuses points not on the curve: an invalid attestation key cannot sign anything.
      throw new EvidenceRejectedException(
          RefusalReason.QUOTE_SIGNATURE_INVALID, "attestation key is not a P-256 point", e);
    }
  }
}
