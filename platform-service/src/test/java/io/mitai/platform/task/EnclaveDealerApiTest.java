package io.mitai.platform.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mitai.compute.enclave.AlgorithmCatalog;
import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.ledger.GuardedLedger;
import io.mitai.platform.support.Api;
import io.mitai.platform.support.Csv;
import io.mitai.platform.support.Tasks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * TEE-assisted MPC end to end: a JOINT_STATS whose Beaver triples the node's enclave worker deals.
 * The inputs never enter the enclave; the node attests the dealer before its parties pin it, and
 * the ledger records the triple source with the dealer's assurance and measurement, and the
 * evidence hash.
 */
@QuarkusTest
class EnclaveDealerApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject GuardedLedger ledger;
  @Inject HostedOrganisations hosted;

  @Test
  void joint_stats_with_the_enclave_as_dealer_equals_the_plaintext_and_names_it_on_the_ledger()
      throws Exception {
    String a = Csv.uploaded(Api.alice(), "dealt-a", "id,x\n1,2\n2,3.5\n3,-1\n4,10\n");
    String b = Csv.uploaded(Api.bob(), "dealt-b", "id,y\n2,4\n3,6\n4,0.5\n9,100\n");
    List<String> ops = List.of("JOINT_STATS");
    TaskApiTest.grant(Api.alice(), a, "org3", ops, List.of("id", "x"), 5, null, 2);
    TaskApiTest.grant(Api.bob(), b, "org3", ops, List.of("id", "y"), 5, null, 2);

    String task =
        TaskApiTest.accepted(
            Api.carol(),
            "JOINT_STATS",
            List.of(Tasks.input(a, "id", "x"), Tasks.input(b, "id", "y")),
            Map.of("key", "id", "statistics", List.of("COUNT", "SUM", "DOT"), "dealer", "ENCLAVE"));
    JsonPath view = Tasks.succeeded("carol", task);

    String measurement = AlgorithmCatalog.dealerMeasurement().value().hex();
    assertThat(view.getString("tripleSource"))
        .isEqualTo("TEE_DEALER assurance=TEE_SIMULATED measurement=" + measurement);
    JsonNode record = JSON.readTree(ledger.evaluate(hosted.identity("org3"), "ReadTask", task));
    assertThat(record.path("assurance").asText()).isEqualTo("MPC_SEMI_HONEST");
    assertThat(record.path("attestationHash").asText())
        .matches("[0-9a-f]{64}")
        .isEqualTo(view.getString("attestationHash"));
    // The dealer's measurement is on the ledger's allow-list, published by the node.
    assertThat(
            JSON.readTree(ledger.evaluate(hosted.identity("org3"), "ReadAlgorithm", measurement))
                .path("name")
                .asText())
        .isEqualTo(AlgorithmCatalog.DEALER_NAME);

    // Aligned rows: ids 2, 3, 4 → x = 3.5, -1, 10; y = 4, 6, 0.5.
    JsonPath result = JsonPath.from(TaskApiTest.resultBody("carol", task));
    assertThat(result.getLong("result.rows")).isEqualTo(3);
    assertThat(new BigDecimal(result.getString("result.sums[0]"))).isEqualByComparingTo("12.5");
    assertThat(new BigDecimal(result.getString("result.sums[1]"))).isEqualByComparingTo("10.5");
    BigDecimal dot = new BigDecimal("14").add(new BigDecimal("-6")).add(new BigDecimal("5"));
    BigDecimal bound = new BigDecimal(result.getString("result.dotErrorBound[0][1]"));
    assertThat(new BigDecimal(result.getString("result.dot[0][1]")).subtract(dot).abs())
        .isLessThanOrEqualTo(bound);
  }
}
