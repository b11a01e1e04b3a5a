package io.mitai.chaincode.rules;

import static io.mitai.contract.model.Assurance.MPC_SEMI_HONEST;
import static io.mitai.contract.model.Assurance.TEE_HARDWARE;
import static io.mitai.contract.model.Assurance.TEE_SIMULATED;
import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.contract.model.Assurance;
import io.mitai.contract.model.Operation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The assurance table and operation/assurance consistency, exhaustively. */
class AssuranceTableTest {

  @Nested
  class Satisfies {

    @ParameterizedTest(name = "{0} satisfies minimum {1}: {2}")
    @CsvSource({
      "MPC_SEMI_HONEST, MPC_SEMI_HONEST, true",
      "TEE_SIMULATED,   MPC_SEMI_HONEST, false",
      "TEE_HARDWARE,    MPC_SEMI_HONEST, false",
      "MPC_SEMI_HONEST, TEE_SIMULATED,   true",
      "TEE_SIMULATED,   TEE_SIMULATED,   true",
      "TEE_HARDWARE,    TEE_SIMULATED,   true",
      "MPC_SEMI_HONEST, TEE_HARDWARE,    false",
      "TEE_SIMULATED,   TEE_HARDWARE,    false",
      "TEE_HARDWARE,    TEE_HARDWARE,    true"
    })
    void follows_the_documented_table(Assurance actual, Assurance minimum, boolean expected) {
      assertThat(actual.satisfies(minimum)).isEqualTo(expected);
    }

    @Test
    void a_simulated_enclave_never_passes_for_hardware() {
      assertThat(TEE_SIMULATED.satisfies(TEE_HARDWARE)).isFalse();
    }

    @Test
    void is_not_a_ranking() {
      assertThat(TEE_HARDWARE.satisfies(MPC_SEMI_HONEST)).isFalse();
      assertThat(MPC_SEMI_HONEST.satisfies(TEE_HARDWARE)).isFalse();
    }
  }

  @Nested
  class OperationsRunAt {

    @ParameterizedTest(name = "{0} runs at {1}: {2}")
    @CsvSource({
      "PSI,              MPC_SEMI_HONEST, true",
      "PSI,              TEE_SIMULATED,   false",
      "PSI_CARDINALITY,  TEE_HARDWARE,    false",
      "SECURE_AGGREGATE, MPC_SEMI_HONEST, true",
      "JOINT_STATS,      MPC_SEMI_HONEST, true",
      "JOINT_STATS,      TEE_HARDWARE,    false",
      "TEE_JOB,          MPC_SEMI_HONEST, false",
      "TEE_JOB,          TEE_SIMULATED,   true",
      "TEE_JOB,          TEE_HARDWARE,    true"
    })
    void mpc_operations_at_mpc_and_tee_jobs_in_an_enclave(
        Operation operation, Assurance assurance, boolean expected) {
      assertThat(operation.runsAt(assurance)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} usable with minimum {1}: {2}")
    @CsvSource({
      "PSI,     MPC_SEMI_HONEST, true",
      "PSI,     TEE_SIMULATED,   true",
      "PSI,     TEE_HARDWARE,    false",
      "TEE_JOB, MPC_SEMI_HONEST, false",
      "TEE_JOB, TEE_SIMULATED,   true",
      "TEE_JOB, TEE_HARDWARE,    true"
    })
    void a_grant_minimum_must_leave_each_operation_some_way_to_run(
        Operation operation, Assurance minimum, boolean expected) {
      assertThat(operation.usableWith(minimum)).isEqualTo(expected);
    }
  }
}
