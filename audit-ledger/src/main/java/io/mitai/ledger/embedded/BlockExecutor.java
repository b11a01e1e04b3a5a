package io.mitai.ledger.embedded;

import com.google.protobuf.ByteString;
import io.mitai.chaincode.memory.Access;
import io.mitai.chaincode.memory.KeyOrder;
import io.mitai.chaincode.memory.MemoryStub;
import io.mitai.chaincode.memory.Proposal;
import io.mitai.chaincode.memory.StateReader;
import io.mitai.ledger.EndorsementException;
import io.mitai.ledger.Invocation;
import io.mitai.ledger.LedgerIdentity;
import io.mitai.ledger.SubmitResult;
import io.mitai.ledger.codec.BlockJson;
import io.mitai.ledger.merkle.MerkleHasher;
import io.mitai.ledger.merkle.MerkleTree;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.shim.Chaincode.Response;

/**
 * Runs the contract: endorses reads and simulations against committed state, and executes a batch
 * of submissions into a block (envelopes, leaves, header, signed tree head).
 */
final class BlockExecutor {

  private static final HexFormat HEX = HexFormat.of();

  private final EmbeddedLedgerConfig config;
  private final ContractHost contracts;
  private final ChainView chain;
  private final TreeHeadSigner signer;
  private final SecureRandom random = new SecureRandom();

  BlockExecutor(EmbeddedLedgerConfig config, ChainView chain, TreeHeadSigner signer) {
    this.config = config;
    this.chain = chain;
    this.signer = signer;
    this.contracts = ContractHost.forChaincode(config.chaincode());
  }

