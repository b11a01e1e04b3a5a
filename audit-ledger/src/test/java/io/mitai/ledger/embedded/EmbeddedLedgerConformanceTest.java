package io.mitai.ledger.embedded;

import io.mitai.ledger.Ledger;
import io.mitai.ledger.LedgerConformanceTest;
import io.mitai.ledger.testing.TestIdentities;
import io.mitai.ledger.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class EmbeddedLedgerConformanceTest extends LedgerConformanceTest {

  private EmbeddedLedger ledger;

  @BeforeEach
  void open() {
    ledger =
        EmbeddedLedger.open(
            TestPostgres.newDatabase(), TestIdentities.p256(), EmbeddedLedgerConfig.defaults());
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  @Override
  protected Ledger ledger() {
    return ledger;
  }
}
