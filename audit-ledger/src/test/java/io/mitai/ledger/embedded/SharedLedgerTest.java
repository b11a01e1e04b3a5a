package io.mitai.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.ledger.BlockView;
import io.mitai.ledger.ChaincodeEvent;
import io.mitai.ledger.Checkpoint;
import io.mitai.ledger.InclusionProof;
import io.mitai.ledger.Invocation;
import io.mitai.ledger.LedgerException;
import io.mitai.ledger.LedgerIdentity;
import io.mitai.ledger.SubmitResult;
import io.mitai.ledger.Subscription;
import io.mitai.ledger.VerificationReport;
import io.mitai.ledger.merkle.MerkleProofs;
import io.mitai.ledger.testing.TestIdentities;
import io.mitai.ledger.testing.TestPostgres;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Several ledgers opened on one database, as several node processes sharing a trusted operator's
 * PostgreSQL would: one chain, every commit once, everyone sees everything.
 */
class SharedLedgerTest {

  private static final EmbeddedLedgerConfig FOLLOW_FAST =
      EmbeddedLedgerConfig.defaults().withFollowInterval(Duration.ofMillis(50));

  /** Long enough that nothing in a test is learned from the follower thread. */
  private static final EmbeddedLedgerConfig FOLLOW_NEVER =
      EmbeddedLedgerConfig.defaults().withFollowInterval(Duration.ofHours(1));

  private final LedgerIdentity org1 = TestIdentities.identity("org1");
  private final KeyPair treeHeadKey = TestIdentities.p256();
  private final List<EmbeddedLedger> opened = new ArrayList<>();
  private DataSource database;

  @BeforeEach
  void createDatabase() {
    database = TestPostgres.newDatabase();
  }

  @AfterEach
  void closeAll() {
    opened.forEach(EmbeddedLedger::close);
  }

  private EmbeddedLedger open(EmbeddedLedgerConfig config) {
    EmbeddedLedger ledger = EmbeddedLedger.open(database, treeHeadKey, config);
    opened.add(ledger);
    return ledger;
  }

  private SubmitResult put(EmbeddedLedger ledger, String key, String value) {
    return ledger.submit(org1, Invocation.of("ledgertest:put", key, value));
  }

  private String get(EmbeddedLedger ledger, String key) {
    return ledger.evaluate(org1, "ledgertest:get", key);
  }

  @Nested
  class Committing {

