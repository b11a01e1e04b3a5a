package io.mitai.ledger.embedded;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Statements on one connection, in whatever transaction it is in: the committer's block transaction
 * (after {@link #lockCommits()}), a snapshot at start, or auto-commit reads of a follower.
 */
final class LedgerSession {
  private final Connection c;

  LedgerSession(Connection c) {
    this.c = c;
  }

  /**
   * Waits for the ledger's commit lock, held until this transaction ends. Statements after it see
   * every block committed by whoever held it before (READ COMMITTED takes a snapshot per statement,
   * and a holder's commit is visible before its lock is released).
   */
  void lockCommits() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      ps.setLong(1, LedgerStore.COMMIT_LOCK);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
      }
    }
  }

  /** The number of the last stored block, or -1 when there is none. */
  long lastBlockNumber() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT max(number) FROM ledger.block");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      long last = rs.getLong(1);
      return rs.wasNull() ? -1 : last;
    }
  }

  /** Up to {@code limit} stored blocks from {@code fromNumber} on, in number order. */
  List<LedgerStore.StoredBlock> blocks(long fromNumber, int limit) throws SQLException {
    List<LedgerStore.StoredBlock> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT number, header, hash, signature FROM ledger.block WHERE number >= ?"
                + " ORDER BY number LIMIT ?")) {
      ps.setLong(1, fromNumber);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(LedgerStore.block(rs));
        }
      }
    }
    return out;
  }

  /** The transactions of blocks {@code first..last} (inclusive), in block and index order. */
  List<LedgerStore.StoredTx> transactionsOfBlocks(long first, long last) throws SQLException {
    List<LedgerStore.StoredTx> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT tx_id, block_number, tx_index, leaf_index, envelope, leaf_hash FROM ledger.tx"
                + " WHERE block_number BETWEEN ? AND ? ORDER BY block_number, tx_index")) {
      ps.setLong(1, first);
      ps.setLong(2, last);
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(LedgerStore.tx(rs));
        }
      }
    }
    return out;
  }

  /** Those of {@code txIds} already committed, by id: one statement for a whole block. */
  Map<String, LedgerStore.StoredTx> transactions(Collection<String> txIds) throws SQLException {
    Map<String, LedgerStore.StoredTx> out = new TreeMap<>();
    if (txIds.isEmpty()) {
      return out;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT tx_id, block_number, tx_index, leaf_index, envelope, leaf_hash FROM ledger.tx"
                + " WHERE tx_id = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("text", txIds.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          LedgerStore.StoredTx tx = LedgerStore.tx(rs);
          out.put(tx.txId(), tx);
        }
      }
    }
    return out;
  }

  /** Inserts a block, its transactions, its history and its state changes. */
  void append(LedgerStore.BlockWrite block) throws SQLException {
    insertBlock(block);
    insertTransactions(block);
    applyWrites(block);
  }

  void loadState(Consumer<LedgerStore.StoredState> sink) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT key, value FROM ledger.state")) {
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sink.accept(
              new LedgerStore.StoredState(
                  new String(rs.getBytes(1), StandardCharsets.UTF_8), rs.getBytes(2)));
        }
      }
    }
  }

  /** Leaf hashes in leaf order, for rebuilding the Merkle tree at start. */
  void loadLeafHashes(Consumer<byte[]> sink) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT leaf_hash FROM ledger.tx ORDER BY leaf_index")) {
      ps.setFetchSize(10_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sink.accept(rs.getBytes(1));
        }
      }
    }
  }

  Optional<LedgerStore.StoredBlock> lastBlock() throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT number, header, hash, signature FROM ledger.block"
                    + " ORDER BY number DESC LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(LedgerStore.block(rs)) : Optional.empty();
    }
  }

  private void insertBlock(LedgerStore.BlockWrite block) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO ledger.block(number, header, hash, signature) VALUES (?,?,?,?)")) {
      ps.setLong(1, block.number());
      ps.setBytes(2, block.header());
      ps.setBytes(3, block.hash());
      ps.setBytes(4, block.signature());
      ps.executeUpdate();
    }
  }

  private void insertTransactions(LedgerStore.BlockWrite block) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO ledger.tx(tx_id, block_number, tx_index, leaf_index, envelope, leaf_hash, event_name)"
                + " VALUES (?,?,?,?,?,?,?)")) {
      for (LedgerStore.TxWrite tx : block.transactions()) {
        ps.setString(1, tx.txId());
        ps.setLong(2, block.number());
        ps.setInt(3, tx.txIndex());
        ps.setLong(4, tx.leafIndex());
        ps.setBytes(5, tx.envelope());
        ps.setBytes(6, tx.leafHash());
        ps.setString(7, tx.eventName());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private void applyWrites(LedgerStore.BlockWrite block) throws SQLException {
    // History keeps every write; the state table only needs each key's last write in the block.
    Map<String, FinalWrite> last = new TreeMap<>();
    try (PreparedStatement history =
        c.prepareStatement(
            "INSERT INTO ledger.history(key, block_number, tx_index, tx_id, ts, value, is_delete)"
                + " VALUES (?,?,?,?,?,?,?)")) {
      for (LedgerStore.TxWrite tx : block.transactions()) {
        for (int i = 0; i < tx.writes().size(); i++) {
          TxEnvelope.Write w = tx.writes().get(i);
          byte[] value = tx.writeValues().get(i);
          history.setBytes(1, w.key().getBytes(StandardCharsets.UTF_8));
          history.setLong(2, block.number());
          history.setInt(3, tx.txIndex());
          history.setString(4, tx.txId());
          history.setTimestamp(5, Timestamp.from(tx.timestamp()));
          history.setBytes(6, value);
          history.setBoolean(7, w.delete());
          history.addBatch();
          last.put(w.key(), new FinalWrite(w.delete() ? null : value, tx.txIndex()));
        }
      }
      history.executeBatch();
    }
    try (PreparedStatement upsert =
            c.prepareStatement(
                "INSERT INTO ledger.state(key, value, block_number, tx_index) VALUES (?,?,?,?)"
                    + " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value,"
                    + " block_number = EXCLUDED.block_number, tx_index = EXCLUDED.tx_index");
        PreparedStatement delete = c.prepareStatement("DELETE FROM ledger.state WHERE key = ?")) {
      for (Map.Entry<String, FinalWrite> e : last.entrySet()) {
        byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
        if (e.getValue().value() == null) {
          delete.setBytes(1, key);
          delete.addBatch();
        } else {
          upsert.setBytes(1, key);
          upsert.setBytes(2, e.getValue().value());
          upsert.setLong(3, block.number());
          upsert.setInt(4, e.getValue().txIndex());
          upsert.addBatch();
        }
      }
      upsert.executeBatch();
      delete.executeBatch();
    }
  }

  /** A key's last write in a block: its value (null for a delete) and the writing transaction. */
  private record FinalWrite(byte[] value, int txIndex) {}
}
