package io.mitai.platform.tee;

import static io.mitai.platform.support.Tasks.finished;
import static io.mitai.platform.support.Tasks.input;
import static io.mitai.platform.tee.TeeApi.accepted;
import static io.mitai.platform.tee.TeeApi.grant;
import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.compute.enclave.WorkerProcess;
import io.mitai.platform.support.Api;
import io.mitai.platform.support.Csv;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A worker whose code differs from the reviewed build attests another measurement: the grants allow
 * only the published one, so no owner releases a key, the worker receives no input, and the task
 * FAILS with the reason on the ledger.
 */
@QuarkusTest
@TestProfile(PatchedWorkerProfile.class)
class PatchedWorkerTest {

  @Inject TeeTasks tee;
  @Inject EnclaveWorkers workers;

  @Test
  void a_worker_whose_measurement_is_not_allowed_gets_no_key() throws Exception {
    String published =
        tee.catalog().find("join-aggregate", "1.0.0").orElseThrow().measurement().value().hex();
    String customers = Csv.uploaded(Api.alice(), "customers", TeeJobApiTest.customers());
    String accounts = Csv.uploaded(Api.bob(), "accounts", TeeJobApiTest.accounts(11, 60));
    grant(
        Api.alice(),
        customers,
        "org3",
        List.of("id", "region"),
        "TEE_SIMULATED",
        List.of(published));
    grant(
        Api.bob(), accounts, "org3", List.of("id", "churned"), "TEE_SIMULATED", List.of(published));
    workers.endpoint();
    WorkerProcess worker = workers.process().orElseThrow();
    List<String> lines = new CopyOnWriteArrayList<>();
    worker.addListener(lines::add);

    String task =
        accepted(
            Api.carol(),
            List.of(input(customers, "id", "region"), input(accounts, "id", "churned")),
            Map.of("algorithm", "join-aggregate", "key", "id", "groupBy", List.of("region")));
    JsonPath view = finished("carol", task);

    assertThat(view.getString("status")).isEqualTo("FAILED");
    assertThat(view.getString("failureReason"))
        .startsWith("KEY_RELEASE_REFUSED: input 0 (asset " + customers + " of org1, grant ")
        .contains("MEASUREMENT_NOT_ALLOWED (104)")
        .contains("CODE_SHA256:");
    // The worker attested, was told to stop, and never received a key or an input.
    assertThat(String.join("\n", lines))
        .contains("task " + task + ": evidence sent")
        .doesNotContain("measurement " + published)
        .contains("task " + task + ": aborted by the node")
        .doesNotContain("input 0")
        .doesNotContain("input 1");
  }
}