    @Test
    void concurrent_submitters_on_three_ledgers_write_one_chain_each_write_once() throws Exception {
      List<EmbeddedLedger> ledgers =
          List.of(open(FOLLOW_FAST), open(FOLLOW_FAST), open(FOLLOW_FAST));
      int threadsPerLedger = 8;
      int submitsPerThread = 25;
      int total = ledgers.size() * threadsPerLedger * submitsPerThread;
      ExecutorService pool = Executors.newFixedThreadPool(ledgers.size() * threadsPerLedger);
      List<Future<SubmitResult>> futures = new ArrayList<>();
      for (int l = 0; l < ledgers.size(); l++) {
        EmbeddedLedger ledger = ledgers.get(l);
        for (int t = 0; t < threadsPerLedger; t++) {
          for (int i = 0; i < submitsPerThread; i++) {
            String key = "k-" + l + "-" + t + "-" + i;
            futures.add(pool.submit(() -> put(ledger, key, "v")));
          }
        }
      }
      List<SubmitResult> results = new ArrayList<>();
      for (Future<SubmitResult> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      pool.shutdown();

      assertThat(results).extracting(SubmitResult::txId).doesNotHaveDuplicates();
      assertThat(results)
          .extracting(r -> r.blockNumber() + "/" + r.txIndex())
          .doesNotHaveDuplicates();
      for (EmbeddedLedger ledger : ledgers) {
        assertThat(ledger.treeHead().treeSize()).isEqualTo(total);
        assertThat(ledger.verify().intact()).isTrue();
        assertThat(get(ledger, "k-0-0-0")).isEqualTo("v");
        assertThat(get(ledger, "k-2-7-24")).isEqualTo("v");
      }
      VerificationReport report =
          new LedgerVerifier(treeHeadKey.getPublic()).verify(JdbcBlockSource.of(database));
      assertThat(report.intact()).isTrue();
      assertThat(report.transactionsChecked()).isEqualTo(total);
      // Every block was written by exactly one of them.
      long height = ledgers.get(0).height();
      assertThat(ledgers.stream().mapToLong(l -> l.stats().blocks()).sum()).isEqualTo(height);
      assertThat(ledgers.stream().mapToLong(l -> l.stats().transactions()).sum()).isEqualTo(total);
      String root = ledgers.get(0).treeHead().rootHex();
      assertThat(ledgers).allSatisfy(l -> assertThat(l.treeHead().rootHex()).isEqualTo(root));
    }

    @Test
    void block_timestamps_increase_across_writers() {
      EmbeddedLedger a = open(FOLLOW_NEVER);
      EmbeddedLedger b = open(FOLLOW_NEVER);
      for (int i = 0; i < 20; i++) {
        put(i % 2 == 0 ? a : b, "t" + i, "v");
      }

      List<BlockView> blocks = a.blocks(0, 100);
      assertThat(blocks).hasSize(20);
      for (int i = 1; i < blocks.size(); i++) {
        assertThat(blocks.get(i).timestamp()).isAfter(blocks.get(i - 1).timestamp());
      }
      assertThat(a.verify().intact()).isTrue();
    }

    @Test
    void the_same_caller_transaction_id_through_two_ledgers_commits_once() {
      EmbeddedLedger a = open(FOLLOW_NEVER);
      EmbeddedLedger b = open(FOLLOW_NEVER);

      SubmitResult first =
          a.submit(org1, Invocation.of("ledgertest:put", "k", "from-a").withTxId("outbox-1"));
      SubmitResult second =
          b.submit(org1, Invocation.of("ledgertest:put", "k", "from-b").withTxId("outbox-1"));

      assertThat(second.blockNumber()).isEqualTo(first.blockNumber());
      assertThat(second.txIndex()).isEqualTo(first.txIndex());
      assertThat(second.payloadUtf8()).isEqualTo("from-a");
      assertThat(b.evaluate(org1, "ledgertest:history", "k")).isEqualTo("from-a");
      assertThat(b.treeHead().treeSize()).isEqualTo(1);
    }

    @Test
    void racing_submissions_of_one_transaction_id_through_three_ledgers_commit_once()
        throws Exception {
      List<EmbeddedLedger> ledgers =
          List.of(open(FOLLOW_FAST), open(FOLLOW_FAST), open(FOLLOW_FAST));
      int ids = 40;
      ExecutorService pool = Executors.newFixedThreadPool(12);
      List<Future<SubmitResult>> futures = new ArrayList<>();
      for (int i = 0; i < ids; i++) {
        for (int l = 0; l < ledgers.size(); l++) {
          EmbeddedLedger ledger = ledgers.get(l);
          String value = "via-" + l;
          Invocation invocation =
              Invocation.of("ledgertest:put", "race-" + i, value).withTxId("race-" + i);
          Callable<SubmitResult> submit = () -> ledger.submit(org1, invocation);
          futures.add(pool.submit(submit));
        }
      }
      List<SubmitResult> results = new ArrayList<>();
      for (Future<SubmitResult> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      pool.shutdown();

      assertThat(ledgers.get(0).treeHead().treeSize()).isEqualTo(ids);
      for (int i = 0; i < ids; i++) {
        String id = "race-" + i;
        List<SubmitResult> same = results.stream().filter(r -> r.txId().equals(id)).toList();
        assertThat(same).hasSize(3);
        assertThat(same)
            .extracting(SubmitResult::blockNumber)
            .containsOnly(same.get(0).blockNumber());
        assertThat(same)
            .extracting(SubmitResult::payloadUtf8)
            .containsOnly(same.get(0).payloadUtf8());
        // One write in the key's history, whoever won.
        assertThat(ledgers.get(1).evaluate(org1, "ledgertest:history", id))
            .isEqualTo(same.get(0).payloadUtf8());
      }
      assertThat(ledgers.get(2).verify().intact()).isTrue();
    }

    @Test
    void a_different_tree_head_key_is_refused() {
      EmbeddedLedger a = open(FOLLOW_NEVER);
      put(a, "k", "v");

      assertThatThrownBy(() -> EmbeddedLedger.open(database, TestIdentities.p256(), FOLLOW_NEVER))
          .isInstanceOf(LedgerException.class)
          .hasMessageContaining("another key");
      assertThat(put(a, "k2", "v").blockNumber()).isEqualTo(1);
    }
  }

  @Nested
  class Reading {

    @Test
    void a_write_through_one_ledger_is_read_through_another_as_soon_as_submit_returns() {
      // The follower thread never runs here: reads catch up by themselves.
      EmbeddedLedger a = open(FOLLOW_NEVER);
      EmbeddedLedger b = open(FOLLOW_NEVER);

      for (int i = 0; i < 10; i++) {
        EmbeddedLedger writer = i % 2 == 0 ? a : b;
        EmbeddedLedger reader = i % 2 == 0 ? b : a;
        put(writer, "colour", "c" + i);
        assertThat(get(reader, "colour")).isEqualTo("c" + i);
      }
      assertThat(b.evaluate(org1, "ledgertest:history", "colour"))
          .isEqualTo("c9,c8,c7,c6,c5,c4,c3,c2,c1,c0");
      assertThat(a.height()).isEqualTo(10);
      assertThat(b.height()).isEqualTo(10);
    }

    @Test
    void proofs_from_another_ledger_cover_its_writes() throws Exception {
      EmbeddedLedger a = open(FOLLOW_NEVER);
      EmbeddedLedger b = open(FOLLOW_NEVER);
      put(a, "x", "1");
      var old = b.treeHead();
      SubmitResult r = put(a, "y", "2");

      InclusionProof proof = b.proveInclusion(r.txId()).orElseThrow();
      proof.verify(treeHeadKey.getPublic());
      assertThat(proof.treeHead().rootHex()).isEqualTo(a.treeHead().rootHex());
      put(a, "z", "3");
      MerkleProofs.verifyConsistency(
          old.treeSize(),
          3,
          old.rootHash(),
          a.treeHead().rootHash(),
          b.proveConsistency(old.treeSize(), 3));
    }
  }

  @Nested
  class Following {

    @Test
    void a_stored_block_that_does_not_continue_the_followed_chain_is_refused() throws Exception {
      EmbeddedLedger a = open(FOLLOW_NEVER);
      EmbeddedLedger b = open(FOLLOW_NEVER);
      put(a, "k", "1");
      assertThat(get(b, "k")).isEqualTo("1");
      put(a, "k", "2");
      try (Connection c = database.getConnection();
          Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE ledger.block SET hash = sha256(hash) WHERE number = 1");
      }

      assertThatThrownBy(() -> get(b, "k"))
          .isInstanceOf(LedgerException.class)
          .hasMessageContaining("stored block 1 cannot be followed");
      assertThat(b.verify().intact()).isFalse();
    }

    @Test
    void every_subscriber_receives_every_event_in_block_order() throws Exception {
      List<EmbeddedLedger> ledgers =
          List.of(open(FOLLOW_FAST), open(FOLLOW_FAST), open(FOLLOW_FAST));
      List<List<ChaincodeEvent>> seen = new ArrayList<>();
      List<Subscription> subscriptions = new ArrayList<>();
      for (EmbeddedLedger ledger : ledgers) {
        List<ChaincodeEvent> events = new CopyOnWriteArrayList<>();
        seen.add(events);
        subscriptions.add(ledger.subscribe(Checkpoint.START, events::add));
      }
      int perLedger = 60;
      ExecutorService pool = Executors.newFixedThreadPool(12);
      List<Future<SubmitResult>> futures = new ArrayList<>();
      for (int l = 0; l < ledgers.size(); l++) {
        EmbeddedLedger ledger = ledgers.get(l);
        for (int i = 0; i < perLedger; i++) {
          String key = "e-" + l + "-" + i;
          futures.add(pool.submit(() -> put(ledger, key, "v")));
        }
      }
      Set<String> committed = new HashSet<>();
      for (Future<SubmitResult> f : futures) {
        committed.add(f.get(60, TimeUnit.SECONDS).txId());
      }
      pool.shutdown();

      int total = ledgers.size() * perLedger;
      for (List<ChaincodeEvent> events : seen) {
        awaitSize(events, total);
        assertThat(events)
            .extracting(ChaincodeEvent::txId)
            .containsExactlyInAnyOrderElementsOf(committed);
        assertThat(events)
            .extracting(ChaincodeEvent::checkpoint)
            .isSortedAccordingTo(Comparator.naturalOrder())
            .doesNotHaveDuplicates();
      }
      assertThat(seen.get(1))
          .extracting(ChaincodeEvent::txId)
          .containsExactlyElementsOf(seen.get(0).stream().map(ChaincodeEvent::txId).toList());
      subscriptions.forEach(Subscription::close);
    }

    @Test
    void a_ledger_closed_and_reopened_from_its_checkpoint_receives_what_others_committed_meanwhile()
        throws Exception {
      EmbeddedLedger a = open(FOLLOW_FAST);
      EmbeddedLedger b = open(FOLLOW_FAST);
      List<ChaincodeEvent> before = new CopyOnWriteArrayList<>();
      Subscription first = a.subscribe(Checkpoint.START, before::add);
      put(a, "m1", "1");
      put(b, "m2", "2");
      awaitSize(before, 2);
      Checkpoint stored = before.get(1).checkpoint();
      first.close();
      a.close(); // as if its process were killed
      opened.remove(a);

      put(b, "m3", "3");
      put(b, "m4", "4");
      put(b, "m5", "5");

      EmbeddedLedger reopened = open(FOLLOW_FAST);
      List<ChaincodeEvent> after = new CopyOnWriteArrayList<>();
      try (Subscription s = reopened.subscribe(stored, after::add)) {
        put(b, "m6", "6");
        awaitSize(after, 4);
      }
      assertThat(after)
          .extracting(ChaincodeEvent::payloadUtf8)
          .containsExactly("m3=3", "m4=4", "m5=5", "m6=6");
      assertThat(get(reopened, "m6")).isEqualTo("6");
      assertThat(put(reopened, "m7", "7").blockNumber()).isEqualTo(6);
      assertThat(b.verify().intact()).isTrue();
    }

    @Test
    void the_follower_applies_other_ledgers_blocks_without_being_asked() throws Exception {
      EmbeddedLedger a = open(FOLLOW_FAST);
      EmbeddedLedger b = open(FOLLOW_FAST);
      put(a, "f1", "1");
      put(a, "f2", "2");

      for (int i = 0; i < 400 && b.stats().blocksFollowed() < 2; i++) {
        Thread.sleep(25);
      }
      assertThat(b.stats().blocksFollowed()).isEqualTo(2);
      assertThat(b.stats().blocks()).isZero();
    }
  }

  private static void awaitSize(List<?> list, int size) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(30);
    while (list.size() < size && Instant.now().isBefore(deadline)) {
      Thread.sleep(25);
    }
    Thread.sleep(100);
    assertThat(list).hasSize(size);
  }
}
