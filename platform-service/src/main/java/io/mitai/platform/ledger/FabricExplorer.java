package io.mitai.platform.ledger;

import com.google.protobuf.InvalidProtocolBufferException;
import io.mitai.ledger.BlockView;
import io.mitai.ledger.InclusionProof;
import io.mitai.ledger.LedgerExplorer;
import io.mitai.ledger.SignedTreeHead;
import io.mitai.ledger.Subscription;
import io.mitai.ledger.TransactionView;
import io.mitai.ledger.VerificationReport;
import io.mitai.ledger.fabric.BlockListener;
import io.mitai.ledger.fabric.FabricBlock;
import io.mitai.ledger.fabric.FabricBlocks;
import io.mitai.ledger.fabric.FabricLedger;
import io.mitai.ledger.fabric.FabricTransaction;
import io.mitai.ledger.fabric.OrdererSignatureCheck;
import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.problem.ProblemType;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.jboss.logging.Logger;

/**
 * The explorer of a node on Fabric, over its mirror of the channel's blocks (tables {@code
 * fabric_block}, {@code fabric_tx}). Blocks come from the peer's Deliver service through {@link
 * FabricLedger#subscribeBlocks}, each checked on arrival (data hash, link to the block before);
 * they are stored as the peer sent them, and mirroring resumes after the highest stored block
 * (checking the link to it) after a restart or when the stream breaks. {@link #verify()} re-checks
 * the whole stored chain as Fabric defines it, hashes and the orderer's signature on every block
 * after the genesis configuration block (against the orderer organisations of the configuration in
 * force), so a consistent but forged chain written into the database is caught too; the genesis
 * block itself is the trust anchor (docs/ledger.md says how an auditor pins it). Orderer signatures
 * are not checked on arrival: the peer already checked them before it delivered the block. Fabric
 * has no Merkle tree over transactions, so inclusion proofs and signed tree heads do not exist
 * here: those calls answer {@code explorer-unavailable}.
 */
