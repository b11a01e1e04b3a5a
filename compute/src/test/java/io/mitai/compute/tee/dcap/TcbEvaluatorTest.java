package io.mitai.compute.tee.dcap;

import static io.mitai.compute.tee.evidence.TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED;
import static io.mitai.compute.tee.evidence.TcbStatus.CONFIGURATION_NEEDED;
import static io.mitai.compute.tee.evidence.TcbStatus.OUT_OF_DATE;
import static io.mitai.compute.tee.evidence.TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED;
import static io.mitai.compute.tee.evidence.TcbStatus.REVOKED;
import static io.mitai.compute.tee.evidence.TcbStatus.SW_HARDENING_NEEDED;
import static io.mitai.compute.tee.evidence.TcbStatus.UP_TO_DATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.compute.tee.evidence.TcbStatus;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TcbEvaluatorTest {
  static Stream<Arguments> convergence() {
    return Stream.of(
        Arguments.of(UP_TO_DATE, UP_TO_DATE, UP_TO_DATE),
        Arguments.of(SW_HARDENING_NEEDED, UP_TO_DATE, SW_HARDENING_NEEDED),
        Arguments.of(UP_TO_DATE, OUT_OF_DATE, OUT_OF_DATE),
        Arguments.of(SW_HARDENING_NEEDED, OUT_OF_DATE, OUT_OF_DATE),
        Arguments.of(CONFIGURATION_NEEDED, OUT_OF_DATE, OUT_OF_DATE_CONFIGURATION_NEEDED),
        Arguments.of(
            CONFIGURATION_AND_SW_HARDENING_NEEDED, OUT_OF_DATE, OUT_OF_DATE_CONFIGURATION_NEEDED),
        Arguments.of(OUT_OF_DATE, OUT_OF_DATE, OUT_OF_DATE),
        Arguments.of(UP_TO_DATE, REVOKED, REVOKED),
        Arguments.of(REVOKED, UP_TO_DATE, REVOKED));
  }

  @ParameterizedTest(name = "platform {0} with QE/module {1} is {2}")
  @MethodSource("convergence")
  void converges_platform_and_qe_or_module_status_as_intel_does(
      TcbStatus platform, TcbStatus other, TcbStatus combined) {
    assertThat(TcbEvaluator.converge(platform, other)).isEqualTo(combined);
  }
}
