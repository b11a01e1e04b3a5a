package io.mitai.compute.tee.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.Evidence;
import io.mitai.compute.tee.evidence.EvidenceFormat;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import io.mitai.compute.tee.evidence.EvidenceVerifier;
import io.mitai.compute.tee.evidence.EvidenceVerifiers;
import io.mitai.compute.tee.evidence.Expectation;
import io.mitai.compute.tee.evidence.Measurement;
import io.mitai.compute.tee.evidence.MeasurementKind;
import io.mitai.compute.tee.evidence.Nonce;
import io.mitai.compute.tee.evidence.RefusalReason;
import io.mitai.compute.tee.evidence.ReportDataBinding;
import io.mitai.compute.tee.evidence.TcbStatus;
import io.mitai.compute.tee.evidence.TeeAssurance;
import io.mitai.compute.tee.evidence.TeePlatform;
import io.mitai.compute.tee.evidence.VerifiedEvidence;
import io.mitai.testsupport.TestCertificates;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The simulated attester and verifier: useful end to end, and never hardware. */
class SimulatedAttestationTest {
  static final SecureRandom RANDOM = new SecureRandom();
  static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
  static final SimulatedPlatformKey PLATFORM = SimulatedPlatformKey.generate(RANDOM);
  static final Measurement CODE =
      new Measurement(MeasurementKind.CODE_SHA256, Bytes.sha256(new byte[] {'j', 'o', 'i', 'n'}));
  static final KeyPair WORKER = TestCertificates.p256();

  final Nonce nonce = Nonce.random(RANDOM);
  final SimulatedEvidenceVerifier verifier = new SimulatedEvidenceVerifier(PLATFORM.publicKey());

  Evidence attest() {
    return new SimulatedAttester(PLATFORM, CODE).attest(nonce, WORKER.getPublic());
  }

  Expectation expectation() {
    return Expectation.bindingTo(
        nonce, WORKER.getPublic(), Set.of(CODE), TeeAssurance.TEE_SIMULATED);
  }

  static void assertRefused(Evidence e, EvidenceVerifier v, Expectation x, RefusalReason reason) {
    assertThatThrownBy(() -> v.verify(e, x, NOW))
        .isInstanceOf(EvidenceRejectedException.class)
        .extracting(t -> ((EvidenceRejectedException) t).reason())
        .isEqualTo(reason);
  }

  static Evidence flip(Evidence e, int at) {
    byte[] b = e.payload().toByteArray();
    b[at] ^= 0x01;
    return new Evidence(e.format(), Bytes.of(b));
  }

  @Nested
  class Valid {
    @Test
    void verifies_as_simulated_with_the_claimed_measurement_and_the_binding() throws Exception {
      Evidence evidence = attest();
      VerifiedEvidence v = verifier.verify(evidence, expectation(), NOW);

      assertThat(v.platform()).isEqualTo(TeePlatform.SIMULATED);
      assertThat(v.assurance()).isEqualTo(TeeAssurance.TEE_SIMULATED);
      assertThat(v.tcbStatus()).isEqualTo(TcbStatus.NOT_APPLICABLE_SIMULATED);
      assertThat(v.measurements()).containsExactly(CODE);
      assertThat(v.reportData()).isEqualTo(ReportDataBinding.of(nonce, WORKER.getPublic()));
      assertThat(v.evidenceSha256()).isEqualTo(evidence.sha256());
      assertThat(v.evaluatedAt()).isEqualTo(NOW);
      assertThat(v.debug()).isFalse();
    }

    @Test
    void the_evidence_carries_its_simulated_label_in_clear() {
      String text =
          new String(attest().payload().toByteArray(), java.nio.charset.StandardCharsets.US_ASCII);
      assertThat(text).startsWith("MITAI SIMULATED TEE - NOT HW v1");
    }

    @Test
    void the_router_sends_simulated_evidence_to_the_simulated_verifier() throws Exception {
      EvidenceVerifier router =
          new EvidenceVerifiers(Map.of(EvidenceFormat.MITAI_SIMULATED_V1, verifier));
      assertThat(router.verify(attest(), expectation(), NOW).assurance())
          .isEqualTo(TeeAssurance.TEE_SIMULATED);
    }
  }

  @Nested
  class WrongPlatformKey {
    @Test
    void evidence_from_another_simulated_platform_is_refused() {
      Evidence other =
          new SimulatedAttester(SimulatedPlatformKey.generate(RANDOM), CODE)
              .attest(nonce, WORKER.getPublic());
      assertRefused(other, verifier, expectation(), RefusalReason.SIMULATED_KEY_NOT_TRUSTED);
    }

    @Test
    void a_verifier_configured_with_another_key_refuses_our_evidence() {
      var otherVerifier =
          new SimulatedEvidenceVerifier(SimulatedPlatformKey.generate(RANDOM).publicKey());
      assertRefused(
          attest(), otherVerifier, expectation(), RefusalReason.SIMULATED_KEY_NOT_TRUSTED);
    }

    @Test
    void a_node_without_a_simulated_key_refuses_simulated_evidence_as_unsupported() {
      EvidenceVerifier hardwareOnly = new EvidenceVerifiers(Map.of());
      assertRefused(attest(), hardwareOnly, expectation(), RefusalReason.UNSUPPORTED_FORMAT);
    }
  }

