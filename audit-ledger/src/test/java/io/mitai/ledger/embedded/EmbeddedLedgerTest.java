package io.mitai.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.ledger.EndorsementException;
import io.mitai.ledger.InclusionProof;
import io.mitai.ledger.Invocation;
import io.mitai.ledger.LedgerException;
import io.mitai.ledger.LedgerIdentity;
import io.mitai.ledger.SubmitResult;
import io.mitai.ledger.TransactionView;
import io.mitai.ledger.VerificationReport;
import io.mitai.ledger.merkle.MerkleProofs;
import io.mitai.ledger.testing.TestIdentities;
import io.mitai.ledger.testing.TestPostgres;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EmbeddedLedgerTest {

  private final LedgerIdentity org1 = TestIdentities.identity("org1");
  private final LedgerIdentity org2 = TestIdentities.identity("org2");
  private final KeyPair treeHeadKey = TestIdentities.p256();
  private DataSource database;
  private EmbeddedLedger ledger;

  @BeforeEach
  void open() {
    database = TestPostgres.newDatabase();
    ledger = EmbeddedLedger.open(database, treeHeadKey, EmbeddedLedgerConfig.defaults());
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  private SubmitResult put(String key, String value) {
    return ledger.submit(org1, Invocation.of("ledgertest:put", key, value));
  }

  @Nested
  class Submitting {

    @Test
    void a_committed_write_is_readable_and_lands_in_a_block() {
      SubmitResult result = put("colour", "blue");

      assertThat(result.payloadUtf8()).isEqualTo("blue");
      assertThat(result.txId()).matches("[0-9a-f]{64}");
      assertThat(ledger.evaluate(org2, "ledgertest:get", "colour")).isEqualTo("blue");
      assertThat(ledger.height()).isEqualTo(result.blockNumber() + 1);
      assertThat(ledger.block(result.blockNumber()).orElseThrow().txIds()).contains(result.txId());
    }

    @Test
    void resubmitting_the_same_transaction_id_applies_it_once() {
      SubmitResult first =
          ledger.submit(org1, Invocation.of("ledgertest:put", "k", "v1").withTxId("outbox-42"));
      SubmitResult again =
          ledger.submit(org1, Invocation.of("ledgertest:put", "k", "v2").withTxId("outbox-42"));

      assertThat(again.txId()).isEqualTo("outbox-42");
      assertThat(again.blockNumber()).isEqualTo(first.blockNumber());
      assertThat(ledger.evaluate(org1, "ledgertest:get", "k")).isEqualTo("v1");
      assertThat(ledger.evaluate(org1, "ledgertest:history", "k")).isEqualTo("v1");
      assertThat(ledger.transaction("outbox-42").orElseThrow().args()).containsExactly("k", "v1");
    }

    @Test
    void concurrent_submitters_share_blocks_and_every_write_commits() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<SubmitResult>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        results.add(pool.submit(() -> put("key-" + n, "value-" + n)));
      }
      for (Future<SubmitResult> r : results) {
        r.get(30, TimeUnit.SECONDS);
      }
      pool.shutdown();

      assertThat(ledger.treeHead().treeSize()).isEqualTo(200);
      assertThat(ledger.height()).isLessThan(200);
      assertThat(ledger.verify().intact()).isTrue();
    }

    @Test
    void a_block_is_cut_by_size_and_otherwise_after_the_wait() throws Exception {
      ledger.close();
      ledger =
          EmbeddedLedger.open(
              database,
              treeHeadKey,
              new EmbeddedLedgerConfig(
                  "mitai",
                  "mitai",
                  4,
                  java.time.Duration.ofMillis(300),
                  java.time.Duration.ofSeconds(30)));
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<SubmitResult>> results = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        int n = i;
        results.add(pool.submit(() -> put("burst-" + n, "v")));
      }
      List<Long> blocks = new ArrayList<>();
      for (Future<SubmitResult> r : results) {
        blocks.add(r.get(30, TimeUnit.SECONDS).blockNumber());
      }
      pool.shutdown();

      // Six arrivals within the wait: one full block of four, then the remaining two.
      assertThat(ledger.height()).isEqualTo(2);
      assertThat(blocks).filteredOn(b -> b == 0L).hasSize(4);
    }

    @Test
    void a_rejected_identity_key_is_refused_when_reopening() {
      ledger.close();
      assertThatThrownBy(
              () ->
                  EmbeddedLedger.open(
                      database, TestIdentities.p256(), EmbeddedLedgerConfig.defaults()))
          .isInstanceOf(LedgerException.class)
          .hasMessageContaining("another key");
    }
  }

  @Nested
  class State {

    @Test
    void ranges_exclude_composite_keys_and_respect_bounds() {
      put("a", "1");
      put("b", "2");
      put("c", "3");
      ledger.submit(org1, Invocation.of("ledgertest:putIndexed", "t", "x", "9"));

      assertThat(ledger.evaluate(org1, "ledgertest:range", "a", "c")).isEqualTo("a,b");
      assertThat(ledger.evaluate(org1, "ledgertest:range", "", "")).isEqualTo("a,b,c");
    }

    @Test
    void an_evaluation_cannot_write() {
      assertThatThrownBy(() -> ledger.evaluate(org1, "ledgertest:put", "k", "v"))
          .isInstanceOf(EndorsementException.class);
      assertThat(ledger.evaluate(org1, "ledgertest:get", "k")).isEmpty();
    }
  }

  @Nested
  class Audit {

    @Test
    void the_chain_verifies_and_each_transaction_has_an_inclusion_proof_under_a_signed_head()
        throws Exception {
      List<SubmitResult> results = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        results.add(put("k" + i, "v" + i));
      }

      VerificationReport report = ledger.verify();
      assertThat(report.intact()).isTrue();
      assertThat(report.transactionsChecked()).isEqualTo(7);

      for (SubmitResult r : results) {
        InclusionProof proof = ledger.proveInclusion(r.txId()).orElseThrow();
        proof.verify(treeHeadKey.getPublic());
        assertThat(new String(proof.leaf(), java.nio.charset.StandardCharsets.UTF_8))
            .contains(r.txId());
      }
      assertThat(ledger.proveInclusion("no-such-tx")).isEmpty();
    }

    @Test
    void an_inclusion_proof_fails_against_another_key() {
      SubmitResult r = put("k", "v");
      InclusionProof proof = ledger.proveInclusion(r.txId()).orElseThrow();

      assertThatThrownBy(() -> proof.verify(TestIdentities.p256().getPublic()))
          .hasMessageContaining("signature");
    }

    @Test
    void consistency_proofs_link_old_tree_heads_to_new_ones() throws Exception {
      put("a", "1");
      put("b", "2");
      put("c", "3");
      var old = ledger.treeHead();
      put("d", "4");
      put("e", "5");
      var now = ledger.treeHead();

      MerkleProofs.verifyConsistency(
          old.treeSize(),
          now.treeSize(),
          old.rootHash(),
          now.rootHash(),
          ledger.proveConsistency(old.treeSize(), now.treeSize()));
    }

    @Test
    void the_explorer_shows_decoded_transactions() {
      SubmitResult r = put("colour", "blue");

      TransactionView tx = ledger.transaction(r.txId()).orElseThrow();
      assertThat(tx.function()).isEqualTo("ledgertest:put");
      assertThat(tx.args()).containsExactly("colour", "blue");
      assertThat(tx.creatorMspId()).isEqualTo("org1");
      assertThat(tx.eventName()).contains("Put");
      assertThat(tx.writes()).extracting(TransactionView.Write::key).containsExactly("colour");
      assertThat(ledger.blocks(0, 10)).hasSize(1);
    }
  }

  @Nested
  class Restart {

    @Test
    void a_reopened_ledger_continues_the_same_chain_with_the_same_state() throws Exception {
      put("a", "1");
      put("b", "2");
      var before = ledger.treeHead();
      long height = ledger.height();
      ledger.close();

      ledger = EmbeddedLedger.open(database, treeHeadKey, EmbeddedLedgerConfig.defaults());
      assertThat(ledger.height()).isEqualTo(height);
      assertThat(ledger.treeHead().rootHash()).isEqualTo(before.rootHash());
      assertThat(ledger.evaluate(org1, "ledgertest:get", "a")).isEqualTo("1");

      SubmitResult next = put("c", "3");
      assertThat(next.blockNumber()).isEqualTo(height);
      assertThat(ledger.verify().intact()).isTrue();
      MerkleProofs.verifyConsistency(
          before.treeSize(),
          ledger.treeHead().treeSize(),
          before.rootHash(),
          ledger.treeHead().rootHash(),
          ledger.proveConsistency(before.treeSize(), ledger.treeHead().treeSize()));
    }
  }
}
