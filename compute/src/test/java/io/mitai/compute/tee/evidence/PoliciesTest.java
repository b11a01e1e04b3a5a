package io.mitai.compute.tee.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The policy checks shared by every verifier, on hand-made results. */
class PoliciesTest {
  static final Measurement MRENCLAVE =
      new Measurement(MeasurementKind.MRENCLAVE, Bytes.of(new byte[32]));
  static final Bytes REPORT_DATA = Bytes.of(new byte[64]);

  static VerifiedEvidence hardware(boolean debug, TcbStatus status) {
    return new VerifiedEvidence(
        TeePlatform.INTEL_SGX,
        TeeAssurance.TEE_HARDWARE,
        Bytes.of(new byte[32]),
        List.of(MRENCLAVE),
        status,
        List.of(),
        debug,
        REPORT_DATA,
        Instant.EPOCH);
  }

  static Expectation expectation() {
    return new Expectation(
        REPORT_DATA,
        Set.of(MRENCLAVE),
        TeeAssurance.TEE_HARDWARE,
        EnumSet.of(TcbStatus.UP_TO_DATE),
        DebugPolicy.REFUSE_DEBUG);
  }

  static RefusalReason reasonOf(VerifiedEvidence v, Expectation e) {
    try {
      Policies.enforce(v, e);
      throw new AssertionError("accepted");
    } catch (EvidenceRejectedException x) {
      return x.reason();
    }
  }

  @Nested
  class DebugMode {
    @Test
    void a_debug_enclave_is_refused_by_default() {
      assertThat(reasonOf(hardware(true, TcbStatus.UP_TO_DATE), expectation()))
          .isEqualTo(RefusalReason.DEBUG_MODE_NOT_ALLOWED);
    }

    @Test
    void a_debug_enclave_passes_only_when_explicitly_allowed_and_stays_labelled() throws Exception {
      VerifiedEvidence v =
          Policies.enforce(
              hardware(true, TcbStatus.UP_TO_DATE),
              expectation().withDebugPolicy(DebugPolicy.ALLOW_DEBUG));
      assertThat(v.debug()).isTrue();
    }
  }

  @Nested
  class Construction {
    @Test
    void an_expectation_cannot_accept_a_revoked_tcb() {
      assertThatThrownBy(() -> expectation().acceptingTcb(EnumSet.of(TcbStatus.REVOKED)))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_expectation_must_allow_some_measurement() {
      assertThatThrownBy(() -> expectation().allowing(Set.of()))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_verified_result_cannot_carry_a_revoked_tcb() {
      assertThatThrownBy(() -> hardware(false, TcbStatus.REVOKED))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reason_codes_are_unique() {
      assertThat(
              java.util.Arrays.stream(RefusalReason.values()).map(RefusalReason::code).distinct())
          .hasSize(RefusalReason.values().length);
    }
  }
}
