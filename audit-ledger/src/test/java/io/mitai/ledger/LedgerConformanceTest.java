package io.mitai.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.ledger.testing.TestIdentities;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Ledger} adapter must do, run against each of them, so the embedded ledger
 * cannot drift from Fabric's semantics as the Fabric client sees them.
 */
public abstract class LedgerConformanceTest {

  protected final LedgerIdentity org1 = TestIdentities.identity("org1");
  protected final LedgerIdentity org2 = TestIdentities.identity("org2");

  protected abstract Ledger ledger();

  private SubmitResult put(String key, String value) {
    return ledger().submit(org1, Invocation.of("ledgertest:put", key, value));
  }

  @Test
  void a_submitted_write_returns_the_contract_result_and_is_then_readable() {
    SubmitResult result = put("colour", "blue");

    assertThat(result.payloadUtf8()).isEqualTo("blue");
    assertThat(result.txId()).isNotBlank();
    assertThat(ledger().evaluate(org2, "ledgertest:get", "colour")).isEqualTo("blue");
  }

  @Test
  void the_contract_sees_the_submitter_as_its_client_identity() {
    String who = ledger().submit(org2, Invocation.of("ledgertest:whoAmI")).payloadUtf8();

    assertThat(who).startsWith("org2|x509::").contains("CN=user.org2");
  }

  @Test
  void a_refusal_writes_nothing_and_carries_the_contract_error_code() {
    assertThatThrownBy(
            () -> ledger().submit(org1, Invocation.of("ledgertest:putThenFail", "refused-key")))
        .isInstanceOfSatisfying(
            EndorsementException.class,
            e -> {
              assertThat(e.errorCode()).contains("TEST_REFUSAL");
              assertThat(e.contractMessage()).contains("refused on purpose");
            });
    assertThat(ledger().evaluate(org1, "ledgertest:get", "refused-key")).isEmpty();
  }

  @Test
  void a_refused_query_is_an_endorsement_error_too() {
    assertThatThrownBy(() -> ledger().evaluate(org1, "ledgertest:putThenFail", "k"))
        .isInstanceOf(EndorsementException.class);
  }

  @Test
  void a_transaction_reads_committed_state_not_its_own_writes() {
    put("own", "before");

    String read =
        ledger()
            .submit(org1, Invocation.of("ledgertest:putThenRead", "own", "after"))
            .payloadUtf8();

    assertThat(read).isEqualTo("read:before");
    assertThat(ledger().evaluate(org1, "ledgertest:get", "own")).isEqualTo("after");
  }

  @Test
  void writing_an_empty_value_deletes_the_key() {
    put("gone", "here");
    put("gone", "");

    assertThat(ledger().evaluate(org1, "ledgertest:get", "gone")).isEmpty();
    assertThat(ledger().evaluate(org1, "ledgertest:history", "gone")).isEqualTo("<deleted>,here");
  }

  @Test
  void partial_composite_key_queries_iterate_in_key_order() {
    ledger().submit(org1, Invocation.of("ledgertest:putIndexed", "idx", "b", "2"));
    ledger().submit(org1, Invocation.of("ledgertest:putIndexed", "idx", "a", "1"));
    ledger().submit(org1, Invocation.of("ledgertest:putIndexed", "other", "c", "3"));

    assertThat(ledger().evaluate(org1, "ledgertest:list", "idx")).isEqualTo("a=1,b=2");
  }

  @Test
  void history_lists_every_committed_change_newest_first_including_deletes() {
    put("h", "one");
    put("h", "two");
    ledger().submit(org1, Invocation.of("ledgertest:remove", "h"));
    put("h", "three");

    assertThat(ledger().evaluate(org1, "ledgertest:history", "h"))
        .isEqualTo("three,<deleted>,two,one");
  }

  @Test
  void events_arrive_in_order_and_a_subscription_resumes_after_its_checkpoint() throws Exception {
    put("e1", "1");
    put("e2", "2");
    List<ChaincodeEvent> seen = new CopyOnWriteArrayList<>();
    try (Subscription s = ledger().subscribe(Checkpoint.START, seen::add)) {
      put("e3", "3");
      awaitSize(seen, 3);
    }
    assertThat(seen)
        .extracting(ChaincodeEvent::payloadUtf8)
        .containsExactly("e1=1", "e2=2", "e3=3");
    assertThat(seen).extracting(ChaincodeEvent::name).containsOnly("Put");

    List<ChaincodeEvent> resumed = new CopyOnWriteArrayList<>();
    try (Subscription s = ledger().subscribe(seen.get(1).checkpoint(), resumed::add)) {
      awaitSize(resumed, 1);
    }
    assertThat(resumed).extracting(ChaincodeEvent::payloadUtf8).containsExactly("e3=3");
  }

  private static void awaitSize(List<?> list, int size) throws InterruptedException {
    for (int i = 0; i < 200 && list.size() < size; i++) {
      Thread.sleep(25);
    }
    Thread.sleep(100);
    assertThat(list).hasSize(size);
  }
}
