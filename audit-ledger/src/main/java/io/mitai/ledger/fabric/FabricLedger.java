package io.mitai.ledger.fabric;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Status.Code;
import io.mitai.ledger.ChaincodeEvent;
import io.mitai.ledger.Checkpoint;
import io.mitai.ledger.EndorsementException;
import io.mitai.ledger.EventListener;
import io.mitai.ledger.Invocation;
import io.mitai.ledger.Ledger;
import io.mitai.ledger.LedgerException;
import io.mitai.ledger.LedgerIdentity;
import io.mitai.ledger.LedgerUnavailableException;
import io.mitai.ledger.SubmitResult;
import io.mitai.ledger.Subscription;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;

/**
 * The Fabric adapter: submits and evaluates the Mitai contract's transactions through a peer's
 * Fabric Gateway with the official client, and follows chaincode events from a checkpoint.
 *
 * <p>One gRPC channel is shared by every organisation identity the node acts for; each identity
 * gets its own {@link Gateway} (the client binds identity and signer to a gateway). Every call has
 * an explicit deadline.
 *
 * <p>Errors: a contract refusal (the peer reports "chaincode response 500, message") becomes an
 * {@link EndorsementException}; the error code is read from a leading {@code CODE:} in the
 * contract's message, since Fabric does not relay the ChaincodeException payload to clients. A peer
 * or orderer that cannot be reached, a deadline, or an invalidated transaction (for example an MVCC
 * conflict) becomes a {@link LedgerUnavailableException}: retry.
 *
 * <p>Event checkpoints: {@link Checkpoint#txIndex()} is the ordinal of the event within its block
 * as this adapter delivered it, which is stable because a peer delivers a block's events in
 * transaction order.
 */
public final class FabricLedger implements Ledger {

  private static final Logger LOG = Logger.getLogger(FabricLedger.class.getName());
  private static final Pattern CHAINCODE_MESSAGE =
      Pattern.compile("chaincode response \\d+, (.*)", Pattern.DOTALL);
  private static final Pattern ERROR_CODE = Pattern.compile("^([A-Z][A-Z0-9_]+): ");

  private final Channel channel;
  private final FabricLedgerConfig config;
  private final Map<String, Gateway> gateways = new ConcurrentHashMap<>();

  public FabricLedger(Channel channel, FabricLedgerConfig config) {
    this.channel = channel;
    this.config = config;
  }

  @Override
  public SubmitResult submit(LedgerIdentity identity, Invocation invocation) {
    Contract contract = contract(identity);
    try {
      SubmittedTransaction submitted =
          contract
              .newProposal(invocation.function())
              .addArguments(invocation.args().toArray(String[]::new))
              .build()
              .endorse()
              .submitAsync();
      Status status = submitted.getStatus();
      if (!status.isSuccessful()) {
        throw new LedgerUnavailableException(
            "transaction " + status.getTransactionId() + " was invalidated: " + status.getCode(),
            null);
      }
      // Fabric does not report a transaction's index in its block to clients.
      return new SubmitResult(
          status.getTransactionId(), status.getBlockNumber(), -1, submitted.getResult());
    } catch (EndorseException e) {
      throw translate(invocation.function(), e);
    } catch (SubmitException | CommitStatusException e) {
      throw new LedgerUnavailableException(
          invocation.function() + " could not be committed: " + e.getMessage(), e);
    }
  }

  @Override
  public String evaluate(LedgerIdentity identity, String function, String... args) {
    try {
      return new String(
          contract(identity).evaluateTransaction(function, args),
          java.nio.charset.StandardCharsets.UTF_8);
    } catch (GatewayException e) {
      throw translate(function, e);
    }
  }

  @Override
  public Subscription subscribe(Checkpoint after, EventListener listener) {
    // Events are read as the first identity that subscribes; any member of the channel may.
    Gateway gateway =
        gateways.values().stream()
            .findFirst()
            .orElseThrow(
                () ->
                    new LedgerException(
                        "submit or evaluate once as an identity before subscribing"));
    EventStream stream = new EventStream(gateway.getNetwork(config.channel()), after, listener);
    Thread thread = new Thread(stream, "fabric-events");
    thread.setDaemon(true);
    thread.start();
    return stream;
  }

