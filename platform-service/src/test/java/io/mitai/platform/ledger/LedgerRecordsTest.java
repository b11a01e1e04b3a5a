package io.mitai.platform.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.contract.json.RecordJson;
import io.mitai.contract.model.Algorithm;
import io.mitai.contract.model.HistoryEntry;
import io.mitai.contract.model.Organisation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The node reads the ledger's records with the contract's own strict codec: what the contract wrote
 * comes back equal and re-encodes to the same bytes; anything else is the ledger's fault.
 */
class LedgerRecordsTest {

  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

  static Organisation organisation(String id, Instant at) {
    return new Organisation(id, "Org " + id, "grpcs://node." + id + ":7443", "cGs=", at, at);
  }

  @Test
  void a_record_decodes_to_what_the_contract_wrote_and_encodes_to_the_same_bytes() {
    String json = RecordJson.toJson(organisation("org1", T0));
    Organisation read = LedgerRecords.decode(json, Organisation.class);
    assertThat(read).isEqualTo(organisation("org1", T0));
    assertThat(LedgerRecords.encode(read)).isEqualTo(json);
    assertThat(read.registeredAt().toString()).isEqualTo("2026-01-02T03:04:05.678Z");
  }

  @Test
  void a_list_answer_keeps_the_ledgers_order() {
    Algorithm b = new Algorithm("b".repeat(64), "beta", "1.0.0", "org1", "second", T0, T0);
    Algorithm a = new Algorithm("a".repeat(64), "alpha", "1.0.0", "org1", "first", T0, T0);
    assertThat(LedgerRecords.decodeList(RecordJson.toJson(List.of(b, a)), Algorithm.class))
        .containsExactly(b, a);
  }

  @Test
  void an_unknown_field_or_a_missing_one_is_an_unreadable_record() {
    String json = RecordJson.toJson(organisation("org1", T0));
    assertThatThrownBy(
            () -> LedgerRecords.decode(json.replace("{", "{\"extra\":1,"), Organisation.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Organisation");
    assertThatThrownBy(
            () ->
                LedgerRecords.decode(
                    json.replace("\"displayName\":\"Org org1\",", ""), Organisation.class))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void history_entries_keep_each_version_verbatim() {
    String v1 = RecordJson.toJson(organisation("org1", T0));
    String v2 = RecordJson.toJson(organisation("org1", T0.plusSeconds(60)));
    String history =
        RecordJson.toJson(
            List.of(
                new HistoryEntry("tx-1", T0, false, v1),
                new HistoryEntry("tx-2", T0.plusSeconds(60), false, v2)));
    // The contract embeds each record as an object, not as text.
    assertThat(history).contains("\"value\":{");
    List<HistoryEntry> entries = LedgerRecords.history(history);
    assertThat(entries)
        .containsExactly(
            new HistoryEntry("tx-1", T0, false, v1),
            new HistoryEntry("tx-2", T0.plusSeconds(60), false, v2));
    assertThat(LedgerRecords.decode(entries.get(1).value(), Organisation.class).updatedAt())
        .isEqualTo(T0.plusSeconds(60));
  }
}
