package io.mitai.ledger.fabric;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.mitai.ledger.Checkpoint;
import io.mitai.ledger.EndorsementException;
import io.mitai.ledger.Invocation;
import io.mitai.ledger.LedgerException;
import io.mitai.ledger.LedgerIdentity;
import io.mitai.ledger.SubmitResult;
import io.mitai.ledger.Subscription;
import io.mitai.ledger.embedded.EmbeddedLedger;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.gateway.ChaincodeEventsRequest;
import org.hyperledger.fabric.protos.gateway.ChaincodeEventsResponse;
import org.hyperledger.fabric.protos.gateway.CommitStatusRequest;
import org.hyperledger.fabric.protos.gateway.CommitStatusResponse;
import org.hyperledger.fabric.protos.gateway.EndorseRequest;
import org.hyperledger.fabric.protos.gateway.EndorseResponse;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.gateway.EvaluateRequest;
import org.hyperledger.fabric.protos.gateway.EvaluateResponse;
import org.hyperledger.fabric.protos.gateway.GatewayGrpc;
import org.hyperledger.fabric.protos.gateway.SignedChaincodeEventsRequest;
import org.hyperledger.fabric.protos.gateway.SignedCommitStatusRequest;
import org.hyperledger.fabric.protos.gateway.SubmitRequest;
import org.hyperledger.fabric.protos.gateway.SubmitResponse;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.Proposal;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Fabric's Gateway service, in process, backed by the embedded ledger: the real fabric-gateway
 * client talks to it with real proposals, envelopes and ECDSA signatures, which it checks against
 * the creator's certificate. Endorsement simulates the contract (writes discarded); submission
 * executes it for real under the client's transaction id; commit status and chaincode events come
 * from the embedded ledger. Errors follow the peer's conventions (ABORTED with an ErrorDetail
 * "chaincode response 500, ...").
 */
public final class InProcessGateway extends GatewayGrpc.GatewayImplBase {

  private final EmbeddedLedger ledger;
  private final String channelName;
  private final String chaincodeName;
  private final KeyPair peerKey;
  private final Map<String, Endorsed> endorsed = new ConcurrentHashMap<>();
  private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
  private final Map<String, Envelope> committedEnvelopes = new ConcurrentHashMap<>();

  private record Endorsed(LedgerIdentity identity, Invocation invocation) {}

  private record Outcome(TxValidationCode code, long blockNumber) {}

  private record Parsed(LedgerIdentity identity, String txId, Invocation invocation) {}

  public InProcessGateway(
      EmbeddedLedger ledger, String channelName, String chaincodeName, KeyPair peerKey) {
    this.ledger = ledger;
    this.channelName = channelName;
    this.chaincodeName = chaincodeName;
    this.peerKey = peerKey;
  }

  @Override
  public void endorse(EndorseRequest request, StreamObserver<EndorseResponse> response) {
    try {
      SignedProposal signed = request.getProposedTransaction();
      Parsed p = parseProposal(signed);
      if (!p.txId().equals(request.getTransactionId())) {
        throw Status.INVALID_ARGUMENT
            .withDescription("transaction id mismatch")
            .asRuntimeException();
      }
      byte[] result = ledger.simulate(p.identity(), p.txId(), p.invocation());
      Proposal proposal = Proposal.parseFrom(signed.getProposalBytes());
      Header header = Header.parseFrom(proposal.getHeader());
      ChaincodeAction action =
          ChaincodeAction.newBuilder()
              .setResponse(
                  Response.newBuilder().setStatus(200).setPayload(ByteString.copyFrom(result)))
              .setChaincodeId(ChaincodeID.newBuilder().setName(chaincodeName))
              .build();
      ByteString responsePayload =
          ProposalResponsePayload.newBuilder()
              .setProposalHash(ByteString.copyFrom(sha256(signed.getProposalBytes().toByteArray())))
              .setExtension(action.toByteString())
              .build()
              .toByteString();
      ByteString endorser =
          SerializedIdentity.newBuilder()
              .setMspid("PeerMSP")
              .setIdBytes(ByteString.copyFromUtf8("in-process peer"))
              .build()
              .toByteString();
      Endorsement endorsement =
          Endorsement.newBuilder()
              .setEndorser(endorser)
              .setSignature(
                  ByteString.copyFrom(sign(responsePayload.concat(endorser).toByteArray())))
              .build();
      ChaincodeActionPayload actionPayload =
          ChaincodeActionPayload.newBuilder()
              .setChaincodeProposalPayload(proposal.getPayload())
              .setAction(
                  ChaincodeEndorsedAction.newBuilder()
                      .setProposalResponsePayload(responsePayload)
                      .addEndorsements(endorsement))
              .build();
      Transaction transaction =
          Transaction.newBuilder()
              .addActions(
                  TransactionAction.newBuilder()
                      .setHeader(header.getSignatureHeader())
                      .setPayload(actionPayload.toByteString()))
              .build();
      Payload payload =
          Payload.newBuilder().setHeader(header).setData(transaction.toByteString()).build();
      endorsed.put(p.txId(), new Endorsed(p.identity(), p.invocation()));
      response.onNext(
          EndorseResponse.newBuilder()
              .setPreparedTransaction(Envelope.newBuilder().setPayload(payload.toByteString()))
              .build());
      response.onCompleted();
    } catch (EndorsementException e) {
      response.onError(chaincodeError("failed to endorse transaction", e));
    } catch (StatusRuntimeException e) {
      response.onError(e);
    } catch (Exception e) {
      response.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
    }
  }

