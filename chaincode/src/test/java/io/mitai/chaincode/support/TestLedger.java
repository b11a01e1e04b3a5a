package io.mitai.chaincode.support;

import io.mitai.chaincode.memory.Access;
import io.mitai.chaincode.memory.MemoryStub;
import io.mitai.chaincode.memory.Proposal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeServer;

/**
 * Drives the chaincode as a peer does: a function name and string arguments go through the shim's
 * own {@link ContractRouter} (contract discovery, routing by {@code @Transaction} name, argument
 * and return serialisation, {@code ChaincodeException} to error response) onto a {@link MemoryStub}
 * (the stub the embedded ledger runs the contract on) over a {@link WorldState}. A successful
 * submit is committed; a failed one is not, so "writes nothing" is observable. Each transaction
 * gets the next tx id and the current time, and the clock then moves on by one second.
 */
public final class TestLedger {

  /** Time of the first transaction unless a test sets another. */
  public static final Instant GENESIS = Instant.parse("2026-01-01T00:00:00Z");

  private static final List<Logger> QUIETED = new ArrayList<>();
  private static final ContractRouter ROUTER = newRouter();

  /** The channel and the peer's MSP the transactions run on. */
  private static final String CHANNEL = "mitai";

  private static final String PEER_MSP = "PeerMSP";

  private final WorldState state = new WorldState();
  private Instant clock = GENESIS;
  private int counter;

  /** Silences the shim's chatty INFO logging (and its error log of every refused call). */
  private static void quiet() {
    List<String> names = new ArrayList<>();
    LogManager.getLogManager().getLoggerNames().asIterator().forEachRemaining(names::add);
    names.add("org.hyperledger");
    for (String name : names) {
      if (name.startsWith("org.hyperledger")) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.OFF);
        QUIETED.add(logger);
      }
    }
  }

  private static ContractRouter newRouter() {
    quiet();
    ContractRouter router = new ContractRouter(new String[] {"-i", "mitai-test:1"});
    quiet(); // the constructor configures the shim's loggers
    try {
      // The public way to make the router scan for contracts and build its metadata; the
      // "server" does nothing since the tests call the router directly.
      router.startRouterWithChaincodeServer(
          new ChaincodeServer() {
            @Override
            public void start() {}

            @Override
            public void stop() {}
          });
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    quiet();
    return router;
  }

  /** The committed world state and history behind this ledger. */
  public WorldState state() {
    return state;
  }

  /** The timestamp the next transaction will get. */
  public Instant now() {
    return clock;
  }

  /** Sets the timestamp of the next transaction. */
  public TestLedger at(Instant instant) {
    clock = instant;
    return this;
  }

  /** Moves the clock on. */
  public TestLedger advance(Duration duration) {
    clock = clock.plus(duration);
    return this;
  }

  /** Submits a transaction as a client of {@code mspId}; commits it only if it succeeds. */
  public TxResult submit(String mspId, String function, String... args) {
    return run(Identities.creator(mspId), function, args, true);
  }

  /** Submits with a raw creator (for identity tests). */
  public TxResult submitAs(byte[] creator, String function, String... args) {
    return run(creator, function, args, true);
  }

  /** Evaluates a transaction (a query): never committed. */
  public TxResult evaluate(String mspId, String function, String... args) {
    return run(Identities.creator(mspId), function, args, false);
  }

  private TxResult run(byte[] creator, String function, String[] args, boolean commit) {
    counter++;
    String txId = String.format("tx-%04d", counter);
    MemoryStub stub =
        new MemoryStub(
            new Proposal(txId, CHANNEL, clock, creator, PEER_MSP, function, List.of(args)),
            state,
            Access.READ_WRITE);
    clock = clock.plusSeconds(1);
    Chaincode.Response response = ROUTER.invoke(stub);
    List<Event> events = stub.events().stream().map(Event::of).toList();
    boolean ok = response.getStatusCode() == 200;
    if (ok && commit) {
      state.commit(stub);
    } else if (!commit && !stub.writeSet().isEmpty()) {
      throw new AssertionError(function + " is a query but wrote " + stub.writeSet().keySet());
    }
    return new TxResult(
        txId,
        response.getStatusCode(),
        response.getMessage(),
        response.getPayload() == null ? null : response.getStringPayload(),
        events);
  }
}
