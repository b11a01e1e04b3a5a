package io.mitai.compute.tee.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.compute.tee.dcap.DcapTestData.GenuineSet;
import io.mitai.compute.tee.evidence.DebugPolicy;
import io.mitai.compute.tee.evidence.Evidence;
import io.mitai.compute.tee.evidence.EvidenceFormat;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import io.mitai.compute.tee.evidence.Expectation;
import io.mitai.compute.tee.evidence.RefusalReason;
import io.mitai.compute.tee.evidence.TcbStatus;
import io.mitai.compute.tee.evidence.TeeAssurance;
import io.mitai.compute.tee.evidence.VerifiedEvidence;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every genuine Intel quote of the testdata, inside and outside its documented window. */
class GenuineQuotesTest {

  /** Every status that is not refused outright; the genuine quotes' own statuses are asserted. */
  static final Set<TcbStatus> ANY_VALID_STATUS =
      EnumSet.complementOf(EnumSet.of(TcbStatus.REVOKED, TcbStatus.NOT_APPLICABLE_SIMULATED));

  static List<GenuineSet> verifiable() {
    return DcapTestData.verifiable();
  }

  static List<GenuineSet> all() {
    return List.of(
        DcapTestData.phalaSgx(),
        DcapTestData.automataSgx(),
        DcapTestData.fortanixSgx(),
        DcapTestData.phalaTdx(),
        DcapTestData.phalaTdxV5(),
        DcapTestData.goTdx(),
        DcapTestData.automataTdx());
  }

  static List<GenuineSet> belowEveryTcbLevel() {
    return List.of(DcapTestData.goTdx(), DcapTestData.phalaTdxV5());
  }

  static Expectation expectationFor(GenuineSet set) {
    return new Expectation(
        set.reportData(),
        Set.copyOf(set.measurements()),
        TeeAssurance.TEE_HARDWARE,
        ANY_VALID_STATUS,
        DebugPolicy.REFUSE_DEBUG);
  }

  static VerifiedEvidence verify(GenuineSet set, Expectation expected, Instant at)
      throws EvidenceRejectedException {
    return new DcapQuoteVerifier(DcapTestData.root(), CollateralSource.fixed(set.collateral()))
        .verify(new Evidence(EvidenceFormat.INTEL_DCAP_QUOTE, set.quote()), expected, at);
  }

