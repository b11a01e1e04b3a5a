package io.mitai.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.ledger.Invocation;
import io.mitai.ledger.LedgerIdentity;
import io.mitai.ledger.VerificationReport;
import io.mitai.ledger.testing.TestIdentities;
import io.mitai.ledger.testing.TestPostgres;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tampering with the stored ledger behind the node's back: the verifier must name the first block
 * that no longer checks out, on a real PostgreSQL.
 */
class TamperDetectionTest {

  private final LedgerIdentity org1 = TestIdentities.identity("org1");
  private final KeyPair key = TestIdentities.p256();
  private DataSource database;
  private EmbeddedLedger ledger;

  @BeforeEach
  void fiveBlocks() {
    database = TestPostgres.newDatabase();
    ledger = EmbeddedLedger.open(database, key, EmbeddedLedgerConfig.defaults());
    for (int i = 0; i < 5; i++) {
      // Sequential submissions: one transaction per block.
      ledger.submit(org1, Invocation.of("ledgertest:put", "k" + i, "value " + i));
    }
    assertThat(ledger.height()).isEqualTo(5);
    assertThat(ledger.verify().intact()).isTrue();
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  @Test
  void one_changed_byte_in_a_stored_transaction_names_its_block() throws SQLException {
    sql(
        "UPDATE ledger.tx SET envelope = overlay(envelope placing '\\x58'::bytea from 40 for 1) WHERE block_number = 2");

    assertBroken(2, "data hash");
  }

  @Test
  void a_deleted_transaction_names_its_block() throws SQLException {
    sql("DELETE FROM ledger.tx WHERE block_number = 3");

    assertBroken(3, "transactions");
  }

  @Test
  void reordered_blocks_name_the_first_position_out_of_order() throws SQLException {
    sql("UPDATE ledger.block SET number = -1 WHERE number = 1");
    sql("UPDATE ledger.block SET number = 1 WHERE number = 2");
    sql("UPDATE ledger.block SET number = 2 WHERE number = -1");

    assertBroken(1, "block");
  }

  @Test
  void a_rewritten_header_names_its_block_even_with_its_hash_recomputed() throws SQLException {
    // Rewrite block 1's header and store the matching hash: the chain link of block 2 and the
    // tree-head signature of block 1 still expose it.
    sql(
        "UPDATE ledger.block SET header = replace(convert_from(header, 'UTF8'), '\"txCount\":1', '\"txCount\":1 ')::bytea WHERE number = 1");

    assertBroken(1, "");
  }

  @Test
  void a_forged_tree_head_signature_names_its_block() throws SQLException {
    sql(
        "UPDATE ledger.block SET signature = (SELECT signature FROM ledger.block WHERE number = 0) WHERE number = 4");

    assertBroken(4, "signature");
  }

  @Test
  void a_ledger_checked_with_another_key_is_not_trusted() {
    VerificationReport report =
        new LedgerVerifier(TestIdentities.p256().getPublic()).verify(JdbcBlockSource.of(database));

    assertThat(report.intact()).isFalse();
    assertThat(report.firstBadBlock()).contains(0L);
  }

  private void assertBroken(long block, String problem) {
    VerificationReport report = ledger.verify();
    assertThat(report.intact()).isFalse();
    assertThat(report.firstBadBlock()).contains(block);
    assertThat(report.problem().orElseThrow()).contains(problem);
  }

  private void sql(String statement) throws SQLException {
    try (Connection c = database.getConnection();
        PreparedStatement ps = c.prepareStatement(statement)) {
      ps.executeUpdate();
    }
  }
}
