package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.Evidence;
import io.mitai.compute.tee.evidence.EvidenceFormat;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import io.mitai.compute.tee.evidence.EvidenceVerifier;
import io.mitai.compute.tee.evidence.Expectation;
import io.mitai.compute.tee.evidence.Measurement;
import io.mitai.compute.tee.evidence.MeasurementKind;
import io.mitai.compute.tee.evidence.Policies;
import io.mitai.compute.tee.evidence.RefusalReason;
import io.mitai.compute.tee.evidence.TeeAssurance;
import io.mitai.compute.tee.evidence.TeePlatform;
import io.mitai.compute.tee.evidence.VerifiedEvidence;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Verifies Intel SGX/TDX DCAP ECDSA quotes (v3, v4, v5) against the Intel SGX Root CA, with
 * collateral from a {@link CollateralSource}, at a caller-given time. The checks, in this order
 * (the first failure is the refusal reason):
 *
 * <ol>
 *   <li>Parse the quote strictly (no trailing bytes); attestation key type ECDSA P-256, Intel QE.
 *   <li>PCK chain from certification data type 5: validates to the trust anchor at {@code at};
 *       exactly leaf and an Intel PCK Platform/Processor CA below the root; leaf SGX extension
 *       read.
 *   <li>Collateral for (TEE type, FMSPC, PCK issuer) from the source.
 *   <li>CRLs: the root CA CRL (signed by the anchor, current at {@code at}) does not list the PCK
 *       CA; the PCK CRL (issued and signed by the PCK CA, current) does not list the leaf.
 *   <li>QE report signature verifies with the PCK leaf key.
 *   <li>QE report data = SHA-256(attestation key || QE auth data) || 32 zero bytes.
 *   <li>Quote signature verifies with the attestation key over header and body.
 *   <li>TCB info and QE identity: issuer chain is exactly the Intel SGX TCB Signing certificate
 *       under the anchor, valid at {@code at} and not on the root CA CRL; the ECDSA signature over
 *       the exact signed JSON bytes verifies; then parsed; issueDate ≤ at ≤ nextUpdate.
 *   <li>TCB evaluation ({@link TcbEvaluator}): id, FMSPC and PCE-ID match; QE identity; platform
 *       level; TDX module; convergence; revoked is refused.
 *   <li>{@link Policies}: assurance, debug mode, report data, measurements, accepted TCB statuses.
 * </ol>
 *
 * The result is {@link TeeAssurance#TEE_HARDWARE} with MRENCLAVE and MRSIGNER (SGX) or MRTD (TDX).
 */
public final class DcapQuoteVerifier implements EvidenceVerifier {
  private final X509Certificate intelRootCa;
  private final CollateralSource collateral;

  /**
   * @param intelRootCa the trust anchor: the Intel SGX Root CA certificate, obtained out of band
   * @param collateral where to find TCB info, QE identity and CRLs for a platform
   */
  public DcapQuoteVerifier(X509Certificate intelRootCa, CollateralSource collateral) {
    this.intelRootCa = Objects.requireNonNull(intelRootCa, "intelRootCa");
    this.collateral = Objects.requireNonNull(collateral, "collateral");
    try {
      intelRootCa.verify(intelRootCa.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the trust anchor must be a self-signed root", e);
    }
  }

  @Override
  public VerifiedEvidence verify(Evidence evidence, Expectation expected, Instant at)
      throws EvidenceRejectedException {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(at, "at");
    if (evidence.format() != EvidenceFormat.INTEL_DCAP_QUOTE) {
      throw new EvidenceRejectedException(
          RefusalReason.UNSUPPORTED_FORMAT, "not a DCAP quote: " + evidence.format());
    }
    Quote quote = QuoteParser.parse(evidence.payload());
    TcbEvaluation tcb = verifyQuote(quote, at);
    VerifiedEvidence result =
        new VerifiedEvidence(
            quote.header().teeType() == TeeType.SGX ? TeePlatform.INTEL_SGX : TeePlatform.INTEL_TDX,
            TeeAssurance.TEE_HARDWARE,
            evidence.sha256(),
            measurements(quote.body()),
            tcb.combined(),
            tcb.advisoryIds(),
            quote.body().debug(),
            quote.body().reportData(),
            at);
    return Policies.enforce(result, expected);
  }

  /**
   * Steps 2 to 9: everything that proves the quote genuine and evaluates its TCB, without the
   * caller's policy.
   */
  public TcbEvaluation verifyQuote(Quote quote, Instant at) throws EvidenceRejectedException {
    QuoteSignatureData sig = quote.signatureData();

    List<X509Certificate> pckPath =
        IntelPki.validate(IntelPki.parsePem(sig.pckChainPem()), intelRootCa, at);
    if (pckPath.size() != 2
        || !IntelPki.PCK_CA_NAMES.contains(IntelPki.commonName(pckPath.get(1)))) {
      throw new EvidenceRejectedException(
          RefusalReason.PCK_CHAIN_MALFORMED, "expected a PCK leaf under an Intel PCK CA");
    }
    X509Certificate leaf = pckPath.get(0);
    X509Certificate pckCa = pckPath.get(1);
    PckExtension pck = PckExtension.of(leaf);

    DcapCollateral c =
        collateral
            .find(quote.header().teeType(), pck.fmspc(), leaf.getIssuerX500Principal())
            .orElseThrow(
                () ->
                    new EvidenceRejectedException(
                        RefusalReason.COLLATERAL_UNAVAILABLE,
                        "no collateral for " + quote.header().teeType() + " FMSPC " + pck.fmspc()));

    try {
      IntelPki.checkNotRevoked(pckCa, intelRootCa, c.rootCaCrl(), at, "root CA CRL");
      IntelPki.checkNotRevoked(leaf, pckCa, c.pckCrl(), at, "PCK CRL");
    } catch (EvidenceRejectedException e) {
      throw refused(e, quote, pck, leaf);
    }

    SgxReportBody qe = sig.qeReport();
    if (!IntelPki.verifyRawEcdsa(
        leaf.getPublicKey(), sig.qeReportSignature(), qe.raw().toByteArray())) {
      throw new EvidenceRejectedException(
          RefusalReason.QE_REPORT_SIGNATURE_INVALID, "QE report signature does not verify");
    }
    Bytes binding =
        Bytes.sha256(sig.attestationKey().toByteArray(), sig.qeAuthData().toByteArray());
    if (!qe.reportData().slice(0, 32).constantTimeEquals(binding)
        || !qe.reportData().slice(32, 64).isAllZero()) {
      throw new EvidenceRejectedException(
          RefusalReason.ATTESTATION_KEY_NOT_BOUND,
          "QE report data is not SHA-256(attestation key || QE auth data)");
    }
    PublicKey attestationKey = IntelPki.p256Key(sig.attestationKey());
    if (!IntelPki.verifyRawEcdsa(
        attestationKey, sig.quoteSignature(), quote.signedPart().toByteArray())) {
      throw new EvidenceRejectedException(
          RefusalReason.QUOTE_SIGNATURE_INVALID, "quote signature does not verify");
    }

    TcbInfo tcbInfo;
    QeIdentity qeIdentity;
    try {
      verifySigned(c.tcbInfo(), c.rootCaCrl(), at, "TCB info");
      tcbInfo = CollateralJson.tcbInfo(c.tcbInfo().body());
      checkWindow(tcbInfo.issueDate(), tcbInfo.nextUpdate(), at, "TCB info");
      verifySigned(c.qeIdentity(), c.rootCaCrl(), at, "QE identity");
      qeIdentity = CollateralJson.qeIdentity(c.qeIdentity().body());
      checkWindow(qeIdentity.issueDate(), qeIdentity.nextUpdate(), at, "QE identity");
    } catch (EvidenceRejectedException e) {
      throw refused(e, quote, pck, leaf);
    }

    return TcbEvaluator.evaluate(quote, pck, tcbInfo, qeIdentity);
  }

  /** A collateral check failed: the source hears of it (a cache drops what it served). */
  private EvidenceRejectedException refused(
      EvidenceRejectedException e, Quote quote, PckExtension pck, X509Certificate leaf) {
    collateral.rejected(quote.header().teeType(), pck.fmspc(), leaf.getIssuerX500Principal());
    return e;
  }

  private void verifySigned(
      SignedCollateral signed, java.security.cert.X509CRL rootCrl, Instant at, String what)
      throws EvidenceRejectedException {
    List<X509Certificate> path;
    try {
      path = IntelPki.validate(signed.issuerChain(), intelRootCa, at);
    } catch (EvidenceRejectedException e) {
      if (e.reason() == RefusalReason.CERTIFICATE_CHAIN_INVALID) {
        throw new EvidenceRejectedException(
            RefusalReason.CERTIFICATE_CHAIN_INVALID, what + " issuer chain: " + e.getMessage(), e);
      }
      throw e;
    }
    // Only Intel's TCB signing certificate, directly under the root, may sign collateral: a PCK
    // leaf also chains to the root, and a compromised platform must not sign its own TCB info.
    if (path.size() != 1 || !IntelPki.TCB_SIGNER_NAME.equals(IntelPki.commonName(path.get(0)))) {
      throw new EvidenceRejectedException(
          RefusalReason.CERTIFICATE_CHAIN_INVALID,
          what + " is not signed by the Intel SGX TCB Signing certificate");
    }
    IntelPki.checkNotRevoked(path.get(0), intelRootCa, rootCrl, at, "root CA CRL");
    if (!IntelPki.verifyRawEcdsa(
        path.get(0).getPublicKey(), signed.signature(), signed.body().toByteArray())) {
      throw new EvidenceRejectedException(
          RefusalReason.COLLATERAL_SIGNATURE_INVALID, what + " signature does not verify");
    }
  }

  private static void checkWindow(Instant issued, Instant nextUpdate, Instant at, String what)
      throws EvidenceRejectedException {
    if (at.isBefore(issued)) {
      throw new EvidenceRejectedException(
          RefusalReason.COLLATERAL_NOT_YET_VALID, what + " issued " + issued + ", after " + at);
    }
    if (at.isAfter(nextUpdate)) {
      throw new EvidenceRejectedException(
          RefusalReason.COLLATERAL_EXPIRED, what + " nextUpdate " + nextUpdate + ", before " + at);
    }
  }

  private static List<Measurement> measurements(ReportBody body) {
    if (body instanceof SgxReportBody sgx) {
      return List.of(
          new Measurement(MeasurementKind.MRENCLAVE, sgx.mrEnclave()),
          new Measurement(MeasurementKind.MRSIGNER, sgx.mrSigner()));
    }
    TdReportBody td = (TdReportBody) body;
    return List.of(new Measurement(MeasurementKind.MRTD, td.mrTd()));
  }
}
