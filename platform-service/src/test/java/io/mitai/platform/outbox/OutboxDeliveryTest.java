package io.mitai.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.mitai.ledger.LedgerExplorer;
import io.mitai.platform.ledger.GuardedLedger;
import io.mitai.platform.ledger.Projector;
import io.mitai.platform.ledger.projection.ProjectedAsset;
import io.mitai.platform.ledger.projection.ProjectedGrant;
import io.mitai.platform.ledger.projection.ProjectedOrganisation;
import io.mitai.platform.ledger.projection.ProjectedTask;
import io.mitai.platform.support.Api;
import io.mitai.platform.support.Csv;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OutboxDeliveryTest {

  @Inject GuardedLedger ledger;
  @Inject LedgerExplorer explorer;
  @Inject Projector projector;

  @Test
  void writes_made_while_the_ledger_is_down_answer_202_and_are_delivered_exactly_once_later() {
    String id;
    ledger.suspendWrites();
    try {
      id =
          Csv.upload(Api.alice(), "while-down", Csv.PEOPLE)
              .statusCode(202)
              .body("status", equalTo("PENDING"))
              .body("ledgerState", equalTo("PENDING"))
              .extract()
              .path("id");
      Api.alice()
          .get("/api/v1/assets/" + id)
          .then()
          .statusCode(200)
          .body("status", equalTo("PENDING"));
    } finally {
      ledger.resumeWrites();
    }
    String txId = Api.alice().get("/api/v1/assets/" + id).then().extract().path("ledgerTxId");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                Api.alice()
                    .get("/api/v1/assets/" + id)
                    .then()
                    .body("status", equalTo("ACTIVE"))
                    .body("ledgerState", equalTo("DONE")));
    OutboxEntry entry =
        QuarkusTransaction.requiringNew().call(() -> OutboxEntry.<OutboxEntry>findById(txId));
    assertThat(entry.state).isEqualTo(OutboxState.DONE);
    assertThat(entry.attempts).isGreaterThanOrEqualTo(2);
    assertThat(explorer.transaction(txId)).isPresent();
    long registrations =
        explorer.blocks(0, 10_000).stream()
            .flatMap(b -> b.txIds().stream())
            .filter(txId::equals)
            .count();
    assertThat(registrations).isEqualTo(1);
  }

  @Test
  void the_projection_rebuilt_from_the_ledger_equals_the_live_one() {
    Csv.uploaded(Api.bob(), "before-rebuild", Csv.PEOPLE);
    String before = snapshot();
    projector.rebuild();
    assertThat(snapshot()).isEqualTo(before);
  }

  private static String snapshot() {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                List.of(
                        ProjectedOrganisation.<ProjectedOrganisation>listAll().stream()
                            .map(o -> o.id + o.record + o.txId),
                        ProjectedAsset.<ProjectedAsset>listAll().stream()
                            .map(a -> a.id + a.record + a.txId),
                        ProjectedGrant.<ProjectedGrant>listAll().stream()
                            .map(g -> g.id + g.record + g.txId),
                        ProjectedTask.<ProjectedTask>listAll().stream()
                            .map(t -> t.id + t.record + t.txId))
                    .stream()
                    .flatMap(s -> s)
                    .sorted()
                    .collect(Collectors.joining("\n")));
  }
}