final class FabricExplorer implements LedgerExplorer, BlockListener, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(FabricExplorer.class);
  private static final HexFormat HEX = HexFormat.of();

  static final String NO_PROOFS =
      "this node runs on Hyperledger Fabric (mitai.ledger=fabric): Fabric chains blocks by header"
          + " hashes but keeps no Merkle tree over transactions, so there are no inclusion proofs"
          + " or signed tree heads; check the chain with GET /api/v1/ledger/verify";

  private final DataSource db;
  private final FabricLedger ledger;
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "fabric-mirror");
            t.setDaemon(true);
            return t;
          });
  private volatile Subscription subscription;
  private volatile boolean broken;

  FabricExplorer(DataSource db, FabricLedger ledger) {
    this.db = db;
    this.ledger = ledger;
  }

  /** Starts mirroring, and resubscribes from the last stored block whenever the stream stops. */
  void start() {
    watchdog.scheduleWithFixedDelay(this::ensureMirroring, 0, 2, TimeUnit.SECONDS);
  }

  private synchronized void ensureMirroring() {
    if (broken || (subscription != null && subscription.isActive())) {
      return;
    }
    try {
      Optional<Stored> last = lastStored();
      long next = last.map(s -> s.number + 1).orElse(0L);
      subscription = ledger.subscribeBlocks(next, last.map(s -> HEX.parseHex(s.headerHash)), this);
      LOG.infof("mirroring the channel's blocks from block %d", next);
    } catch (RuntimeException e) {
      LOG.warnf("cannot mirror Fabric blocks now (%s); retrying", e.getMessage());
    }
  }

  private record Stored(long number, String headerHash) {}

  private Optional<Stored> lastStored() {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select number, header_hash from fabric_block order by number desc limit 1");
        ResultSet r = s.executeQuery()) {
      return r.next() ? Optional.of(new Stored(r.getLong(1), r.getString(2))) : Optional.empty();
    } catch (SQLException e) {
      throw new IllegalStateException("the block mirror cannot be read", e);
    }
  }

  @Override
  public void onBlock(FabricBlock block) {
    throw new UnsupportedOperationException("the mirror needs the block's bytes");
  }

  @Override
  public void onBlock(FabricBlock block, Block raw) throws SQLException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement b =
              c.prepareStatement(
                  "insert into fabric_block (number, header_hash, block, mirrored_at)"
                      + " values (?, ?, ?, ?) on conflict (number) do nothing");
          PreparedStatement t =
              c.prepareStatement(
                  "insert into fabric_tx (tx_id, block_number, tx_index) values (?, ?, ?)"
                      + " on conflict do nothing")) {
        b.setLong(1, block.number());
        b.setString(2, block.headerHash());
        b.setBytes(3, raw.toByteArray());
        b.setTimestamp(4, Timestamp.from(Instant.now()));
        b.executeUpdate();
        List<FabricTransaction> txs = block.transactions();
        for (int i = 0; i < txs.size(); i++) {
          t.setString(1, txs.get(i).txId());
          t.setLong(2, block.number());
          t.setInt(3, i);
          t.addBatch();
        }
        t.executeBatch();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  @Override
  public void onChainBroken(long blockNumber, String problem) {
    broken = true;
    LOG.errorf(
        "block mirroring stopped: the peer delivered block %d that does not check out (%s)",
        blockNumber, problem);
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
    Subscription s = subscription;
    if (s != null) {
      s.close();
    }
  }

  @Override
  public long height() {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement("select coalesce(max(number) + 1, 0) from fabric_block");
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("the block mirror cannot be read", e);
    }
  }

  @Override
  public List<BlockView> blocks(long from, int limit) {
    List<BlockView> views = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select block from fabric_block where number >= ? order by number limit ?")) {
      s.setLong(1, from);
      s.setInt(2, limit);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          views.add(view(Block.parseFrom(r.getBytes(1))));
        }
      }
      return views;
    } catch (SQLException | InvalidProtocolBufferException e) {
      throw new IllegalStateException("the block mirror cannot be read", e);
    }
  }

  @Override
  public Optional<BlockView> block(long number) {
    return stored(number).map(FabricExplorer::view);
  }

  private Optional<Block> stored(long number) {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement("select block from fabric_block where number = ?")) {
      s.setLong(1, number);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(Block.parseFrom(r.getBytes(1))) : Optional.empty();
      }
    } catch (SQLException | InvalidProtocolBufferException e) {
      throw new IllegalStateException("the block mirror cannot be read", e);
    }
  }

  private static BlockView view(Block block) {
    FabricBlock parsed = FabricBlocks.parse(block);
    return new BlockView(
        parsed.number(),
        parsed.headerHash(),
        parsed.previousHash(),
        parsed.dataHash(),
        timestamp(block),
        0,
        null,
        parsed.transactions().stream().map(FabricTransaction::txId).toList());
  }

  /** The time in the first envelope's channel header (Fabric headers carry no time). */
  private static Instant timestamp(Block block) {
    if (block.getData().getDataCount() == 0) {
      return Instant.EPOCH;
    }
    try {
      ChannelHeader header =
          ChannelHeader.parseFrom(
              Payload.parseFrom(Envelope.parseFrom(block.getData().getData(0)).getPayload())
                  .getHeader()
                  .getChannelHeader());
      return Instant.ofEpochSecond(
          header.getTimestamp().getSeconds(), header.getTimestamp().getNanos());
    } catch (InvalidProtocolBufferException e) {
      return Instant.EPOCH;
    }
  }

  @Override
  public Optional<TransactionView> transaction(String txId) {
    long number;
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select block_number from fabric_tx where tx_id = ? order by block_number limit 1")) {
      s.setString(1, txId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        number = r.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the block mirror cannot be read", e);
    }
    return stored(number)
        .map(FabricBlocks::parse)
        .flatMap(
            b -> {
              List<FabricTransaction> txs = b.transactions();
              for (int i = 0; i < txs.size(); i++) {
                FabricTransaction t = txs.get(i);
                if (t.txId().equals(txId)) {
                  return Optional.of(
                      new TransactionView(
                          t.txId(),
                          b.number(),
                          i,
                          -1,
                          t.timestamp(),
                          t.creatorMspId(),
                          t.function(),
                          t.args(),
                          t.response(),
                          t.eventName(),
                          t.eventPayload(),
                          List.of(),
                          null));
                }
              }
              return Optional.empty();
            });
  }

  /**
   * Re-checks the mirrored chain from block 0: every stored block decodes, the numbers run without
   * a gap, each block's data hash is the SHA-256 of its envelopes, each header links to the hash of
   * the header before it, the stored header hash is the header's, block 0 is the channel's genesis
   * configuration block and every later block carries a valid signature of an orderer organisation
   * of the configuration in force ({@link OrdererSignatureCheck}).
   */
  @Override
  public VerificationReport verify() {
    long checked = 0;
    long transactions = 0;
    Optional<byte[]> previous = Optional.empty();
    OrdererSignatureCheck signatures = new OrdererSignatureCheck();
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select number, header_hash, block from fabric_block order by number")) {
      s.setFetchSize(100);
      c.setAutoCommit(false);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          long number = r.getLong(1);
          if (number != checked) {
            return VerificationReport.broken(
                checked, transactions, checked, "block " + checked + " is missing from the mirror");
          }
          Block block;
          try {
            block = Block.parseFrom(r.getBytes(3));
          } catch (InvalidProtocolBufferException e) {
            return VerificationReport.broken(
                checked, transactions, number, "block " + number + " does not decode");
          }
          if (block.getHeader().getNumber() != number) {
            return VerificationReport.broken(
                checked,
                transactions,
                number,
                "block " + number + " is stored under the wrong number");
          }
          Block decoded = block;
          Optional<String> problem =
              FabricBlocks.check(decoded, previous).or(() -> signatures.next(decoded));
          if (problem.isPresent()) {
            return VerificationReport.broken(checked, transactions, number, problem.get());
          }
          byte[] headerHash = FabricBlocks.headerHash(block.getHeader());
          if (!MessageDigest.isEqual(headerHash, HEX.parseHex(r.getString(2)))) {
            return VerificationReport.broken(
                checked,
                transactions,
                number,
                "block " + number + ": its stored header hash is not its header's");
          }
          previous = Optional.of(headerHash);
          transactions += FabricBlocks.parse(block).transactions().size();
          checked++;
        }
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the block mirror cannot be read", e);
    }
    return VerificationReport.intact(checked, transactions, null);
  }

  @Override
  public Optional<InclusionProof> proveInclusion(String txId) {
    throw new ProblemException(ProblemType.EXPLORER_UNAVAILABLE, NO_PROOFS);
  }

  @Override
  public List<InclusionProof> proveInclusion(List<String> txIds) {
    throw new ProblemException(ProblemType.EXPLORER_UNAVAILABLE, NO_PROOFS);
  }

  @Override
  public SignedTreeHead treeHead() {
    throw new ProblemException(ProblemType.EXPLORER_UNAVAILABLE, NO_PROOFS);
  }

  @Override
  public PublicKey treeHeadKey() {
    throw new ProblemException(ProblemType.EXPLORER_UNAVAILABLE, NO_PROOFS);
  }
}
