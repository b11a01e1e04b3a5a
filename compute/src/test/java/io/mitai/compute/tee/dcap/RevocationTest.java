package io.mitai.compute.tee.dcap;

import static io.mitai.compute.tee.dcap.GenuineQuotesTest.assertRefused;
import static io.mitai.compute.tee.dcap.GenuineQuotesTest.expectationFor;
import static io.mitai.testsupport.TestCertificates.p256;
import static io.mitai.testsupport.TestCertificates.pem;
import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.compute.tee.dcap.DcapTestData.GenuineSet;
import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.Evidence;
import io.mitai.compute.tee.evidence.EvidenceFormat;
import io.mitai.compute.tee.evidence.RefusalReason;
import io.mitai.compute.tee.evidence.VerifiedEvidence;
import io.mitai.testsupport.CertificateBuilder;
import io.mitai.testsupport.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Revocation, which no genuine testdata exercises (no testdata PCK leaf is on a CRL). A test PKI
 * with Intel's names re-issues the Phala SGX quote's PCK chain (copying the leaf's SGX extension),
 * re-signs its QE report with the new leaf key and its collateral with a test TCB signer; the
 * quote's own signature and the QE report are untouched.
 */
class RevocationTest {
  static final GenuineSet GENUINE = DcapTestData.phalaSgx();
  static final Instant AT = GENUINE.inside();

  /** The test PKI; each CRL revokes what the flags say. */
  static final class TestPki {
    final KeyPair rootKey = p256();
    final KeyPair caKey = p256();
    final KeyPair leafKey = p256();
    final KeyPair tcbKey = p256();
    final X509Certificate root;
    final X509Certificate pckCa;
    final X509Certificate leaf;
    final X509Certificate tcbSigner;

    TestPki() throws Exception {
      X509Certificate genuineLeaf =
          IntelPki.parsePem(QuoteParser.parse(GENUINE.quote()).signatureData().pckChainPem())
              .get(0);
      X500Principal rootName = name("Intel SGX Root CA");
      root = cert(rootName, rootName, rootKey, rootKey, 1, true, null);
      pckCa = cert(name("Intel SGX PCK Processor CA"), rootName, caKey, rootKey, 2, true, null);
      leaf =
          cert(
              name("Intel SGX PCK Certificate"),
              pckCa.getSubjectX500Principal(),
              leafKey,
              caKey,
              3,
              false,
              genuineLeaf.getExtensionValue(PckExtension.OID));
      tcbSigner = cert(name("Intel SGX TCB Signing"), rootName, tcbKey, rootKey, 4, false, null);
    }

    /** The genuine quote with this PKI's chain and a QE report signature by this leaf. */
    Bytes quote() throws Exception {
      Quote q = QuoteParser.parse(GENUINE.quote());
      QuoteSignatureData s = q.signatureData();
      byte[] pem = (pem(leaf) + pem(pckCa) + pem(root)).getBytes(StandardCharsets.US_ASCII);
      ByteArrayOutputStream sig = new ByteArrayOutputStream();
      sig.write(s.quoteSignature().toByteArray());
      sig.write(s.attestationKey().toByteArray());
      sig.write(s.qeReport().raw().toByteArray());
      sig.write(sign(leafKey.getPrivate(), s.qeReport().raw().toByteArray()));
      sig.write(le(s.qeAuthData().length(), 2));
      sig.write(s.qeAuthData().toByteArray());
      sig.write(le(5, 2));
      sig.write(le(pem.length, 4));
      sig.write(pem);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(q.signedPart().toByteArray());
      out.write(le(sig.size(), 4));
      sig.writeTo(out);
      return Bytes.of(out.toByteArray());
    }

    DcapCollateral collateral(X509CRL rootCrl, X509CRL pckCrl) throws Exception {
      return new DcapCollateral(
          resign(GENUINE.collateral().tcbInfo()),
          resign(GENUINE.collateral().qeIdentity()),
          rootCrl,
          pckCrl);
    }

    X509CRL rootCrl(X509Certificate... revoked) throws Exception {
      return crl(root, rootKey.getPrivate(), revoked);
    }

    X509CRL pckCrl(X509Certificate... revoked) throws Exception {
      return crl(pckCa, caKey.getPrivate(), revoked);
    }

    VerifiedEvidence verify(DcapCollateral c, X509Certificate anchor) throws Exception {
      return new DcapQuoteVerifier(anchor, CollateralSource.fixed(c))
          .verify(
              new Evidence(EvidenceFormat.INTEL_DCAP_QUOTE, quote()), expectationFor(GENUINE), AT);
    }

    private SignedCollateral resign(SignedCollateral s) throws Exception {
      return new SignedCollateral(
          s.body(),
          Bytes.of(sign(tcbKey.getPrivate(), s.body().toByteArray())),
          List.of(tcbSigner, root));
    }
  }

  @Nested
  class Sanity {
    @Test
    void the_reissued_quote_verifies_against_the_test_root_like_the_genuine_one() throws Exception {
      TestPki pki = new TestPki();
      VerifiedEvidence v = pki.verify(pki.collateral(pki.rootCrl(), pki.pckCrl()), pki.root);
      assertThat(v.tcbStatus()).isEqualTo(GENUINE.outcome().orElseThrow());
      assertThat(v.measurements()).isEqualTo(GENUINE.measurements());
    }

    @Test
    void the_reissued_quote_is_refused_against_the_real_intel_root() throws Exception {
      TestPki pki = new TestPki();
      DcapCollateral c = pki.collateral(pki.rootCrl(), pki.pckCrl());
      assertRefused(
          () -> pki.verify(c, DcapTestData.root()), RefusalReason.CERTIFICATE_CHAIN_INVALID);
    }
  }

  @Nested
  class Revoked {
    @Test
    void a_pck_leaf_on_the_pck_crl_is_refused() throws Exception {
      TestPki pki = new TestPki();
      DcapCollateral c = pki.collateral(pki.rootCrl(), pki.pckCrl(pki.leaf));
      assertRefused(() -> pki.verify(c, pki.root), RefusalReason.CERTIFICATE_REVOKED);
    }

    @Test
    void a_pck_ca_on_the_root_crl_is_refused() throws Exception {
      TestPki pki = new TestPki();
      DcapCollateral c = pki.collateral(pki.rootCrl(pki.pckCa), pki.pckCrl());
      assertRefused(() -> pki.verify(c, pki.root), RefusalReason.CERTIFICATE_REVOKED);
    }

    @Test
    void a_tcb_signing_certificate_on_the_root_crl_is_refused() throws Exception {
      TestPki pki = new TestPki();
      DcapCollateral c = pki.collateral(pki.rootCrl(pki.tcbSigner), pki.pckCrl());
      assertRefused(() -> pki.verify(c, pki.root), RefusalReason.CERTIFICATE_REVOKED);
    }

    @Test
    void a_pck_crl_signed_by_another_key_under_the_right_name_is_refused() throws Exception {
      TestPki pki = new TestPki();
      X509CRL forged = crl(pki.pckCa, p256().getPrivate());
      DcapCollateral c = pki.collateral(pki.rootCrl(), forged);
      assertRefused(() -> pki.verify(c, pki.root), RefusalReason.CRL_INVALID);
    }
  }

  // ---- test PKI plumbing -----------------------------------------------------------------------

  static X500Principal name(String cn) {
    return new X500Principal("CN=" + cn + ", O=Mitai test PKI, C=US");
  }

  static X509Certificate cert(
      X500Principal subject,
      X500Principal issuer,
      KeyPair subjectKey,
      KeyPair issuerKey,
      long serial,
      boolean ca,
      byte[] sgxExtension) {
    CertificateBuilder b =
        TestCertificates.issued(subject, subjectKey.getPublic(), issuer, issuerKey.getPrivate())
            .serial(serial)
            .validity(AT.minus(365, ChronoUnit.DAYS), AT.plus(365, ChronoUnit.DAYS))
            .role(ca ? CertificateBuilder.Role.CA : CertificateBuilder.Role.END_ENTITY);
    if (sgxExtension != null) {
      b.extension(
          new ASN1ObjectIdentifier(PckExtension.OID),
          false,
          ASN1OctetString.getInstance(sgxExtension).getOctets());
    }
    return b.build();
  }

  static X509CRL crl(X509Certificate issuer, PrivateKey key, X509Certificate... revoked)
      throws Exception {
    X509v2CRLBuilder b =
        new JcaX509v2CRLBuilder(issuer.getSubjectX500Principal(), Date.from(AT.minusSeconds(3600)));
    b.setNextUpdate(Date.from(AT.plusSeconds(3600)));
    for (X509Certificate r : revoked) {
      b.addCRLEntry(r.getSerialNumber(), Date.from(AT.minusSeconds(60)), CRLReason.keyCompromise);
    }
    return new JcaX509CRLConverter()
        .getCRL(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
  }

  static byte[] sign(PrivateKey key, byte[] message) throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
    s.initSign(key);
    s.update(message);
    return s.sign();
  }

  static byte[] le(long v, int n) {
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
    byte[] out = new byte[n];
    System.arraycopy(b.array(), 0, out, 0, n);
    return out;
  }
}
