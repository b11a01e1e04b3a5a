package io.mitai.ledger.fabric;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.mitai.ledger.BlockView;
import io.mitai.ledger.embedded.EmbeddedLedger;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.orderer.SeekInfo;
import org.hyperledger.fabric.protos.peer.DeliverGrpc;
import org.hyperledger.fabric.protos.peer.DeliverResponse;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Fabric's Deliver service, in process: builds real Fabric blocks (DER-hashed headers chained by
 * previous hash, data hash over the envelopes, a transactions filter in the metadata, the orderer's
 * signature) from the embedded ledger's blocks and the envelopes the clients signed, and streams
 * them from the requested start block, as a peer does for block events. As on a real channel, block
 * 0 is the genesis configuration block (naming the in-process orderer organisation), so Fabric
 * block {@code n + 1} holds the embedded ledger's block {@code n} ({@link #CONFIG_BLOCKS}).
 */
public final class InProcessDeliver extends DeliverGrpc.DeliverImplBase {

  /** Fabric block numbers are the embedded ledger's plus this: the genesis configuration block. */
  public static final long CONFIG_BLOCKS = 1;

  private final EmbeddedLedger ledger;
  private final InProcessGateway gateway;
  private final InProcessOrderer orderer = new InProcessOrderer();
  private final Map<Long, Block> built = new ConcurrentHashMap<>();

  public InProcessDeliver(EmbeddedLedger ledger, InProcessGateway gateway) {
    this.ledger = ledger;
    this.gateway = gateway;
  }

  /** The block as it was delivered, to let tests tamper with a copy. */
  Block block(long number) {
    return built.computeIfAbsent(number, this::build);
  }

  @Override
  public StreamObserver<Envelope> deliver(StreamObserver<DeliverResponse> response) {
    ServerCallStreamObserver<DeliverResponse> out =
        (ServerCallStreamObserver<DeliverResponse>) response;
    return new StreamObserver<>() {
      @Override
      public void onNext(Envelope request) {
        long start;
        try {
          SeekInfo seek = SeekInfo.parseFrom(Payload.parseFrom(request.getPayload()).getData());
          start =
              seek.getStart().hasSpecified()
                  ? seek.getStart().getSpecified().getNumber()
                  : ledger.height() + CONFIG_BLOCKS;
        } catch (Exception e) {
          out.onError(Status.INVALID_ARGUMENT.withDescription(e.toString()).asRuntimeException());
          return;
        }
        Thread pump =
            new Thread(
                () -> {
                  long next = start;
                  while (!out.isCancelled()) {
                    if (ledger.height() + CONFIG_BLOCKS <= next) {
                      try {
                        Thread.sleep(20);
                      } catch (InterruptedException e) {
                        return;
                      }
                      continue;
                    }
                    Block b = block(next++);
                    synchronized (out) {
                      if (!out.isCancelled()) {
                        out.onNext(DeliverResponse.newBuilder().setBlock(b).build());
                      }
                    }
                  }
                },
                "in-process-deliver");
        pump.setDaemon(true);
        pump.start();
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
  }

  private Block build(long number) {
    if (number == 0) {
      return orderer.genesis("mitai");
    }
    BlockView view = ledger.block(number - CONFIG_BLOCKS).orElseThrow();
    BlockData.Builder data = BlockData.newBuilder();
    ByteArrayOutputStream filter = new ByteArrayOutputStream();
    for (String txId : view.txIds()) {
      gateway
          .committedEnvelope(txId)
          .ifPresent(
              e -> {
                data.addData(e.toByteString());
                filter.write(TxValidationCode.VALID_VALUE);
              });
    }
    byte[] previous = FabricBlocks.headerHash(block(number - 1).getHeader());
    Block unhashed = Block.newBuilder().setData(data).build();
    BlockHeader header =
        BlockHeader.newBuilder()
            .setNumber(number)
            .setPreviousHash(ByteString.copyFrom(previous))
            .setDataHash(ByteString.copyFrom(FabricBlocks.dataHash(unhashed)))
            .build();
    return Block.newBuilder()
        .setHeader(header)
        .setData(data)
        .setMetadata(
            BlockMetadata.newBuilder()
                .addMetadata(orderer.sign(header))
                .addMetadata(ByteString.EMPTY)
                .addMetadata(ByteString.copyFrom(filter.toByteArray()))
                .addMetadata(ByteString.EMPTY)
                .addMetadata(ByteString.EMPTY))
        .build();
  }
}
