package io.mitai.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.ledger.Invocation;
import io.mitai.ledger.LedgerIdentity;
import io.mitai.ledger.LedgerUnavailableException;
import io.mitai.ledger.SubmitResult;
import io.mitai.ledger.testing.TestIdentities;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** The database goes away under a running ledger and comes back: nothing is lost or doubled. */
class DatabaseOutageTest {

  @TempDir Path dataDir;

  @Test
  void writes_fail_with_retry_while_the_database_is_down_and_resume_on_the_same_chain()
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    LedgerIdentity org1 = TestIdentities.identity("org1");
    KeyPair key = TestIdentities.p256();
    EmbeddedPostgres pg = start(port);
    DataSource ds = dataSource(port);
    EmbeddedLedger ledger =
        EmbeddedLedger.open(
            ds,
            key,
            new EmbeddedLedgerConfig("mitai", "mitai", 500, Duration.ZERO, Duration.ofSeconds(5)));
    try {
      SubmitResult before = ledger.submit(org1, Invocation.of("ledgertest:put", "k", "before"));

      pg.close();
      assertThatThrownBy(
              () ->
                  ledger.submit(
                      org1, Invocation.of("ledgertest:put", "k", "during").withTxId("retry-1")))
          .isInstanceOf(LedgerUnavailableException.class);

      pg = start(port);
      SubmitResult retried =
          ledger.submit(org1, Invocation.of("ledgertest:put", "k", "during").withTxId("retry-1"));
      SubmitResult again =
          ledger.submit(org1, Invocation.of("ledgertest:put", "k", "during").withTxId("retry-1"));

      assertThat(retried.blockNumber()).isEqualTo(before.blockNumber() + 1);
      assertThat(again.blockNumber()).isEqualTo(retried.blockNumber());
      assertThat(ledger.evaluate(org1, "ledgertest:history", "k")).isEqualTo("during,before");
      assertThat(ledger.verify().intact()).isTrue();
      assertThat(ledger.treeHead().treeSize()).isEqualTo(2);
    } finally {
      ledger.close();
      pg.close();
    }
  }

  private EmbeddedPostgres start(int port) throws Exception {
    return EmbeddedPostgres.builder()
        .setPort(port)
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .start();
  }

  private static DataSource dataSource(int port) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl("jdbc:postgresql://localhost:" + port + "/postgres");
    ds.setUser("postgres");
    ds.setConnectTimeout(2);
    return ds;
  }
}
