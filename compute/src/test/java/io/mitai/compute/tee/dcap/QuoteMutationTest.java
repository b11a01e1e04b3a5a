package io.mitai.compute.tee.dcap;

import static io.mitai.compute.tee.dcap.GenuineQuotesTest.assertRefused;
import static io.mitai.compute.tee.dcap.GenuineQuotesTest.expectationFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.compute.tee.dcap.DcapTestData.GenuineSet;
import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.Evidence;
import io.mitai.compute.tee.evidence.EvidenceFormat;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import io.mitai.compute.tee.evidence.Expectation;
import io.mitai.compute.tee.evidence.Measurement;
import io.mitai.compute.tee.evidence.MeasurementKind;
import io.mitai.compute.tee.evidence.Nonce;
import io.mitai.compute.tee.evidence.RefusalReason;
import io.mitai.compute.tee.evidence.ReportDataBinding;
import io.mitai.compute.tee.evidence.TeeAssurance;
import io.mitai.compute.tee.evidence.VerifiedEvidence;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509CRL;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Systematic mutations of genuine quotes (an SGX v3 and a TDX v4 quote) and their collateral: each
 * is refused with its own reason.
 */
class QuoteMutationTest {

  static List<GenuineSet> targets() {
    return List.of(DcapTestData.phalaSgx(), DcapTestData.phalaTdx());
  }

  /** Byte offsets of a quote's parts, derived from its parsed lengths. */
  record Layout(
      int body,
      int bodyEnd,
      int signature,
      int attestationKey,
      int qeReport,
      int qeSignature,
      int qeAuthData,
      int qeAuthDataLength,
      int pem) {
    static Layout of(GenuineSet set) throws EvidenceRejectedException {
      Quote q = QuoteParser.parse(set.quote());
      int body = q.header().version() == 5 ? 54 : 48;
      int bodyEnd = q.signedPart().length();
      int signature = bodyEnd + 4;
      int attKey = signature + 64;
      int qeReport = attKey + 64 + (q.header().version() == 3 ? 0 : 6);
      int qeSig = qeReport + 384;
      int auth = qeSig + 64 + 2;
      int pem =
          new String(set.quote().toByteArray(), StandardCharsets.ISO_8859_1)
              .indexOf("-----BEGIN CERTIFICATE-----");
      return new Layout(
          body,
          bodyEnd,
          signature,
          attKey,
          qeReport,
          qeSig,
          auth,
          q.signatureData().qeAuthData().length(),
          pem);
    }
  }

  static Bytes flip(Bytes b, int at) {
    byte[] x = b.toByteArray();
    x[at] ^= 0x01;
    return Bytes.of(x);
  }

  static VerifiedEvidence verifyQuote(GenuineSet set, Bytes quote)
      throws EvidenceRejectedException {
    return verifyWith(set, quote, set.collateral(), expectationFor(set));
  }

  static VerifiedEvidence verifyWith(
      GenuineSet set, Bytes quote, DcapCollateral collateral, Expectation expected)
      throws EvidenceRejectedException {
    return new DcapQuoteVerifier(DcapTestData.root(), CollateralSource.fixed(collateral))
        .verify(new Evidence(EvidenceFormat.INTEL_DCAP_QUOTE, quote), expected, set.inside());
  }

