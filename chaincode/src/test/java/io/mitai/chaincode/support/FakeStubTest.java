package io.mitai.chaincode.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The test double keeps Fabric's semantics; these tests pin them down. */
class FakeStubTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final FakeStub stub = new FakeStub();

  @BeforeEach
  void firstTransaction() {
    stub.begin("tx1", T0, Identities.creator("Org1MSP"), List.of("Fn"));
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static <T> List<T> all(QueryResultsIterator<T> it) throws Exception {
    List<T> out = new ArrayList<>();
    it.forEach(out::add);
    it.close();
    return out;
  }

  @Test
  void the_shims_client_identity_reads_the_msp_id_and_a_real_certificate() throws Exception {
    ClientIdentity identity = new ClientIdentity(stub);

    assertThat(identity.getMSPID()).isEqualTo("Org1MSP");
    assertThat(identity.getId()).contains("CN=user@Org1MSP");
    assertThat(identity.getX509Certificate().getSigAlgName()).isEqualTo("SHA256withECDSA");
  }

  @Test
  void reads_do_not_see_the_transactions_own_writes_until_commit() {
    stub.putState("k", b("v"));

    assertThat(stub.getState("k")).isEmpty();
    stub.commit();
    assertThat(stub.getState("k")).isEqualTo(b("v"));
  }

  @Test
  void rollback_discards_writes_and_events() {
    stub.putState("k", b("v"));
    stub.setEvent("E", b("p"));
    stub.rollback();
    stub.commit();

    assertThat(stub.snapshot()).isEmpty();
    assertThat(stub.committedEvents()).isEmpty();
  }

  @Test
  void keeps_only_the_last_event_of_a_transaction() {
    stub.setEvent("First", b("1"));
    stub.setEvent("Second", b("2"));
    stub.commit();

    assertThat(stub.committedEvents()).extracting(FakeStub.Event::name).containsExactly("Second");
  }

  @Test
  void range_queries_are_ordered_and_skip_composite_keys() throws Exception {
    for (String key : List.of("org:b", "org:a", "org:c", "orh", "asset:x")) {
      stub.putState(key, b(key));
    }
    stub.putState(stub.createCompositeKey("org~x", "a").toString(), b("i"));
    stub.commit();

    assertThat(all(stub.getStateByRange("org:", "org;")))
        .extracting(KeyValue::getKey)
        .containsExactly("org:a", "org:b", "org:c");
    assertThat(all(stub.getStateByRange("", ""))).hasSize(5);
  }

  @Test
  void partial_composite_key_queries_match_whole_attributes_only() throws Exception {
    stub.putState(stub.createCompositeKey("grant~asset", "a1", "g2").toString(), new byte[] {0});
    stub.putState(stub.createCompositeKey("grant~asset", "a1", "g1").toString(), new byte[] {0});
    stub.putState(stub.createCompositeKey("grant~asset", "a10", "g3").toString(), new byte[] {0});
    stub.commit();

    List<String> ids = new ArrayList<>();
    for (KeyValue kv : all(stub.getStateByPartialCompositeKey("grant~asset", "a1"))) {
      ids.add(stub.splitCompositeKey(kv.getKey()).getAttributes().get(1));
    }

    assertThat(ids).containsExactly("g1", "g2");
    assertThat(stub.createCompositeKey("t", "a", "b").toString())
        .isEqualTo("\u0000t\u0000a\u0000b\u0000");
  }

  @Test
  void history_is_kept_per_key_and_returned_newest_first() throws Exception {
    stub.putState("k", b("v1"));
    stub.commit();
    stub.begin("tx2", T0.plusSeconds(5), Identities.creator("Org1MSP"), List.of("Fn"));
    stub.delState("k");
    stub.commit();
    stub.begin("tx3", T0.plusSeconds(9), Identities.creator("Org1MSP"), List.of("Fn"));
    stub.putState("k", b("v3"));
    stub.commit();

    List<KeyModification> history = all(stub.getHistoryForKey("k"));

    assertThat(history).extracting(KeyModification::getTxId).containsExactly("tx3", "tx2", "tx1");
    assertThat(history).extracting(KeyModification::isDeleted).containsExactly(false, true, false);
    assertThat(history.get(2).getTimestamp()).isEqualTo(T0);
  }

  @Test
  void an_empty_value_is_a_delete_as_in_fabric_write_sets() {
    stub.putState("k", b("v"));
    stub.commit();
    stub.putState("k", new byte[0]);
    stub.commit();

    assertThat(stub.snapshot()).isEmpty();
  }

  @Test
  void refuses_rich_queries() {
    assertThatThrownBy(() -> stub.getQueryResult("{\"selector\":{}}"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void always_has_a_timestamp_and_the_arguments() {
    stub.begin("tx9", T0, Identities.creator("Org2MSP"), List.of("ReadAsset", "a1"));

    assertThat(stub.getTxTimestamp()).isEqualTo(T0);
    assertThat(stub.getFunction()).isEqualTo("ReadAsset");
    assertThat(stub.getParameters()).containsExactly("a1");
  }
}
