package io.mitai.platform.ledger.api;

import io.mitai.ledger.BlockView;
import io.mitai.ledger.TransactionView;
import io.mitai.ledger.VerificationReport;
import java.util.List;

/** DTOs of the block explorer. Hashes are lowercase hex; instants ISO-8601 UTC. */
public final class ExplorerViews {

  private ExplorerViews() {}

  public record Block(
      long number,
      String hash,
      String previousHash,
      String dataHash,
      String timestamp,
      long treeSize,
      String treeRoot,
      List<String> txIds) {
    static Block of(BlockView b) {
      return new Block(
          b.number(),
          b.hash(),
          b.previousHash(),
          b.dataHash(),
          b.timestamp().toString(),
          b.treeSize(),
          b.treeRoot(),
          b.txIds());
    }
  }

  public record Blocks(long height, List<Block> blocks) {}

  public record Write(String key, String value, boolean deleted) {}

  public record Transaction(
      String txId,
      long blockNumber,
      int txIndex,
      long leafIndex,
      String timestamp,
      String creatorMspId,
      String function,
      List<String> args,
      String response,
      String eventName,
      String eventPayload,
      List<Write> writes,
      String leafHash) {
    static Transaction of(TransactionView t) {
      return new Transaction(
          t.txId(),
          t.blockNumber(),
          t.txIndex(),
          t.leafIndex(),
          t.timestamp().toString(),
          t.creatorMspId(),
          t.function(),
          t.args(),
          t.response(),
          t.eventName().orElse(null),
          t.eventPayload().orElse(null),
          t.writes().stream()
              .map(w -> new Write(w.key(), w.value().orElse(null), w.value().isEmpty()))
              .toList(),
          t.leafHash());
    }
  }

  public record Verification(
      boolean intact,
      long blocksChecked,
      long transactionsChecked,
      Long firstBadBlock,
      String problem,
      Long treeSize,
      String treeRoot) {
    static Verification of(VerificationReport r) {
      return new Verification(
          r.intact(),
          r.blocksChecked(),
          r.transactionsChecked(),
          r.firstBadBlock().orElse(null),
          r.problem().orElse(null),
          r.treeHead().map(h -> h.treeSize()).orElse(null),
          r.treeHead().map(h -> h.rootHex()).orElse(null));
    }
  }
}