  @Override
  public void submit(SubmitRequest request, StreamObserver<SubmitResponse> response) {
    try {
      Envelope envelope = request.getPreparedTransaction();
      Payload payload = Payload.parseFrom(envelope.getPayload());
      SignatureHeader signatureHeader =
          SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader());
      SerializedIdentity creator = SerializedIdentity.parseFrom(signatureHeader.getCreator());
      verify(creator, envelope.getPayload().toByteArray(), envelope.getSignature().toByteArray());
      String txId = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader()).getTxId();
      Endorsed e = endorsed.remove(txId);
      if (e == null || !txId.equals(request.getTransactionId())) {
        throw Status.FAILED_PRECONDITION
            .withDescription("transaction " + txId + " was not endorsed here")
            .asRuntimeException();
      }
      try {
        SubmitResult committed = ledger.submit(e.identity(), e.invocation().withTxId(txId));
        committedEnvelopes.put(txId, envelope);
        outcomes.put(
            txId,
            new Outcome(
                TxValidationCode.VALID, committed.blockNumber() + InProcessDeliver.CONFIG_BLOCKS));
      } catch (EndorsementException refused) {
        // State changed between endorsement and commit: Fabric would invalidate it at commit.
        outcomes.put(
            txId,
            new Outcome(
                TxValidationCode.MVCC_READ_CONFLICT,
                ledger.height() + InProcessDeliver.CONFIG_BLOCKS));
      }
      response.onNext(SubmitResponse.getDefaultInstance());
      response.onCompleted();
    } catch (StatusRuntimeException e) {
      response.onError(e);
    } catch (LedgerException e) {
      response.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
    } catch (Exception e) {
      response.onError(Status.INVALID_ARGUMENT.withDescription(e.toString()).asRuntimeException());
    }
  }

  /** The signed envelope a client submitted for a committed transaction, as Fabric stores it. */
  Optional<Envelope> committedEnvelope(String txId) {
    return Optional.ofNullable(committedEnvelopes.get(txId));
  }

  @Override
  public void commitStatus(
      SignedCommitStatusRequest request, StreamObserver<CommitStatusResponse> response) {
    try {
      CommitStatusRequest inner = CommitStatusRequest.parseFrom(request.getRequest());
      verify(
          SerializedIdentity.parseFrom(inner.getIdentity()),
          request.getRequest().toByteArray(),
          request.getSignature().toByteArray());
      Outcome outcome = outcomes.get(inner.getTransactionId());
      if (outcome == null) {
        throw Status.NOT_FOUND.withDescription("no such transaction").asRuntimeException();
      }
      response.onNext(
          CommitStatusResponse.newBuilder()
              .setResult(outcome.code())
              .setBlockNumber(outcome.blockNumber())
              .build());
      response.onCompleted();
    } catch (StatusRuntimeException e) {
      response.onError(e);
    } catch (Exception e) {
      response.onError(Status.INVALID_ARGUMENT.withDescription(e.toString()).asRuntimeException());
    }
  }

  @Override
  public void evaluate(EvaluateRequest request, StreamObserver<EvaluateResponse> response) {
    try {
      Parsed p = parseProposal(request.getProposedTransaction());
      String result =
          ledger.evaluate(
              p.identity(),
              p.invocation().function(),
              p.invocation().args().toArray(String[]::new));
      response.onNext(
          EvaluateResponse.newBuilder()
              .setResult(
                  Response.newBuilder().setStatus(200).setPayload(ByteString.copyFromUtf8(result)))
              .build());
      response.onCompleted();
    } catch (EndorsementException e) {
      response.onError(chaincodeError("evaluate call to endorser returned error", e));
    } catch (StatusRuntimeException e) {
      response.onError(e);
    } catch (Exception e) {
      response.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
    }
  }

  @Override
  public void chaincodeEvents(
      SignedChaincodeEventsRequest request, StreamObserver<ChaincodeEventsResponse> response) {
    try {
      ChaincodeEventsRequest inner = ChaincodeEventsRequest.parseFrom(request.getRequest());
      verify(
          SerializedIdentity.parseFrom(inner.getIdentity()),
          request.getRequest().toByteArray(),
          request.getSignature().toByteArray());
      // The embedded ledger's block numbers are Fabric's less the genesis configuration block.
      long start =
          inner.getStartPosition().hasSpecified()
              ? Math.max(
                  0,
                  inner.getStartPosition().getSpecified().getNumber()
                      - InProcessDeliver.CONFIG_BLOCKS)
              : ledger.height();
      ServerCallStreamObserver<ChaincodeEventsResponse> stream =
          (ServerCallStreamObserver<ChaincodeEventsResponse>) response;
      Subscription subscription =
          ledger.subscribe(
              new Checkpoint(start - 1, Integer.MAX_VALUE),
              event -> {
                synchronized (stream) {
                  stream.onNext(
                      ChaincodeEventsResponse.newBuilder()
                          .setBlockNumber(event.blockNumber() + InProcessDeliver.CONFIG_BLOCKS)
                          .addEvents(
                              ChaincodeEvent.newBuilder()
                                  .setChaincodeId(chaincodeName)
                                  .setTxId(event.txId())
                                  .setEventName(event.name())
                                  .setPayload(ByteString.copyFrom(event.payload())))
                          .build());
                }
              });
      stream.setOnCancelHandler(subscription::close);
    } catch (Exception e) {
      response.onError(Status.INVALID_ARGUMENT.withDescription(e.toString()).asRuntimeException());
    }
  }

  private Parsed parseProposal(SignedProposal signed) throws InvalidProtocolBufferException {
    Proposal proposal = Proposal.parseFrom(signed.getProposalBytes());
    Header header = Header.parseFrom(proposal.getHeader());
    ChannelHeader channelHeader = ChannelHeader.parseFrom(header.getChannelHeader());
    SignatureHeader signatureHeader = SignatureHeader.parseFrom(header.getSignatureHeader());
    SerializedIdentity creator = SerializedIdentity.parseFrom(signatureHeader.getCreator());
    verify(creator, signed.getProposalBytes().toByteArray(), signed.getSignature().toByteArray());
    if (!channelHeader.getChannelId().equals(channelName)) {
      throw Status.NOT_FOUND
          .withDescription("channel " + channelHeader.getChannelId() + " not found")
          .asRuntimeException();
    }
    ChaincodeProposalPayload payload = ChaincodeProposalPayload.parseFrom(proposal.getPayload());
    ChaincodeInvocationSpec spec = ChaincodeInvocationSpec.parseFrom(payload.getInput());
    if (!spec.getChaincodeSpec().getChaincodeId().getName().equals(chaincodeName)) {
      throw Status.NOT_FOUND.withDescription("chaincode not found").asRuntimeException();
    }
    List<String> args = new ArrayList<>();
    spec.getChaincodeSpec().getInput().getArgsList().forEach(a -> args.add(a.toStringUtf8()));
    Invocation invocation =
        Invocation.of(args.get(0), args.subList(1, args.size()).toArray(String[]::new));
    LedgerIdentity identity =
        new LedgerIdentity(creator.getMspid(), creator.getIdBytes().toStringUtf8(), null);
    return new Parsed(identity, channelHeader.getTxId(), invocation);
  }

  private static void verify(SerializedIdentity creator, byte[] message, byte[] signature) {
    try {
      X509Certificate cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(creator.getIdBytes().toByteArray()));
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(cert.getPublicKey());
      verifier.update(message);
      if (!verifier.verify(signature)) {
        throw Status.PERMISSION_DENIED.withDescription("bad signature").asRuntimeException();
      }
    } catch (GeneralSecurityException e) {
      throw Status.PERMISSION_DENIED
          .withDescription("unverifiable creator: " + e.getMessage())
          .asRuntimeException();
    }
  }

  private static StatusRuntimeException chaincodeError(String what, EndorsementException e) {
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.ABORTED.value())
            .setMessage(what + ", see attached details for more info")
            .addDetails(
                Any.pack(
                    ErrorDetail.newBuilder()
                        .setAddress("in-process")
                        .setMspId("PeerMSP")
                        .setMessage("chaincode response 500, " + e.contractMessage())
                        .build()))
            .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  private byte[] sign(byte[] message) throws GeneralSecurityException {
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(peerKey.getPrivate());
    signer.update(message);
    return signer.sign();
  }

  private static byte[] sha256(byte[] bytes) throws GeneralSecurityException {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
