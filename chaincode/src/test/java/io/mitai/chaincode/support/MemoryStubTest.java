package io.mitai.chaincode.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.chaincode.memory.Access;
import io.mitai.chaincode.memory.MemoryStub;
import io.mitai.chaincode.memory.Proposal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.junit.jupiter.api.Test;

/**
 * The in-memory stub the contract runs on (in these tests and in the embedded ledger) keeps
 * Fabric's semantics; these tests pin them down, over the tests' {@link WorldState}.
 */
class MemoryStubTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final WorldState state = new WorldState();
  private MemoryStub stub = tx("tx1", T0, "Fn");

  private MemoryStub tx(String txId, Instant at, String function, String... args) {
    return new MemoryStub(
        new Proposal(
            txId, "mitai", at, Identities.creator("Org1MSP"), "PeerMSP", function, List.of(args)),
        state,
        Access.READ_WRITE);
  }

  /** Commits the current transaction and starts the next one. */
  private void commit() {
    state.commit(stub);
    stub = tx("tx-next", T0, "Fn");
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
    commit();
    assertThat(stub.getState("k")).isEqualTo(b("v"));
  }

  @Test
  void an_uncommitted_transaction_leaves_no_writes_and_no_events() {
    stub.putState("k", b("v"));
    stub.setEvent("E", b("p"));
    stub = tx("tx2", T0, "Fn");
    commit();

    assertThat(state.snapshot()).isEmpty();
    assertThat(state.committedEvents()).isEmpty();
  }

  @Test
  void keeps_only_the_last_event_of_a_transaction_but_records_every_call() {
    stub.setEvent("First", b("1"));
    stub.setEvent("Second", b("2"));

    assertThat(stub.events()).hasSize(2);
    assertThat(stub.getEvent().getEventName()).isEqualTo("Second");
    commit();
    assertThat(state.committedEvents()).extracting(Event::name).containsExactly("Second");
  }

  @Test
  void range_queries_are_ordered_and_skip_composite_keys() throws Exception {
    for (String key : List.of("org:b", "org:a", "org:c", "orh", "asset:x")) {
      stub.putState(key, b(key));
    }
    stub.putState(stub.createCompositeKey("org~x", "a").toString(), b("i"));
    commit();

    assertThat(all(stub.getStateByRange("org:", "org;")))
        .extracting(KeyValue::getKey)
        .containsExactly("org:a", "org:b", "org:c");
    assertThat(all(stub.getStateByRange("", ""))).hasSize(5);
  }

  @Test
  void keys_above_the_basic_plane_sort_by_code_point_as_in_fabrics_state_database()
      throws Exception {
    // U+1F600 is a surrogate pair in UTF-16, which String.compareTo puts before U+FFFD.
    stub.putState("k\uFFFD", b("bmp"));
    stub.putState("k\uD83D\uDE00", b("astral"));
    commit();

    assertThat(all(stub.getStateByRange("k", "l")))
        .extracting(KeyValue::getStringValue)
        .containsExactly("bmp", "astral");
  }

  @Test
  void partial_composite_key_queries_match_whole_attributes_only() throws Exception {
    stub.putState(stub.createCompositeKey("grant~asset", "a1", "g2").toString(), new byte[] {0});
    stub.putState(stub.createCompositeKey("grant~asset", "a1", "g1").toString(), new byte[] {0});
    stub.putState(stub.createCompositeKey("grant~asset", "a10", "g3").toString(), new byte[] {0});
    commit();

    List<String> ids = new ArrayList<>();
    for (KeyValue kv : all(stub.getStateByPartialCompositeKey("grant~asset", "a1"))) {
      ids.add(stub.splitCompositeKey(kv.getKey()).getAttributes().get(1));
    }

    assertThat(ids).containsExactly("g1", "g2");
    assertThat(stub.createCompositeKey("t", "a", "b").toString())
        .isEqualTo("\u0000t\u0000a\u0000b\u0000");
  }

  @Test
  void a_closed_query_result_cannot_be_iterated() throws Exception {
    QueryResultsIterator<KeyValue> result = stub.getStateByRange("a", "b");
    result.close();

    assertThatThrownBy(result::iterator).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void history_is_kept_per_key_and_returned_newest_first() throws Exception {
    stub.putState("k", b("v1"));
    commit();
    stub = tx("tx2", T0.plusSeconds(5), "Fn");
    stub.delState("k");
    commit();
    stub = tx("tx3", T0.plusSeconds(9), "Fn");
    stub.putState("k", b("v3"));
    commit();

    List<KeyModification> history = all(stub.getHistoryForKey("k"));

    assertThat(history).extracting(KeyModification::getTxId).containsExactly("tx3", "tx2", "tx1");
    assertThat(history).extracting(KeyModification::isDeleted).containsExactly(false, true, false);
    assertThat(history.get(2).getTimestamp()).isEqualTo(T0);
  }

  @Test
  void an_empty_value_is_a_delete_as_in_fabric_write_sets() {
    stub.putState("k", b("v"));
    commit();
    stub.putState("k", new byte[0]);
    commit();

    assertThat(state.snapshot()).isEmpty();
  }

  @Test
  void key_level_policies_are_read_as_committed_never_as_just_set() {
    stub.setStateValidationParameter("k", b("policy"));

    assertThat(stub.getStateValidationParameter("k")).isEmpty();
    commit();
    assertThat(stub.getStateValidationParameter("k")).isEqualTo(b("policy"));
  }

  @Test
  void a_read_only_transaction_refuses_every_write() {
    MemoryStub query =
        new MemoryStub(
            new Proposal(
                "q", "mitai", T0, Identities.creator("Org1MSP"), "PeerMSP", "Q", List.of()),
            state,
            Access.READ_ONLY);

    assertThatThrownBy(() -> query.putState("k", b("v")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> query.setStateValidationParameter("k", b("p")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(query.writeSet()).isEmpty();
  }

  @Test
  void refuses_rich_queries() {
    assertThatThrownBy(() -> stub.getQueryResult("{\"selector\":{}}"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void always_has_a_timestamp_and_the_arguments() {
    stub = tx("tx9", T0, "ReadAsset", "a1");

    assertThat(stub.getTxTimestamp()).isEqualTo(T0);
    assertThat(stub.getFunction()).isEqualTo("ReadAsset");
    assertThat(stub.getParameters()).containsExactly("a1");
  }
}
