package io.mitai.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.mitai.chaincode.support.Identities;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.ledger.queryresult.KV;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeGrpc;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.GetState;
import org.hyperledger.fabric.protos.peer.GetStateByRange;
import org.hyperledger.fabric.protos.peer.Proposal;
import org.hyperledger.fabric.protos.peer.PutState;
import org.hyperledger.fabric.protos.peer.QueryResponse;
import org.hyperledger.fabric.protos.peer.QueryResultBytes;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged chaincode server ({@code target/mitai-chaincode-*-server.jar}) run as
 * chaincode-as-a-service exactly as {@code fabric-network/network.sh deploy} runs it (same
 * environment variables), answering a peer that dials it. The test plays the peer's side of the
 * chaincode protocol ({@code protos.Chaincode/Connect}): it expects REGISTER with the package id,
 * answers REGISTERED and READY, then sends transactions with signed-proposal envelopes carrying a
 * client identity and serves the contract's state requests from an ordered in-memory world state,
 * as a peer's simulator would, until the contract answers COMPLETED.
 */
class ChaincodeServerIT {

  private static final String CHANNEL = "mitai";
  private static final String PACKAGE_ID = "mitai_1.0:" + "0123456789abcdef".repeat(4);
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private Process server;
  private ManagedChannel channel;
  private Path log;