  @Nested
  class HeaderAndBody {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void a_flipped_bit_in_the_header_user_data_breaks_the_quote_signature(GenuineSet set) {
      assertRefused(
          () -> verifyQuote(set, flip(set.quote(), 30)), RefusalReason.QUOTE_SIGNATURE_INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void a_flipped_bit_in_the_measurement_breaks_the_quote_signature(GenuineSet set)
        throws Exception {
      // MRENCLAVE at body+64 (SGX), MRTD at body+136 (TDX).
      int at = Layout.of(set).body() + (set.quote().unsignedAt(4) == 0 ? 64 : 136);
      assertRefused(
          () -> verifyQuote(set, flip(set.quote(), at)), RefusalReason.QUOTE_SIGNATURE_INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void a_flipped_bit_in_the_report_data_breaks_the_quote_signature(GenuineSet set)
        throws Exception {
      int at = Layout.of(set).bodyEnd() - 1;
      assertRefused(
          () -> verifyQuote(set, flip(set.quote(), at)), RefusalReason.QUOTE_SIGNATURE_INVALID);
    }
  }

  @Nested
  class QuoteSignature {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void a_flipped_bit_in_r_is_refused(GenuineSet set) throws Exception {
      int at = Layout.of(set).signature() + 5;
      assertRefused(
          () -> verifyQuote(set, flip(set.quote(), at)), RefusalReason.QUOTE_SIGNATURE_INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void a_flipped_bit_in_s_is_refused(GenuineSet set) throws Exception {
      int at = Layout.of(set).signature() + 63;
      assertRefused(
          () -> verifyQuote(set, flip(set.quote(), at)), RefusalReason.QUOTE_SIGNATURE_INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void a_flipped_bit_in_the_attestation_key_unbinds_it_from_the_qe_report(GenuineSet set)
        throws Exception {
      int at = Layout.of(set).attestationKey() + 10;
      assertRefused(
          () -> verifyQuote(set, flip(set.quote(), at)), RefusalReason.ATTESTATION_KEY_NOT_BOUND);
    }
  }

  @Nested
  class QeReport {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void a_flipped_bit_in_the_qe_report_breaks_its_signature(GenuineSet set) throws Exception {
      int at = Layout.of(set).qeReport() + 128; // the QE's MRSIGNER
      assertRefused(
          () -> verifyQuote(set, flip(set.quote(), at)), RefusalReason.QE_REPORT_SIGNATURE_INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void a_flipped_bit_in_the_qe_report_data_breaks_its_signature(GenuineSet set) throws Exception {
      int at = Layout.of(set).qeReport() + 320;
      assertRefused(
          () -> verifyQuote(set, flip(set.quote(), at)), RefusalReason.QE_REPORT_SIGNATURE_INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void a_flipped_bit_in_the_qe_report_signature_is_refused(GenuineSet set) throws Exception {
      int at = Layout.of(set).qeSignature() + 40;
      assertRefused(
          () -> verifyQuote(set, flip(set.quote(), at)), RefusalReason.QE_REPORT_SIGNATURE_INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void a_flipped_bit_in_the_qe_auth_data_unbinds_the_attestation_key(GenuineSet set)
        throws Exception {
      Layout l = Layout.of(set);
      assertThat(l.qeAuthDataLength()).isPositive();
      assertRefused(
          () -> verifyQuote(set, flip(set.quote(), l.qeAuthData())),
          RefusalReason.ATTESTATION_KEY_NOT_BOUND);
    }
  }

  @Nested
  class PckChain {
    /**
     * The quote with a bit of the leaf's DER flipped at {@code derOffset}, PEM re-encoded in place.
     */
    static Bytes flipLeafDer(GenuineSet set, int derOffset) throws Exception {
      Layout l = Layout.of(set);
      String text = new String(set.quote().toByteArray(), StandardCharsets.ISO_8859_1);
      String begin = "-----BEGIN CERTIFICATE-----\n";
      int b64Start = l.pem() + begin.length();
      int b64End = text.indexOf("-----END CERTIFICATE-----", b64Start);
      String b64 = text.substring(b64Start, b64End);
      byte[] der = Base64.getMimeDecoder().decode(b64);
      der[derOffset] ^= 0x01;
      String again =
          Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
              + "\n";
      assertThat(again).hasSameSizeAs(b64);
      byte[] out = set.quote().toByteArray();
      System.arraycopy(again.getBytes(StandardCharsets.US_ASCII), 0, out, b64Start, again.length());
      return Bytes.of(out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void a_flipped_bit_in_the_leaf_serial_number_breaks_the_chain(GenuineSet set) throws Exception {
      // Certificate SEQUENCE(4) > TBS SEQUENCE(4) > [0] version(5) > INTEGER header(2): the serial
      // starts at byte 15.
      Bytes mutated = flipLeafDer(set, 16);
      assertRefused(() -> verifyQuote(set, mutated), RefusalReason.CERTIFICATE_CHAIN_INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void a_character_that_is_not_base64_makes_the_chain_malformed(GenuineSet set) throws Exception {
      int at = Layout.of(set).pem() + "-----BEGIN CERTIFICATE-----\n".length() + 100;
      byte[] x = set.quote().toByteArray();
      x[at] = '!';
      assertRefused(() -> verifyQuote(set, Bytes.of(x)), RefusalReason.PCK_CHAIN_MALFORMED);
    }
  }

  @Nested
  class Collateral {
    static DcapCollateral withTcbInfo(DcapCollateral c, SignedCollateral tcbInfo) {
      return new DcapCollateral(tcbInfo, c.qeIdentity(), c.rootCaCrl(), c.pckCrl());
    }

    static DcapCollateral withQeIdentity(DcapCollateral c, SignedCollateral qe) {
      return new DcapCollateral(c.tcbInfo(), qe, c.rootCaCrl(), c.pckCrl());
    }

    /** Flips the last bit of a digit inside the signed JSON, so the text stays well-formed. */
    static SignedCollateral flipDigit(SignedCollateral s) {
      String json = new String(s.body().toByteArray(), StandardCharsets.UTF_8);
      int at = json.indexOf("\"tcbLevels\"") + 30;
      while (!Character.isDigit(json.charAt(at))) {
        at++;
      }
      return new SignedCollateral(flip(s.body(), at), s.signature(), s.issuerChain());
    }

    static SignedCollateral flipSignature(SignedCollateral s) {
      return new SignedCollateral(s.body(), flip(s.signature(), 50), s.issuerChain());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void a_flipped_bit_in_the_tcb_info_json_breaks_its_signature(GenuineSet set) {
      DcapCollateral c = withTcbInfo(set.collateral(), flipDigit(set.collateral().tcbInfo()));
      assertRefused(
          () -> verifyWith(set, set.quote(), c, expectationFor(set)),
          RefusalReason.COLLATERAL_SIGNATURE_INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void a_flipped_bit_in_the_tcb_info_signature_is_refused(GenuineSet set) {
      DcapCollateral c = withTcbInfo(set.collateral(), flipSignature(set.collateral().tcbInfo()));
      assertRefused(
          () -> verifyWith(set, set.quote(), c, expectationFor(set)),
          RefusalReason.COLLATERAL_SIGNATURE_INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void a_flipped_bit_in_the_qe_identity_json_breaks_its_signature(GenuineSet set) {
      DcapCollateral c = withQeIdentity(set.collateral(), flipDigit(set.collateral().qeIdentity()));
      assertRefused(
          () -> verifyWith(set, set.quote(), c, expectationFor(set)),
          RefusalReason.COLLATERAL_SIGNATURE_INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void a_flipped_bit_in_the_qe_identity_signature_is_refused(GenuineSet set) {
      DcapCollateral c =
          withQeIdentity(set.collateral(), flipSignature(set.collateral().qeIdentity()));
      assertRefused(
          () -> verifyWith(set, set.quote(), c, expectationFor(set)),
          RefusalReason.COLLATERAL_SIGNATURE_INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void tcb_info_signed_by_a_pck_leaf_instead_of_the_tcb_signing_key_is_refused(GenuineSet set)
        throws Exception {
      // A PCK leaf chains to the same root; it must still not be accepted as a collateral signer.
      var pckChain =
          IntelPki.parsePem(QuoteParser.parse(set.quote()).signatureData().pckChainPem());
      SignedCollateral t = set.collateral().tcbInfo();
      DcapCollateral c =
          withTcbInfo(set.collateral(), new SignedCollateral(t.body(), t.signature(), pckChain));
      assertRefused(
          () -> verifyWith(set, set.quote(), c, expectationFor(set)),
          RefusalReason.CERTIFICATE_CHAIN_INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void a_flipped_bit_in_the_root_ca_crl_signature_is_refused(GenuineSet set) throws Exception {
      X509CRL crl = set.collateral().rootCaCrl();
      Bytes der = Bytes.of(crl.getEncoded());
      X509CRL mutated = DcapTestData.crl(flip(der, der.length() - 1).toByteArray());
      DcapCollateral c =
          new DcapCollateral(
              set.collateral().tcbInfo(),
              set.collateral().qeIdentity(),
              mutated,
              set.collateral().pckCrl());
      assertRefused(
          () -> verifyWith(set, set.quote(), c, expectationFor(set)), RefusalReason.CRL_INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void a_pck_crl_from_another_ca_is_refused_as_a_mismatch(GenuineSet set) {
      DcapCollateral c =
          new DcapCollateral(
              set.collateral().tcbInfo(), set.collateral().qeIdentity(),
              set.collateral().rootCaCrl(), set.collateral().rootCaCrl());
      assertRefused(
          () -> verifyWith(set, set.quote(), c, expectationFor(set)),
          RefusalReason.COLLATERAL_MISMATCH);
    }

    @Test
    void tcb_info_of_another_tee_type_is_refused_as_a_mismatch() throws Exception {
      GenuineSet sgx = DcapTestData.phalaSgx();
      GenuineSet tdx = DcapTestData.phalaTdx();
      // Both Phala sets are valid on 2025-07-01; swap in the TDX TCB info and TD_QE identity.
      DcapCollateral c =
          new DcapCollateral(
              tdx.collateral().tcbInfo(), sgx.collateral().qeIdentity(),
              sgx.collateral().rootCaCrl(), sgx.collateral().pckCrl());
      assertRefused(
          () ->
              new DcapQuoteVerifier(DcapTestData.root(), CollateralSource.fixed(c))
                  .verify(
                      new Evidence(EvidenceFormat.INTEL_DCAP_QUOTE, sgx.quote()),
                      expectationFor(sgx),
                      java.time.Instant.parse("2025-07-01T00:00:00Z")),
          RefusalReason.COLLATERAL_MISMATCH);
    }

    @Test
    void a_platform_without_collateral_is_refused_as_unavailable() {
      GenuineSet set = DcapTestData.phalaSgx();
      assertRefused(
          () ->
              new DcapQuoteVerifier(DcapTestData.root(), (tee, fmspc, issuer) -> Optional.empty())
                  .verify(
                      new Evidence(EvidenceFormat.INTEL_DCAP_QUOTE, set.quote()),
                      expectationFor(set),
                      set.inside()),
          RefusalReason.COLLATERAL_UNAVAILABLE);
    }
  }

  @Nested
  class Binding {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void report_data_for_another_nonce_and_key_is_refused(GenuineSet set) {
      Nonce other = new Nonce(Bytes.of(new byte[32]));
      Expectation e =
          expectationFor(set)
              .withReportData(ReportDataBinding.of(other, Bytes.of(new byte[] {1, 2, 3})));
      assertRefused(
          () -> verifyWith(set, set.quote(), set.collateral(), e),
          RefusalReason.REPORT_DATA_MISMATCH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void report_data_one_bit_off_is_refused(GenuineSet set) {
      Expectation e = expectationFor(set).withReportData(flip(set.reportData(), 63));
      assertRefused(
          () -> verifyWith(set, set.quote(), set.collateral(), e),
          RefusalReason.REPORT_DATA_MISMATCH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void a_measurement_one_bit_off_is_refused(GenuineSet set) {
      Measurement m = set.measurements().get(0);
      Expectation e =
          expectationFor(set).allowing(Set.of(new Measurement(m.kind(), flip(m.value(), 0))));
      assertRefused(
          () -> verifyWith(set, set.quote(), set.collateral(), e),
          RefusalReason.MEASUREMENT_NOT_ALLOWED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void a_grant_that_only_names_another_kind_of_measurement_is_refused(GenuineSet set) {
      Expectation e =
          expectationFor(set)
              .allowing(
                  Set.of(new Measurement(MeasurementKind.CODE_SHA256, Bytes.of(new byte[32]))));
      assertRefused(
          () -> verifyWith(set, set.quote(), set.collateral(), e),
          RefusalReason.MEASUREMENT_NOT_ALLOWED);
    }

    @Test
    void a_grant_pinning_mrenclave_and_mrsigner_needs_both_to_match() {
      GenuineSet set = DcapTestData.phalaSgx();
      Measurement mrEnclave = set.measurements().get(0);
      Measurement wrongSigner =
          new Measurement(MeasurementKind.MRSIGNER, flip(set.measurements().get(1).value(), 0));
      Expectation e = expectationFor(set).allowing(Set.of(mrEnclave, wrongSigner));
      assertRefused(
          () -> verifyWith(set, set.quote(), set.collateral(), e),
          RefusalReason.MEASUREMENT_NOT_ALLOWED);
    }

    @Test
    void a_grant_naming_only_mrsigner_accepts_any_enclave_of_that_signer() throws Exception {
      GenuineSet set = DcapTestData.phalaSgx();
      Expectation e = expectationFor(set).allowing(Set.of(set.measurements().get(1)));
      assertThat(verifyWith(set, set.quote(), set.collateral(), e).assurance())
          .isEqualTo(TeeAssurance.TEE_HARDWARE);
    }

    @Test
    void hardware_evidence_meets_a_simulated_minimum() throws Exception {
      GenuineSet set = DcapTestData.phalaTdx();
      Expectation e = expectationFor(set).withMinimum(TeeAssurance.TEE_SIMULATED);
      assertThat(verifyWith(set, set.quote(), set.collateral(), e).assurance())
          .isEqualTo(TeeAssurance.TEE_HARDWARE);
    }

    @Test
    void simulated_evidence_handed_to_the_dcap_verifier_is_refused() {
      GenuineSet set = DcapTestData.phalaSgx();
      assertRefused(
          () ->
              new DcapQuoteVerifier(DcapTestData.root(), CollateralSource.fixed(set.collateral()))
                  .verify(
                      new Evidence(EvidenceFormat.MITAI_SIMULATED_V1, set.quote()),
                      expectationFor(set),
                      set.inside()),
          RefusalReason.UNSUPPORTED_FORMAT);
    }
  }

  @Nested
  class Structure {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void a_trailing_byte_is_refused_as_malformed(GenuineSet set) {
      byte[] q = set.quote().toByteArray();
      byte[] x = java.util.Arrays.copyOf(q, q.length + 1);
      assertRefused(() -> verifyQuote(set, Bytes.of(x)), RefusalReason.MALFORMED_EVIDENCE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void a_truncated_quote_is_refused_as_malformed(GenuineSet set) {
      Bytes x = set.quote().slice(0, set.quote().length() - 1);
      assertRefused(() -> verifyQuote(set, x), RefusalReason.MALFORMED_EVIDENCE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void a_signature_data_length_one_too_long_is_refused_as_malformed(GenuineSet set)
        throws Exception {
      int at = Layout.of(set).bodyEnd();
      byte[] x = set.quote().toByteArray();
      x[at] += 1;
      assertRefused(() -> verifyQuote(set, Bytes.of(x)), RefusalReason.MALFORMED_EVIDENCE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void an_unknown_version_is_unsupported(GenuineSet set) {
      byte[] x = set.quote().toByteArray();
      x[0] = 9;
      assertRefused(() -> verifyQuote(set, Bytes.of(x)), RefusalReason.UNSUPPORTED_QUOTE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void another_attestation_key_type_is_unsupported(GenuineSet set) {
      assertRefused(() -> verifyQuote(set, flip(set.quote(), 2)), RefusalReason.UNSUPPORTED_QUOTE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.QuoteMutationTest#targets")
    void another_qe_vendor_is_unsupported(GenuineSet set) {
      assertRefused(() -> verifyQuote(set, flip(set.quote(), 12)), RefusalReason.UNSUPPORTED_QUOTE);
    }
  }
}
