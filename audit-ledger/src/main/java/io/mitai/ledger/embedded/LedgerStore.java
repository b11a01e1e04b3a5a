package io.mitai.ledger.embedded;

import io.mitai.chaincode.memory.StateReader;
import io.mitai.ledger.LedgerUnavailableException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The only code that touches the ledger's tables (schema {@code ledger}). Plain JDBC: the ledger is
 * append-only and hot, so statements are batched by hand and no ORM sits in between.
 */
final class LedgerStore {

  static final String SCHEMA = "ledger";

  private final DataSource dataSource;

  /**
   * The committer's own connection, kept open: opening one per block would cost more than writing
   * the block. Only the committer thread uses it; it is replaced after any failure.
   */
  private Connection writer;

  LedgerStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Creates or updates the schema. Processes sharing one ledger may start together: they migrate
   * one after another under a session advisory lock of their own (Flyway's own lock is taken only
   * after it has created the schema, which two processes would otherwise race to do).
   */
  void migrate() {
    try (Connection c = dataSource.getConnection()) {
      advisory(c, "SELECT pg_advisory_lock(?)");
      try {
        Flyway.configure()
            .dataSource(dataSource)
            .schemas(SCHEMA)
            .createSchemas(true)
            .locations("classpath:db/ledger")
            .table("ledger_schema_history")
            .load()
            .migrate();
      } finally {
        advisory(c, "SELECT pg_advisory_unlock(?)");
      }
    } catch (SQLException e) {
      throw new LedgerUnavailableException("the ledger schema could not be migrated", e);
    }
  }