  /**
   * Mirrors blocks from {@code startBlock} on: each is checked (its data hash, its link to the
   * block before it, from the second one delivered on) and decoded before the listener sees it.
   * Give the header hash of block {@code startBlock - 1} as {@code previousHeaderHash} to check the
   * link of the first block too.
   */
  public Subscription subscribeBlocks(
      long startBlock, Optional<byte[]> previousHeaderHash, BlockListener listener) {
    Gateway gateway =
        gateways.values().stream()
            .findFirst()
            .orElseThrow(() -> new LedgerException("connect an identity before subscribing"));
    BlockStream stream =
        new BlockStream(
            gateway.getNetwork(config.channel()), startBlock, previousHeaderHash, listener);
    Thread thread = new Thread(stream, "fabric-blocks");
    thread.setDaemon(true);
    thread.start();
    return stream;
  }

  /** Binds {@code identity} to a gateway now, so that {@link #subscribe} can use it. */
  public void connect(LedgerIdentity identity) {
    contract(identity);
  }

  @Override
  public void close() {
    gateways.values().forEach(Gateway::close);
    gateways.clear();
  }

  private Contract contract(LedgerIdentity identity) {
    Gateway gateway =
        gateways.computeIfAbsent(
            identity.mspId() + "\n" + identity.certificatePem(), k -> connect0(identity));
    Network network = gateway.getNetwork(config.channel());
    return network.getContract(config.chaincode());
  }

  private Gateway connect0(LedgerIdentity identity) {
    if (identity.signingKey() == null) {
      throw new LedgerException("a Fabric identity needs its private key to sign proposals");
    }
    try {
      return Gateway.newInstance()
          .identity(
              new X509Identity(
                  identity.mspId(), Identities.readX509Certificate(identity.certificatePem())))
          .signer(ProposalSigner.of(identity.signingKey()))
          .connection(channel)
          .evaluateOptions(deadline(config.evaluateTimeout()))
          .endorseOptions(deadline(config.endorseTimeout()))
          .submitOptions(deadline(config.submitTimeout()))
          .commitStatusOptions(deadline(config.commitTimeout()))
          .connect();
    } catch (CertificateException e) {
      throw new LedgerException("the certificate of " + identity.mspId() + " cannot be read", e);
    } catch (GeneralSecurityException e) {
      throw new LedgerException("the signing key of " + identity.mspId() + " is unusable", e);
    }
  }

