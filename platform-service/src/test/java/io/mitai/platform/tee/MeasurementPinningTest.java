package io.mitai.platform.tee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mitai.compute.enclave.AlgorithmCatalog;
import io.mitai.compute.tee.evidence.Measurement;
import io.mitai.compute.tee.evidence.MeasurementKind;
import io.mitai.compute.tee.evidence.TeeAssurance;
import io.mitai.platform.task.domain.AssetSchema;
import io.mitai.platform.task.domain.TaskPlan;
import io.mitai.platform.task.domain.TaskRequest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A Gramine worker's MRENCLAVE is what the operator pinned: jobs and the enclave dealer must attest
 * exactly that build, and a pin that cannot be one is refused.
 */
class MeasurementPinningTest {

  private static final String MRENCLAVE =
      "6f1e3bd1d1e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2";

  @Test
  void a_gramine_worker_has_the_pinned_mrenclave() {
    EnclaveWorkers workers = workers("gramine-sgx", MRENCLAVE.toUpperCase());

    assertThat(workers.pinnedMeasurement()).contains(MRENCLAVE);
  }

  @Test
  void a_simulated_worker_has_no_pin_and_refuses_one() {
    assertThat(workers("simulated", null).pinnedMeasurement()).isEmpty();
    assertThatThrownBy(() -> workers("simulated", MRENCLAVE).pinnedMeasurement())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only a gramine-sgx worker attests an MRENCLAVE");
  }

  @Test
  void a_pin_that_is_not_a_sha256_is_refused() {
    assertThatThrownBy(() -> workers("gramine-sgx", "abc").pinnedMeasurement())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("64 hex digits");
  }

  @Test
  void the_enclave_dealer_on_gramine_must_attest_the_pinned_build() throws Exception {
    EnclaveDealer pinned = dealer(workers("gramine-sgx", MRENCLAVE));
    EnclaveDealer unpinned = dealer(workers("gramine-sgx", null));
    EnclaveDealer simulated = dealer(workers("simulated", null));

    assertThat(pinned.dealerMeasurement())
        .isEqualTo(
            new Measurement(
                MeasurementKind.MRENCLAVE, io.mitai.compute.tee.evidence.Bytes.fromHex(MRENCLAVE)));
    assertThatThrownBy(unpinned::dealerMeasurement)
        .isInstanceOf(EnclaveDealer.Refused.class)
        .hasMessageContaining("mitai.tee.worker.mrenclave");
    assertThat(simulated.dealerMeasurement()).isEqualTo(AlgorithmCatalog.dealerMeasurement());
  }

  @Test
  void a_tee_job_on_a_pinned_worker_names_the_pinned_build_not_the_allow_list_entry() {
    String listed = "11".repeat(32);
    List<TeePlanning.Listed> allowList =
        List.of(new TeePlanning.Listed("join-aggregate", version(), listed));

    assertThat(plan(allowList, Optional.of(MRENCLAVE)).tee().orElseThrow().measurement())
        .isEqualTo(MRENCLAVE);
    assertThat(plan(allowList, Optional.empty()).tee().orElseThrow().measurement())
        .isEqualTo(listed);
  }

  private static TaskPlan plan(List<TeePlanning.Listed> allowList, Optional<String> pinned) {
    ObjectNode params = new ObjectMapper().createObjectNode();
    params.put("algorithm", "join-aggregate");
    params.put("key", "id");
    params.putArray("groupBy").add("region");
    params.putArray("aggregates").addObject().put("function", "COUNT");
    AssetSchema customers =
        new AssetSchema(
            "customers",
            "org1",
            "ACTIVE",
            List.of(
                new AssetSchema.Column("id", "STRING"), new AssetSchema.Column("region", "STRING")),
            100);
    AssetSchema accounts =
        new AssetSchema(
            "accounts", "org2", "ACTIVE", List.of(new AssetSchema.Column("id", "STRING")), 100);
    return TeePlanning.plan(
        "t-1",
        "org3",
        new TaskRequest(
            "TEE_JOB",
            List.of(
                new TaskRequest.Input("customers", List.of("id", "region")),
                new TaskRequest.Input("accounts", List.of("id"))),
            params),
        id -> Optional.of(id.equals("customers") ? customers : accounts),
        List.of("org1", "org2", "org3"),
        AlgorithmCatalog.builtIn(),
        allowList,
        TeeAssurance.TEE_HARDWARE,
        pinned);
  }

  private static String version() {
    return AlgorithmCatalog.builtIn().entries().stream()
        .filter(e -> e.algorithm().name().equals("join-aggregate"))
        .findFirst()
        .orElseThrow()
        .algorithm()
        .version();
  }

  private static EnclaveWorkers workers(String platform, String mrenclave) {
    EnclaveWorkers workers = new EnclaveWorkers();
    workers.platform = platform;
    workers.mrenclave = Optional.ofNullable(mrenclave);
    return workers;
  }

  private static EnclaveDealer dealer(EnclaveWorkers workers) {
    EnclaveDealer dealer = new EnclaveDealer();
    dealer.workers = workers;
    return dealer;
  }
}