  @Nested
  class InsideTheWindow {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.GenuineQuotesTest#verifiable")
    void verifies_as_hardware_with_its_measurements_and_the_collateral_s_tcb_status(GenuineSet set)
        throws Exception {
      VerifiedEvidence v = verify(set, expectationFor(set), set.inside());

      assertThat(v.assurance()).isEqualTo(TeeAssurance.TEE_HARDWARE);
      assertThat(v.platform()).isEqualTo(set.platform());
      assertThat(v.measurements()).containsExactlyElementsOf(set.measurements());
      assertThat(v.reportData()).isEqualTo(set.reportData());
      assertThat(v.tcbStatus()).isEqualTo(set.outcome().orElseThrow());
      assertThat(v.advisoryIds()).containsAll(set.advisories());
      assertThat(v.debug()).isFalse();
      assertThat(v.evaluatedAt()).isEqualTo(set.inside());
      assertThat(v.evidenceSha256())
          .isEqualTo(new Evidence(EvidenceFormat.INTEL_DCAP_QUOTE, set.quote()).sha256());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.GenuineQuotesTest#verifiable")
    void verifies_at_both_edges_of_the_window(GenuineSet set) throws Exception {
      assertThat(verify(set, expectationFor(set), set.validFrom()).tcbStatus())
          .isEqualTo(set.outcome().orElseThrow());
      assertThat(verify(set, expectationFor(set), set.validUntil()).tcbStatus())
          .isEqualTo(set.outcome().orElseThrow());
    }

    @Test
    void the_phala_sgx_quote_is_configuration_and_sw_hardening_needed_with_its_two_advisories()
        throws Exception {
      GenuineSet set = DcapTestData.phalaSgx();
      VerifiedEvidence v = verify(set, expectationFor(set), set.inside());
      assertThat(v.tcbStatus()).isEqualTo(TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED);
      assertThat(v.advisoryIds()).containsExactly("INTEL-SA-00289", "INTEL-SA-00615");
    }

    @Test
    void a_strict_expectation_refuses_a_tcb_that_is_not_up_to_date() {
      GenuineSet set = DcapTestData.phalaSgx();
      Expectation strict = expectationFor(set).acceptingTcb(EnumSet.of(TcbStatus.UP_TO_DATE));
      assertRefused(() -> verify(set, strict, set.inside()), RefusalReason.TCB_STATUS_NOT_ACCEPTED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.GenuineQuotesTest#belowEveryTcbLevel")
    void a_tdx_platform_below_every_tcb_level_is_refused_as_tcb_level_not_found(GenuineSet set) {
      // go-tdx-guest: TEE_TCB_SVN 03 00 04, module major 0, so all 16 bytes are graded and byte 2
      // (4) is below every level's tdxtcbcomponents[2] (5). Phala v5 "outdated": the PCK's SGX
      // component 8 (SEAMLDR ACM, 3) is below every level's (5). Intel's library reports "TCB not
      // supported" for both.
      assertRefused(
          () -> verify(set, expectationFor(set), set.inside()), RefusalReason.TCB_LEVEL_NOT_FOUND);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.GenuineQuotesTest#belowEveryTcbLevel")
    void such_a_quote_is_otherwise_genuine_up_to_the_tcb_evaluation(GenuineSet set)
        throws Exception {
      Quote quote = QuoteParser.parse(set.quote());
      DcapQuoteVerifier verifier =
          new DcapQuoteVerifier(DcapTestData.root(), CollateralSource.fixed(set.collateral()));
      // The refusal comes from the last step: chains, CRLs, signatures and windows all passed.
      assertThatThrownBy(() -> verifier.verifyQuote(quote, set.inside()))
          .isInstanceOf(EvidenceRejectedException.class)
          .hasMessageContaining("meets no TCB level");
    }

    @Test
    void the_fortanix_2020_quote_cannot_be_verified_without_a_2020_root_ca_crl() {
      // The testdata has no root CA CRL current in 2020; revocation of the PCK CA cannot be
      // checked, so the verifier refuses rather than skip the check.
      GenuineSet set = DcapTestData.fortanixSgx();
      assertThatThrownBy(
              () ->
                  verify(
                      set,
                      expectationFor(set).withDebugPolicy(DebugPolicy.ALLOW_DEBUG),
                      set.inside()))
          .isInstanceOf(EvidenceRejectedException.class)
          .hasMessageContaining("root CA CRL")
          .extracting(e -> ((EvidenceRejectedException) e).reason())
          .isEqualTo(RefusalReason.COLLATERAL_NOT_YET_VALID);
    }

    @Test
    void the_fortanix_quote_is_a_debug_enclave_and_its_signatures_are_genuine() throws Exception {
      GenuineSet set = DcapTestData.fortanixSgx();
      Quote quote = QuoteParser.parse(set.quote());
      assertThat(quote.body().debug()).isTrue();
      QuoteSignatureData sig = quote.signatureData();
      var leaf = IntelPki.parsePem(sig.pckChainPem()).get(0);
      assertThat(
              IntelPki.verifyRawEcdsa(
                  leaf.getPublicKey(), sig.qeReportSignature(), sig.qeReport().raw().toByteArray()))
          .isTrue();
      assertThat(
              IntelPki.verifyRawEcdsa(
                  IntelPki.p256Key(sig.attestationKey()),
                  sig.quoteSignature(),
                  quote.signedPart().toByteArray()))
          .isTrue();
      assertThat(
              IntelPki.validate(
                  IntelPki.parsePem(sig.pckChainPem()), DcapTestData.root(), set.inside()))
          .hasSize(2);
    }
  }

  @Nested
  class OutsideTheWindow {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.GenuineQuotesTest#all")
    void is_refused_one_second_before_the_window_as_collateral_not_yet_valid(GenuineSet set) {
      assertRefused(
          () ->
              verify(
                  set,
                  expectationFor(set).withDebugPolicy(DebugPolicy.ALLOW_DEBUG),
                  set.validFrom().minusSeconds(1)),
          RefusalReason.COLLATERAL_NOT_YET_VALID);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mitai.compute.tee.dcap.GenuineQuotesTest#verifiable")
    void is_refused_one_second_after_the_window_as_collateral_expired(GenuineSet set) {
      assertRefused(
          () -> verify(set, expectationFor(set), set.validUntil().plusSeconds(1)),
          RefusalReason.COLLATERAL_EXPIRED);
    }

    @Test
    void is_refused_years_later_when_the_pck_leaf_itself_has_expired() {
      GenuineSet set = DcapTestData.phalaSgx();
      assertRefused(
          () -> verify(set, expectationFor(set), Instant.parse("2031-01-01T00:00:00Z")),
          RefusalReason.CERTIFICATE_EXPIRED);
    }

    @Test
    void is_refused_before_the_pck_leaf_was_issued() {
      GenuineSet set = DcapTestData.phalaSgx();
      assertRefused(
          () -> verify(set, expectationFor(set), Instant.parse("2023-01-01T00:00:00Z")),
          RefusalReason.CERTIFICATE_NOT_YET_VALID);
    }
  }

  static void assertRefused(ThrowingVerification call, RefusalReason reason) {
    assertThatThrownBy(call::run)
        .isInstanceOf(EvidenceRejectedException.class)
        .extracting(e -> ((EvidenceRejectedException) e).reason())
        .isEqualTo(reason);
  }

  @FunctionalInterface
  interface ThrowingVerification {
    Object run() throws Exception;
  }
}