  private static UnaryOperator<CallOptions> deadline(Duration timeout) {
    return options -> options.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Contract refusals become endorsement errors; transport trouble becomes "retry". */
  static LedgerException translate(String function, GatewayException e) {
    Code code = e.getStatus().getCode();
    for (ErrorDetail detail : e.getDetails()) {
      Matcher m = CHAINCODE_MESSAGE.matcher(detail.getMessage());
      if (m.find()) {
        String message = m.group(1);
        Matcher c = ERROR_CODE.matcher(message);
        return new EndorsementException(function, message, c.find() ? c.group(1) : null);
      }
    }
    if (code == Code.UNAVAILABLE
        || code == Code.DEADLINE_EXCEEDED
        || code == Code.RESOURCE_EXHAUSTED) {
      return new LedgerUnavailableException(
          function + ": the peer cannot be reached now (" + code + ")", e);
    }
    StringBuilder message =
        new StringBuilder(function)
            .append(" failed at the gateway: ")
            .append(code)
            .append(' ')
            .append(e.getStatus().getDescription());
    // The gateway puts each peer's own answer in the details (e.g. its chaincode unreachable).
    for (ErrorDetail detail : e.getDetails()) {
      message
          .append("; ")
          .append(detail.getMspId())
          .append(" peer ")
          .append(detail.getAddress())
          .append(": ")
          .append(detail.getMessage());
    }
    return new LedgerUnavailableException(message.toString(), e);
  }

  /** A stream read on its own thread until closed or broken; closing cancels the gRPC call. */
  private abstract static class StreamSubscription<T> implements Runnable, Subscription {
    protected volatile boolean active = true;
    private volatile CloseableIterator<T> iterator;

    /** Opens the stream; called once on the subscription's thread. */
    protected abstract CloseableIterator<T> open();

    /** Handles one element; false stops the subscription. */
    protected abstract boolean handle(T element) throws Exception;

    /** What the log says when the stream stops by itself. */
    protected abstract String stoppedMessage();

    @Override
    public final void run() {
      try (CloseableIterator<T> elements = open()) {
        iterator = elements;
        while (active && elements.hasNext()) {
          if (!handle(elements.next())) {
            return;
          }
        }
      } catch (Exception e) {
        if (active) {
          LOG.log(Level.WARNING, stoppedMessage(), e);
        }
      } finally {
        active = false;
      }
    }

    @Override
    public boolean isActive() {
      return active;
    }

    @Override
    public void close() {
      active = false;
      CloseableIterator<?> it = iterator;
      if (it != null) {
        it.close();
      }
    }
  }

  /** Reads full blocks, checks the chain and hands decoded blocks to the listener. */
  private static final class BlockStream
      extends StreamSubscription<org.hyperledger.fabric.protos.common.Block> {
    private final Network network;
    private final long startBlock;
    private final BlockListener listener;
    private Optional<byte[]> previous;

    BlockStream(
        Network network, long startBlock, Optional<byte[]> previous, BlockListener listener) {
      this.network = network;
      this.startBlock = startBlock;
      this.previous = previous;
      this.listener = listener;
    }

    @Override
    protected CloseableIterator<org.hyperledger.fabric.protos.common.Block> open() {
      return network.newBlockEventsRequest().startBlock(startBlock).build().getEvents();
    }

    @Override
    protected boolean handle(org.hyperledger.fabric.protos.common.Block block) throws Exception {
      Optional<String> problem = FabricBlocks.check(block, previous);
      if (problem.isPresent()) {
        LOG.severe("the mirrored Fabric chain is broken: " + problem.get());
        listener.onChainBroken(block.getHeader().getNumber(), problem.get());
        return false;
      }
      previous = Optional.of(FabricBlocks.headerHash(block.getHeader()));
      listener.onBlock(FabricBlocks.parse(block), block);
      return true;
    }

    @Override
    protected String stoppedMessage() {
      return "the Fabric block stream stopped; resubscribe from the last block";
    }
  }

  /** Reads chaincode events from a start block, skipping what the checkpoint already covered. */
  private final class EventStream
      extends StreamSubscription<org.hyperledger.fabric.client.ChaincodeEvent> {
    private final Network network;
    private final Checkpoint after;
    private final EventListener listener;
    private long block = -1;
    private int ordinal = -1;

    EventStream(Network network, Checkpoint after, EventListener listener) {
      this.network = network;
      this.after = after;
      this.listener = listener;
    }

    @Override
    protected CloseableIterator<org.hyperledger.fabric.client.ChaincodeEvent> open() {
      return network
          .newChaincodeEventsRequest(config.chaincode())
          .startBlock(Math.max(0, after.blockNumber()))
          .build()
          .getEvents();
    }

    @Override
    protected boolean handle(org.hyperledger.fabric.client.ChaincodeEvent e) throws Exception {
      if (e.getBlockNumber() != block) {
        block = e.getBlockNumber();
        ordinal = -1;
      }
      ordinal++;
      if (new Checkpoint(block, ordinal).compareTo(after) > 0) {
        listener.onEvent(
            new ChaincodeEvent(
                block, ordinal, e.getTransactionId(), e.getEventName(), e.getPayload()));
      }
      return true;
    }

    @Override
    protected String stoppedMessage() {
      return "the Fabric event stream stopped; resubscribe from the last checkpoint";
    }
  }
}
