package io.mitai.ledger.embedded;

import io.mitai.ledger.BlockView;
import io.mitai.ledger.InclusionProof;
import io.mitai.ledger.SignedTreeHead;
import io.mitai.ledger.TransactionView;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Reads the stored chain for explorers and auditors: block and transaction views, and inclusion and
 * consistency proofs against this process's tree (caught up first when a proof needs leaves another
 * process committed).
 */
final class ChainExplorer {

  private static final HexFormat HEX = HexFormat.of();

  private final LedgerStore store;
  private final ChainView chain;

  ChainExplorer(LedgerStore store, ChainView chain) {
    this.store = store;
    this.chain = chain;
  }

  List<BlockView> blocks(long from, int limit) {
    return store.blocks(Math.max(0, from), Math.max(0, Math.min(limit, 1000))).stream()
        .map(this::view)
        .toList();
  }

  Optional<BlockView> block(long number) {
    return store.block(number).map(this::view);
  }

  private BlockView view(LedgerStore.StoredBlock block) {
    BlockHeader header = LedgerVerifier.header(block.header());
    List<String> txIds = store.txIdsOf(block.number());
    return new BlockView(
        header.number(),
        HEX.formatHex(block.hash()),
        header.previousHash(),
        header.dataHash(),
        Instant.parse(header.timestamp()),
        header.treeSize(),
        header.treeRoot(),
        txIds);
  }

  Optional<TransactionView> transaction(String txId) {
    return store.transaction(txId).map(ChainExplorer::view);
  }

  static TransactionView view(LedgerStore.StoredTx tx) {
    TxEnvelope e = LedgerVerifier.envelope(tx.envelope());
    Base64.Decoder b64 = Base64.getDecoder();
    return new TransactionView(
        e.txId(),
        e.blockNumber(),
        e.txIndex(),
        e.leafIndex(),
        Instant.parse(e.timestamp()),
        e.creatorMspId(),
        e.function(),
        e.args(),
        utf8(b64.decode(e.response())),
        Optional.ofNullable(e.event()).map(TxEnvelope.Event::name),
        Optional.ofNullable(e.event()).map(ev -> utf8(b64.decode(ev.payload()))),
        e.writes().stream()
            .map(
                w ->
                    new TransactionView.Write(
                        w.key(), Optional.ofNullable(w.value()).map(v -> utf8(b64.decode(v)))))
            .toList(),
        HEX.formatHex(tx.leafHash()));
  }

  Optional<InclusionProof> proveInclusion(String txId) {
    Optional<LedgerStore.StoredTx> stored = store.transaction(txId);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    if (stored.get().leafIndex() >= chain.treeHead().treeSize()) {
      // Committed by another process and not followed yet.
      chain.sync();
    }
    SignedTreeHead head = chain.treeHead();
    List<byte[]> path =
        chain.readTree(tree -> tree.inclusionProof(stored.get().leafIndex(), head.treeSize()));
    return Optional.of(
        new InclusionProof(txId, stored.get().leafIndex(), stored.get().envelope(), path, head));
  }

  List<InclusionProof> proveInclusion(List<String> txIds) {
    List<LedgerStore.StoredTx> stored = new ArrayList<>(txIds.size());
    long highest = -1;
    for (String txId : txIds) {
      LedgerStore.StoredTx tx =
          store
              .transaction(txId)
              .orElseThrow(
                  () -> new IllegalArgumentException("transaction " + txId + " is not committed"));
      stored.add(tx);
      highest = Math.max(highest, tx.leafIndex());
    }
    if (highest >= chain.treeHead().treeSize()) {
      chain.sync();
    }
    SignedTreeHead head = chain.treeHead();
    return chain.readTree(
        tree -> {
          List<InclusionProof> proofs = new ArrayList<>(stored.size());
          for (LedgerStore.StoredTx tx : stored) {
            proofs.add(
                new InclusionProof(
                    tx.txId(),
                    tx.leafIndex(),
                    tx.envelope(),
                    tree.inclusionProof(tx.leafIndex(), head.treeSize()),
                    head));
          }
          return proofs;
        });
  }

  List<byte[]> proveConsistency(long size1, long size2) {
    if (size2 > chain.treeHead().treeSize()) {
      chain.sync();
    }
    return chain.readTree(tree -> tree.consistencyProof(size1, size2));
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
