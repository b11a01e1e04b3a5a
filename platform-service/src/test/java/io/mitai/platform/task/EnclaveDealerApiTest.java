package io.mitai.platform.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mitai.compute.enclave.AlgorithmCatalog;
import io.mitai.compute.ops.JointStatsSpec;
import io.mitai.compute.ops.Roles;
import io.mitai.compute.ops.Statistic;
import io.mitai.compute.session.PartyEndpoint;
import io.mitai.compute.session.PartyId;
import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.ledger.GuardedLedger;
import io.mitai.platform.support.Api;
import io.mitai.platform.support.Csv;
import io.mitai.platform.support.Tasks;
import io.mitai.platform.task.session.AttestedDealer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  @Inject AttestedDealer dealer;

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

  /**
   * What a party on another node checks before it pins the dealer the requester's node forwards:
   * the evidence verifies under its own trust in the requester's platform, binds the certificate's
   * key, and was made for this task.
   */
  @Test
  void a_party_on_another_node_pins_the_forwarded_dealer_only_for_its_task_and_trusted_platform()
      throws Exception {
    PublicKey someone =
        KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic(); // never dialled
    JointStatsSpec spec =
        new JointStatsSpec(
            new Roles(
                List.of(PartyId.of("org1"), PartyId.of("org2")),
                PartyId.of("org3"),
                Optional.of(PartyId.of("tee-dealer"))),
            "id",
            EnumSet.of(Statistic.COUNT),
            Optional.empty());
    List<PartyEndpoint> parties =
        List.of(
            new PartyEndpoint(PartyId.of("org1"), "127.0.0.1", 1, someone),
            new PartyEndpoint(PartyId.of("org2"), "127.0.0.1", 2, someone),
            new PartyEndpoint(PartyId.of("org3"), "127.0.0.1", 3, someone));
    try (AttestedDealer.Dealing dealing = dealer.open("task-forwarded", spec, parties)) {
      AttestedDealer.DealerOffer offer = dealing.offer();
      PartyEndpoint pinned = dealer.admit("task-forwarded", "org1", "org3", offer);
      assertThat(pinned.port()).isEqualTo(dealing.endpoint().port());
      assertThat(pinned.publicKey().getEncoded())
          .isEqualTo(dealing.endpoint().publicKey().getEncoded());

      assertThatThrownBy(() -> dealer.admit("another-task", "org1", "org3", offer))
          .isInstanceOf(AttestedDealer.Refused.class)
          .hasMessageContaining("evidence was refused");
      // No operator here configured org9's simulated platform key: its evidence proves nothing.
      assertThatThrownBy(() -> dealer.admit("task-forwarded", "org1", "org9", offer))
          .isInstanceOf(AttestedDealer.Refused.class)
          .hasMessageContaining("evidence was refused");
      AttestedDealer.DealerOffer otherKey =
          new AttestedDealer.DealerOffer(
              offer.format(),
              offer.evidence(),
              java.util.Base64.getEncoder()
                  .encodeToString(
                      io.mitai.testsupport.TestCertificates.selfSignedIdentity("CN=x")
                          .certificate()
                          .getEncoded()),
              offer.host(),
              offer.port(),
              offer.salt(),
              offer.measurement());
      assertThatThrownBy(() -> dealer.admit("task-forwarded", "org1", "org3", otherKey))
          .isInstanceOf(AttestedDealer.Refused.class)
          .hasMessageContaining("evidence was refused");
      AttestedDealer.DealerOffer otherCode =
          new AttestedDealer.DealerOffer(
              offer.format(),
              offer.evidence(),
              offer.certificate(),
              offer.host(),
              offer.port(),
              offer.salt(),
              "00".repeat(32));
      assertThatThrownBy(() -> dealer.admit("task-forwarded", "org1", "org3", otherCode))
          .isInstanceOf(AttestedDealer.Refused.class)
          .hasMessageContaining("measurement");
    }
  }
}
