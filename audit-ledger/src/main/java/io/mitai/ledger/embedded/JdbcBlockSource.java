package io.mitai.ledger.embedded;

import java.util.List;
import javax.sql.DataSource;

/** Reads blocks straight from a ledger database, for the node's own check or an auditor's. */
public final class JdbcBlockSource implements BlockSource {

  private final LedgerStore store;

  JdbcBlockSource(LedgerStore store) {
    this.store = store;
  }

  /** An auditor's read-only view of a ledger database. */
  public static JdbcBlockSource of(DataSource dataSource) {
    return new JdbcBlockSource(new LedgerStore(dataSource));
  }

  @Override
  public List<StoredBlock> blocks(long from, int limit) {
    return store.blocks(from, limit).stream()
        .map(
            b ->
                new StoredBlock(
                    b.number(),
                    b.header(),
                    b.hash(),
                    b.signature(),
                    store.transactionsOf(b.number()).stream()
                        .map(LedgerStore.StoredTx::envelope)
                        .toList()))
        .toList();
  }
}