  private static void advisory(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, MIGRATION_LOCK);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
      }
    }
  }

  /** A block and everything it changes, written in one database transaction. */
  record BlockWrite(
      long number, byte[] header, byte[] hash, byte[] signature, List<TxWrite> transactions) {}

  record TxWrite(
      String txId,
      int txIndex,
      long leafIndex,
      byte[] envelope,
      byte[] leafHash,
      String eventName,
      Instant timestamp,
      List<TxEnvelope.Write> writes,
      List<byte[]> writeValues) {}

  record StoredBlock(long number, byte[] header, byte[] hash, byte[] signature) {}

  record StoredTx(
      String txId,
      long blockNumber,
      int txIndex,
      long leafIndex,
      byte[] envelope,
      byte[] leafHash) {}

  record StoredEvent(long blockNumber, int txIndex, byte[] envelope) {}

  record StoredState(String key, byte[] value) {}

  /**
   * The advisory lock every process writing this ledger takes, transaction-scoped, before it
   * catches up and writes a block: it serialises commits across processes sharing the database
   * (advisory locks are per database). ASCII "mitaiLDG"; nothing else in the schema uses it.
   */
  static final long COMMIT_LOCK = 0x6d697461694c4447L;

  /** The session advisory lock held while the schema is migrated. ASCII "mitaiLMG". */
  static final long MIGRATION_LOCK = 0x6d697461694c4d47L;

  /** A failure of the database while a block was being written. */
  static final class BlockWriteFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean connectionLost;

    BlockWriteFailure(SQLException cause) {
      super(cause);
      this.connectionLost = isConnectionFailure(cause);
    }

    /** The connection failed (SQLSTATE class 08): the whole block may be tried again at once. */
    boolean connectionLost() {
      return connectionLost;
    }
  }

  /** Work done on one connection inside one database transaction. */
  @FunctionalInterface
  interface SessionWork<T> {
    T run(LedgerSession session) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction on the kept writer connection and commits it. On any
   * failure the transaction is rolled back and the connection dropped; the next block opens a fresh
   * one. Only the committer thread calls this.
   */
  <T> T inWriterTransaction(SessionWork<T> work) throws BlockWriteFailure {
    try {
      Connection c = writer();
      try {
        T result = work.run(new LedgerSession(c));
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        discardWriter();
        throw e;
      }
    } catch (SQLException e) {
      throw new BlockWriteFailure(e);
    }
  }

  /** Runs {@code work} on a connection of the pool in auto-commit mode (each statement alone). */
  <T> T read(SessionWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(new LedgerSession(c));
    } catch (SQLException e) {
      throw new LedgerUnavailableException("the ledger database could not be read", e);
    }
  }

  /**
   * Runs {@code work} in one read-only REPEATABLE READ transaction: every statement sees the same
   * snapshot, so state, leaves and the last block loaded together belong to the same block even
   * while other processes commit.
   */
  <T> T readSnapshot(SessionWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      int isolation = c.getTransactionIsolation();
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try {
        T result = work.run(new LedgerSession(c));
        c.commit();
        return result;
      } finally {
        try {
          c.rollback();
        } finally {
          c.setReadOnly(false);
          c.setTransactionIsolation(isolation);
          c.setAutoCommit(autoCommit);
        }
      }
    } catch (SQLException e) {
      throw new LedgerUnavailableException("the ledger database could not be read", e);
    }
  }

  /** SQLSTATE class 08: the connection, not the statement, failed. */
  private static boolean isConnectionFailure(SQLException e) {
    String state = e.getSQLState();
    return state != null && state.startsWith("08");
  }

  private Connection writer() throws SQLException {
    if (writer == null || writer.isClosed()) {
      writer = dataSource.getConnection();
      writer.setAutoCommit(false);
    }
    return writer;
  }

  /** Rolls back and drops the writer connection; the next block opens a fresh one. */
  private void discardWriter() {
    Connection c = writer;
    writer = null;
    if (c != null) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // The connection is being dropped either way.
      }
      try {
        c.close();
      } catch (SQLException ignored) {
        // Nothing more to release.
      }
    }
  }

  /** Releases the writer connection (when the ledger closes). */
  void closeWriter() {
    discardWriter();
  }

  Optional<byte[]> meta(String name) {
    return queryOne(
        "SELECT value FROM ledger.meta WHERE name = ?",
        ps -> ps.setString(1, name),
        rs -> rs.getBytes(1));
  }

  void putMetaIfAbsent(String name, byte[] value) {
    update(
        "INSERT INTO ledger.meta(name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
        ps -> {
          ps.setString(1, name);
          ps.setBytes(2, value);
        });
  }

  Optional<StoredBlock> block(long number) {
    return queryOne(
        "SELECT number, header, hash, signature FROM ledger.block WHERE number = ?",
        ps -> ps.setLong(1, number),
        LedgerStore::block);
  }

  /** Blocks in ascending stored order starting at {@code fromNumber}. */
  List<StoredBlock> blocks(long fromNumber, int limit) {
    List<StoredBlock> out = new ArrayList<>();
    query(
        "SELECT number, header, hash, signature FROM ledger.block WHERE number >= ? ORDER BY number LIMIT ?",
        ps -> {
          ps.setLong(1, fromNumber);
          ps.setInt(2, limit);
        },
        rs -> out.add(block(rs)));
    return out;
  }

  List<StoredTx> transactionsOf(long blockNumber) {
    List<StoredTx> out = new ArrayList<>();
    query(
        "SELECT tx_id, block_number, tx_index, leaf_index, envelope, leaf_hash FROM ledger.tx"
            + " WHERE block_number = ? ORDER BY tx_index",
        ps -> ps.setLong(1, blockNumber),
        rs -> out.add(tx(rs)));
    return out;
  }

  /** The ids of a block's transactions in order, without reading their envelopes. */
  List<String> txIdsOf(long blockNumber) {
    List<String> out = new ArrayList<>();
    query(
        "SELECT tx_id FROM ledger.tx WHERE block_number = ? ORDER BY tx_index",
        ps -> ps.setLong(1, blockNumber),
        rs -> out.add(rs.getString(1)));
    return out;
  }

  Optional<StoredTx> transaction(String txId) {
    return queryOne(
        "SELECT tx_id, block_number, tx_index, leaf_index, envelope, leaf_hash FROM ledger.tx WHERE tx_id = ?",
        ps -> ps.setString(1, txId),
        LedgerStore::tx);
  }

  List<StoredEvent> eventsAfter(long blockNumber, int txIndex, int limit) {
    List<StoredEvent> out = new ArrayList<>();
    query(
        "SELECT block_number, tx_index, envelope FROM ledger.tx WHERE event_name IS NOT NULL"
            + " AND (block_number, tx_index) > (?, ?) ORDER BY block_number, tx_index LIMIT ?",
        ps -> {
          ps.setLong(1, blockNumber);
          ps.setInt(2, txIndex);
          ps.setInt(3, limit);
        },
        rs -> out.add(new StoredEvent(rs.getLong(1), rs.getInt(2), rs.getBytes(3))));
    return out;
  }

  List<StateReader.HistoryEntry> history(String key) {
    List<StateReader.HistoryEntry> out = new ArrayList<>();
    query(
        "SELECT tx_id, ts, value, is_delete FROM ledger.history WHERE key = ?"
            + " ORDER BY block_number DESC, tx_index DESC",
        ps -> ps.setBytes(1, key.getBytes(StandardCharsets.UTF_8)),
        rs ->
            out.add(
                new StateReader.HistoryEntry(
                    rs.getString(1),
                    rs.getTimestamp(2).toInstant(),
                    rs.getBytes(3),
                    rs.getBoolean(4))));
    return out;
  }

  static StoredBlock block(ResultSet rs) throws SQLException {
    return new StoredBlock(rs.getLong(1), rs.getBytes(2), rs.getBytes(3), rs.getBytes(4));
  }

  static StoredTx tx(ResultSet rs) throws SQLException {
    return new StoredTx(
        rs.getString(1),
        rs.getLong(2),
        rs.getInt(3),
        rs.getLong(4),
        rs.getBytes(5),
        rs.getBytes(6));
  }

  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  @FunctionalInterface
  interface RowSink {
    void accept(ResultSet rs) throws SQLException;
  }

  private <T> Optional<T> queryOne(String sql, Binder binder, RowReader<T> reader) {
    List<T> out = new ArrayList<>(1);
    query(sql, binder, rs -> out.add(reader.read(rs)));
    return out.stream().findFirst();
  }

  private void query(String sql, Binder binder, RowSink sink) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sink.accept(rs);
        }
      }
    } catch (SQLException e) {
      throw new LedgerUnavailableException("the ledger database could not be read", e);
    }
  }

  private void update(String sql, Binder binder) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new LedgerUnavailableException("the ledger database could not be written", e);
    }
  }
}