  @BeforeEach
  void startServer() throws Exception {
    int port = freePort();
    log = dir.resolve("chaincode-server.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                serverJar().toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("CHAINCODE_SERVER_ADDRESS", "127.0.0.1:" + port);
    env.put("CORE_CHAINCODE_ID_NAME", PACKAGE_ID);
    env.put("CORE_PEER_LOCALMSPID", "org1");
    env.put("CORE_PEER_TLS_ENABLED", "false");
    server = builder.start();
    awaitListening(port);
    channel =
        Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
            .build();
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor();
      }
    }
  }

  @Test
  void the_server_registers_with_its_package_id_and_runs_the_contract_for_the_peer()
      throws Exception {
    Peer peer = new Peer();
    StreamObserver<ChaincodeMessage> toChaincode = ChaincodeGrpc.newStub(channel).connect(peer);
    peer.connect(toChaincode);

    ChaincodeMessage register = peer.next();
    assertThat(register.getType()).isEqualTo(ChaincodeMessage.Type.REGISTER);
    assertThat(ChaincodeID.parseFrom(register.getPayload()).getName()).isEqualTo(PACKAGE_ID);
    toChaincode.onNext(
        ChaincodeMessage.newBuilder().setType(ChaincodeMessage.Type.REGISTERED).build());
    toChaincode.onNext(ChaincodeMessage.newBuilder().setType(ChaincodeMessage.Type.READY).build());

    ChaincodeMessage registered =
        peer.transact(
            "tx-1",
            "org1",
            "RegisterOrganisation",
            "{\"displayName\":\"Org One\",\"endpoint\":\"https://node.org1.example:8443\","
                + "\"publicKey\":\"bWl0YWktdGVzdC1rZXk=\"}");
    Response response = Response.parseFrom(registered.getPayload());
    assertThat(response.getStatus()).as(response.getMessage()).isEqualTo(200);
    assertThat(response.getPayload().toStringUtf8()).contains("\"id\":\"org1\"");
    assertThat(peer.state).containsKey("org:org1");
    ChaincodeEvent event = registered.getChaincodeEvent();
    assertThat(event.getEventName()).isEqualTo("OrganisationRegistered");

    ChaincodeMessage listed = peer.transact("tx-2", "org2", "ListOrganisations");
    Response list = Response.parseFrom(listed.getPayload());
    assertThat(list.getStatus()).as(list.getMessage()).isEqualTo(200);
    assertThat(list.getPayload().toStringUtf8()).startsWith("[{").contains("\"id\":\"org1\"");

    // A refusal travels back as the contract's coded message, as the Fabric adapter expects.
    ChaincodeMessage refused = peer.transact("tx-3", "org2", "ReadAsset", "asset-missing");
    Response notFound = Response.parseFrom(refused.getPayload());
    assertThat(notFound.getStatus()).isEqualTo(500);
    assertThat(notFound.getMessage()).startsWith("NOT_FOUND");
  }

  /**
   * The peer's end of the stream: messages from the chaincode are queued; state requests during a
   * transaction are answered from {@link #state}, and the writes of a successful one are applied.
   */
  private final class Peer implements StreamObserver<ChaincodeMessage> {

    final NavigableMap<String, ByteString> state = new TreeMap<>();
    private final BlockingQueue<ChaincodeMessage> fromChaincode = new LinkedBlockingQueue<>();
    private StreamObserver<ChaincodeMessage> toChaincode;

    void connect(StreamObserver<ChaincodeMessage> stream) {
      this.toChaincode = stream;
    }

    @Override
    public void onNext(ChaincodeMessage message) {
      fromChaincode.add(message);
    }

    @Override
    public void onError(Throwable t) {
      fromChaincode.add(
          ChaincodeMessage.newBuilder()
              .setType(ChaincodeMessage.Type.ERROR)
              .setPayload(ByteString.copyFromUtf8("stream failed: " + t))
              .build());
    }

    @Override
    public void onCompleted() {}

    ChaincodeMessage next() throws InterruptedException, IOException {
      ChaincodeMessage message = fromChaincode.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      if (message == null) {
        throw new AssertionError(
            "no message from the chaincode server within " + WAIT + "; its log:\n" + serverLog());
      }
      return message;
    }

    /** Runs one transaction to its COMPLETED (or ERROR) message, serving its state requests. */
    ChaincodeMessage transact(String txId, String mspId, String... args)
        throws InterruptedException, IOException {
      ChaincodeInput.Builder input = ChaincodeInput.newBuilder();
      for (String arg : args) {
        input.addArgs(ByteString.copyFromUtf8(arg));
      }
      toChaincode.onNext(
          ChaincodeMessage.newBuilder()
              .setType(ChaincodeMessage.Type.TRANSACTION)
              .setTxid(txId)
              .setChannelId(CHANNEL)
              .setPayload(input.build().toByteString())
              .setProposal(proposal(txId, mspId))
              .build());
      Map<String, ByteString> writes = new TreeMap<>();
      while (true) {
        ChaincodeMessage m = next();
        assertThat(m.getTxid()).isEqualTo(txId);
        switch (m.getType()) {
          case GET_STATE -> {
            String key = GetState.parseFrom(m.getPayload()).getKey();
            ByteString value = writes.containsKey(key) ? writes.get(key) : state.get(key);
            answer(m, value == null ? ByteString.EMPTY : value);
          }
          case PUT_STATE -> {
            PutState put = PutState.parseFrom(m.getPayload());
            writes.put(put.getKey(), put.getValue());
            answer(m, ByteString.EMPTY);
          }
          case GET_STATE_BY_RANGE -> answer(m, range(GetStateByRange.parseFrom(m.getPayload())));
          case QUERY_STATE_CLOSE -> answer(m, QueryResponse.getDefaultInstance().toByteString());
          case COMPLETED -> {
            if (Response.parseFrom(m.getPayload()).getStatus() == 200) {
              state.putAll(writes);
            }
            return m;
          }
          default ->
              throw new AssertionError(
                  "unexpected "
                      + m.getType()
                      + " from the chaincode: "
                      + m.getPayload().toStringUtf8());
        }
      }
    }

    private ByteString range(GetStateByRange request) {
      String start = request.getStartKey();
      String end = request.getEndKey();
      QueryResponse.Builder response = QueryResponse.newBuilder().setHasMore(false).setId("q");
      NavigableMap<String, ByteString> slice =
          end.isEmpty() ? state.tailMap(start, true) : state.subMap(start, true, end, false);
      slice.forEach(
          (key, value) ->
              response.addResults(
                  QueryResultBytes.newBuilder()
                      .setResultBytes(
                          KV.newBuilder()
                              .setNamespace("mitai")
                              .setKey(key)
                              .setValue(value)
                              .build()
                              .toByteString())));
      return response.build().toByteString();
    }

    private void answer(ChaincodeMessage request, ByteString payload) {
      toChaincode.onNext(
          ChaincodeMessage.newBuilder()
              .setType(ChaincodeMessage.Type.RESPONSE)
              .setTxid(request.getTxid())
              .setChannelId(request.getChannelId())
              .setPayload(payload)
              .build());
    }
  }

  /** The signed proposal a peer hands the chaincode: its headers name the client identity. */
  private static SignedProposal proposal(String txId, String mspId) {
    Instant now = Instant.now();
    ChannelHeader channelHeader =
        ChannelHeader.newBuilder()
            .setType(HeaderType.ENDORSER_TRANSACTION_VALUE)
            .setChannelId(CHANNEL)
            .setTxId(txId)
            .setTimestamp(
                Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
            .build();
    SignatureHeader signatureHeader =
        SignatureHeader.newBuilder()
            .setCreator(ByteString.copyFrom(Identities.creator(mspId)))
            .setNonce(ByteString.copyFromUtf8("nonce-" + txId))
            .build();
    Proposal proposal =
        Proposal.newBuilder()
            .setHeader(
                Header.newBuilder()
                    .setChannelHeader(channelHeader.toByteString())
                    .setSignatureHeader(signatureHeader.toByteString())
                    .build()
                    .toByteString())
            .setPayload(ChaincodeProposalPayload.getDefaultInstance().toByteString())
            .build();
    return SignedProposal.newBuilder().setProposalBytes(proposal.toByteString()).build();
  }

  private static Path serverJar() throws IOException {
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> found =
        Files.newDirectoryStream(Path.of("target"), "mitai-chaincode-*-server.jar")) {
      found.forEach(jars::add);
    }
    assertThat(jars).as("the shaded server jar, built at package").hasSize(1);
    return jars.get(0).toAbsolutePath();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void awaitListening(int port) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new AssertionError(
            "the chaincode server exited with " + server.exitValue() + ":\n" + serverLog());
      }
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError(
        "the chaincode server does not listen on " + port + ":\n" + serverLog());
  }

  private String serverLog() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
  }
}