  /**
   * Executes one call against committed state (caught up first) and returns what the contract
   * returns; its writes are discarded.
   *
   * @throws EndorsementException the contract refused it
   */
  byte[] endorse(
      LedgerIdentity identity, String txId, String function, List<String> args, boolean readOnly) {
    chain.sync();
    MemoryStub stub =
        new MemoryStub(
            new Proposal(
                txId,
                config.channel(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                creator(identity),
                identity.mspId(),
                function,
                args),
            chain.layered(new TreeMap<>(KeyOrder.CODE_POINTS)),
            readOnly ? Access.READ_ONLY : Access.READ_WRITE);
    Response response = invokeContract(stub);
    if (response.getStatusCode() >= 400) {
      throw new EndorsementException(function, response.getMessage(), response.getStringPayload());
    }
    return response.getPayload() == null ? new byte[0] : response.getPayload();
  }

  /**
   * Executes the batch against committed state (caught up) and builds the block in {@code draft},
   * appending its leaves to the tree. Transactions already committed under the same id are answered
   * with their first result and not executed again. The caller holds {@link ChainView#advance}.
   */
  void execute(List<Pending> batch, Map<String, LedgerStore.StoredTx> earlier, BlockDraft draft) {
    long number = chain.height();
    Instant timestamp = nextTimestamp();
    draft.number = number;
    draft.timestamp = timestamp;
    StateReader blockState = chain.layered(draft.writes);
    Map<String, Pending> firstInBlock = new TreeMap<>();
    long firstLeaf = chain.leafCount();

    for (Pending p : batch) {
      if (p.result().isDone()) {
        // Settled by an earlier attempt at this block (a refusal, say).
        continue;
      }
      Invocation inv = p.invocation();
      String txId = p.txId();
      Pending first = firstInBlock.putIfAbsent(txId, p);
      if (first != null) {
        // The same id twice in one block: the second gets whatever the first gets.
        first.result().whenComplete((r, e) -> settle(p, r, e));
        continue;
      }
      LedgerStore.StoredTx stored = earlier.get(txId);
      if (stored != null) {
        p.result().complete(resultOf(stored));
        continue;
      }
      MemoryStub stub =
          new MemoryStub(
              new Proposal(
                  txId,
                  config.channel(),
                  timestamp,
                  creator(p.identity()),
                  p.identity().mspId(),
                  inv.function(),
                  inv.args()),
              blockState,
              Access.READ_WRITE);
      Response response = invokeContract(stub);
      if (response.getStatusCode() >= 400) {
        p.result()
            .completeExceptionally(
                new EndorsementException(
                    inv.function(), response.getMessage(), response.getStringPayload()));
        continue;
      }
      addTransaction(draft, p, stub, response, firstLeaf);
    }

    if (draft.txs.isEmpty()) {
      return;
    }
    seal(draft, firstLeaf);
  }

  /** Records one executed transaction in the draft: envelope, leaf and writes. */
  private void addTransaction(
      BlockDraft draft, Pending p, MemoryStub stub, Response response, long firstLeaf) {
    Invocation inv = p.invocation();
    int txIndex = draft.txs.size();
    long leafIndex = firstLeaf + txIndex;
    List<TxEnvelope.Write> writes = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    stub.writeSet()
        .forEach(
            (key, value) -> {
              writes.add(
                  new TxEnvelope.Write(
                      key, value.map(BlockExecutor::b64).orElse(null), value.isEmpty()));
              values.add(value.orElse(null));
              draft.writes.put(key, value);
            });
    byte[] payload = response.getPayload() == null ? new byte[0] : response.getPayload();
    TxEnvelope.Event event =
        stub.chaincodeEvent()
            .<TxEnvelope.Event>map(
                e -> new TxEnvelope.Event(e.getEventName(), b64(e.getPayload().toByteArray())))
            .orElse(null);
    TxEnvelope envelope =
        new TxEnvelope(
            TxEnvelope.CURRENT_VERSION,
            p.txId(),
            config.channel(),
            config.chaincode(),
            draft.number,
            txIndex,
            leafIndex,
            draft.timestamp.toString(),
            p.identity().mspId(),
            Sha256.hex(p.identity().certificatePem().getBytes(StandardCharsets.UTF_8)),
            inv.function(),
            inv.args(),
            b64(payload),
            event,
            writes);
    byte[] leaf = BlockJson.encode(envelope);
    draft.txs.add(
        new LedgerStore.TxWrite(
            p.txId(),
            txIndex,
            leafIndex,
            leaf,
            MerkleHasher.leafHash(leaf),
            event == null ? null : event.name(),
            draft.timestamp,
            writes,
            values));
    draft.included.add(p);
    draft.responses.add(payload);
  }

  /** Appends the draft's leaves to the tree and builds, hashes and signs its header. */
  private void seal(BlockDraft draft, long firstLeaf) {
    MerkleTree blockTree = new MerkleTree();
    draft.txs.forEach(t -> blockTree.append(t.leafHash()));
    byte[] root =
        chain.writeTree(
            tree -> {
              draft.firstLeaf = firstLeaf;
              draft.leavesAppended = true;
              draft.txs.forEach(t -> tree.append(t.leafHash()));
              return tree.root();
            });
    long treeSize = firstLeaf + draft.txs.size();
    BlockHeader header =
        new BlockHeader(
            BlockHeader.CURRENT_VERSION,
            draft.number,
            chain.lastBlockHash(),
            HEX.formatHex(blockTree.root()),
            draft.timestamp.toString(),
            firstLeaf,
            draft.txs.size(),
            treeSize,
            HEX.formatHex(root));
    draft.headerBytes = BlockJson.encode(header);
    draft.blockHash = Sha256.of(draft.headerBytes);
    draft.head = signer.sign(treeSize, root, draft.timestamp);
  }

  static SubmitResult resultOf(LedgerStore.StoredTx tx) {
    TxEnvelope e = LedgerVerifier.envelope(tx.envelope());
    return new SubmitResult(
        tx.txId(), tx.blockNumber(), tx.txIndex(), Base64.getDecoder().decode(e.response()));
  }

  private static void settle(Pending p, SubmitResult result, Throwable failure) {
    if (failure != null) {
      p.result().completeExceptionally(failure);
    } else {
      p.result().complete(result);
    }
  }

  private Response invokeContract(MemoryStub stub) {
    try {
      return contracts.invoke(stub);
    } catch (RuntimeException e) {
      // The router turns contract exceptions into responses; anything else is a contract bug.
      return new Response(500, "the contract failed: " + e, new byte[0]);
    }
  }

  private Instant nextTimestamp() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant last = chain.lastTimestamp();
    return now.isAfter(last) ? now : last.plusMillis(1);
  }

  String newTxId(LedgerIdentity identity) {
    // Like Fabric: SHA-256 over a fresh nonce and the creator.
    byte[] nonce = new byte[24];
    random.nextBytes(nonce);
    MessageDigest digest = Sha256.digest();
    digest.update(nonce);
    digest.update(creator(identity));
    return HEX.formatHex(digest.digest());
  }

  private static byte[] creator(LedgerIdentity identity) {
    return SerializedIdentity.newBuilder()
        .setMspid(identity.mspId())
        .setIdBytes(ByteString.copyFromUtf8(identity.certificatePem()))
        .build()
        .toByteArray();
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