  @Nested
  class Tampered {
    @Test
    void a_flipped_bit_in_the_measurement_breaks_the_signature() {
      assertRefused(
          flip(attest(), 32), verifier, expectation(), RefusalReason.SIMULATED_SIGNATURE_INVALID);
    }

    @Test
    void a_flipped_bit_in_the_report_data_breaks_the_signature() {
      assertRefused(
          flip(attest(), 64 + 10),
          verifier,
          expectation(),
          RefusalReason.SIMULATED_SIGNATURE_INVALID);
    }

    @Test
    void a_flipped_bit_in_the_signature_is_refused() {
      Evidence e = attest();
      assertRefused(
          flip(e, e.payload().length() - 3),
          verifier,
          expectation(),
          RefusalReason.SIMULATED_SIGNATURE_INVALID);
    }

    @Test
    void a_flipped_bit_in_the_label_makes_it_malformed() {
      assertRefused(flip(attest(), 0), verifier, expectation(), RefusalReason.MALFORMED_EVIDENCE);
    }

    @Test
    void trailing_and_missing_bytes_make_it_malformed() {
      byte[] p = attest().payload().toByteArray();
      Evidence longer =
          new Evidence(
              EvidenceFormat.MITAI_SIMULATED_V1,
              Bytes.of(java.util.Arrays.copyOf(p, p.length + 1)));
      Evidence shorter =
          new Evidence(EvidenceFormat.MITAI_SIMULATED_V1, Bytes.of(p, 0, p.length - 1));
      assertRefused(longer, verifier, expectation(), RefusalReason.MALFORMED_EVIDENCE);
      assertRefused(shorter, verifier, expectation(), RefusalReason.MALFORMED_EVIDENCE);
    }
  }

  @Nested
  class WrongNonce {
    @Test
    void evidence_for_another_nonce_is_refused() {
      Evidence stale =
          new SimulatedAttester(PLATFORM, CODE).attest(Nonce.random(RANDOM), WORKER.getPublic());
      assertRefused(stale, verifier, expectation(), RefusalReason.REPORT_DATA_MISMATCH);
    }

    @Test
    void evidence_for_another_worker_key_is_refused() {
      Evidence other =
          new SimulatedAttester(PLATFORM, CODE).attest(nonce, TestCertificates.p256().getPublic());
      assertRefused(other, verifier, expectation(), RefusalReason.REPORT_DATA_MISMATCH);
    }
  }

  @Nested
  class WrongMeasurement {
    @Test
    void code_the_grant_does_not_allow_is_refused() {
      Measurement other =
          new Measurement(MeasurementKind.CODE_SHA256, Bytes.sha256(new byte[] {'x'}));
      Expectation e = expectation().allowing(Set.of(other));
      assertRefused(attest(), verifier, e, RefusalReason.MEASUREMENT_NOT_ALLOWED);
    }

    @Test
    void a_grant_naming_only_hardware_measurements_refuses_simulated_code() {
      Expectation e =
          expectation().allowing(Set.of(new Measurement(MeasurementKind.MRENCLAVE, CODE.value())));
      assertRefused(attest(), verifier, e, RefusalReason.MEASUREMENT_NOT_ALLOWED);
    }
  }

  @Nested
  class NeverHardware {
    @Test
    void a_grant_demanding_hardware_refuses_valid_simulated_evidence() {
      Expectation e = expectation().withMinimum(TeeAssurance.TEE_HARDWARE);
      assertRefused(attest(), verifier, e, RefusalReason.ASSURANCE_BELOW_MINIMUM);
    }

    @Test
    void a_verified_result_cannot_pair_the_simulated_platform_with_hardware_assurance() {
      assertThatThrownBy(
              () ->
                  new VerifiedEvidence(
                      TeePlatform.SIMULATED,
                      TeeAssurance.TEE_HARDWARE,
                      Bytes.of(new byte[32]),
                      List.of(CODE),
                      TcbStatus.NOT_APPLICABLE_SIMULATED,
                      List.of(),
                      false,
                      Bytes.of(new byte[64]),
                      NOW))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_verified_result_cannot_give_the_simulated_platform_a_hardware_tcb_status() {
      assertThatThrownBy(
              () ->
                  new VerifiedEvidence(
                      TeePlatform.SIMULATED,
                      TeeAssurance.TEE_SIMULATED,
                      Bytes.of(new byte[32]),
                      List.of(CODE),
                      TcbStatus.UP_TO_DATE,
                      List.of(),
                      false,
                      Bytes.of(new byte[64]),
                      NOW))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_simulated_attester_speaks_only_for_the_simulated_platform() {
      assertThat(new SimulatedAttester(PLATFORM, CODE).platform()).isEqualTo(TeePlatform.SIMULATED);
      assertThat(TeePlatform.SIMULATED.assurance()).isEqualTo(TeeAssurance.TEE_SIMULATED);
      assertThat(PLATFORM.toString()).contains("SIMULATED - not a TEE");
    }

    @Test
    void the_simulated_attester_cannot_claim_a_hardware_measurement() {
      assertThatThrownBy(
              () ->
                  new SimulatedAttester(
                      PLATFORM, new Measurement(MeasurementKind.MRENCLAVE, CODE.value())))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
