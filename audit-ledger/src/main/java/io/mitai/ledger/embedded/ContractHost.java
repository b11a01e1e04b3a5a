package io.mitai.ledger.embedded;

import io.mitai.ledger.LedgerException;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.shim.Chaincode.Response;
import org.hyperledger.fabric.shim.ChaincodeServer;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Hosts the contract classes found on the classpath with the Fabric contract runtime's own router,
 * so the embedded ledger dispatches transactions by name exactly as a peer's chaincode process
 * does: same routing, same argument conversion, same error handling.
 *
 * <p>The router is started through its public chaincode-as-a-service entry point with a server that
 * listens nowhere: here the ledger itself is the "peer" and calls {@link #invoke} directly.
 */
final class ContractHost {

  private static final Map<String, ContractHost> HOSTS = new ConcurrentHashMap<>();

  /** Held strongly: java.util.logging forgets levels set on loggers nobody references. */
  private static final Logger QUIET = Logger.getLogger("org.hyperledger");

  private final ContractRouter router;

  /**
   * The host for {@code chaincodeName}, started once per process: contracts keep no state in
   * fields, so one router serves every ledger, and the classpath scan is paid once.
   */
  static ContractHost forChaincode(String chaincodeName) {
    return HOSTS.computeIfAbsent(chaincodeName, ContractHost::new);
  }

  private ContractHost(String chaincodeName) {
    // The router configures logging for a chaincode process of its own: it changes the root
    // logger's level, its handlers' levels and formats, and logs every invocation at INFO and
    // every contract refusal as SEVERE. Inside the node that would rewrite the host's logging and
    // flood it, so the host's settings are put back and the shim is kept quiet: a refusal is an
    // ordinary answer here, reported to the submitter as an EndorsementException.
    LoggingState saved = LoggingState.capture();
    silenceShimLoggers();
    try {
      this.router = new ContractRouter(new String[] {"--id", chaincodeName});
    } finally {
      saved.restore();
    }
    QUIET.setLevel(Level.OFF);
    Logger.getLogger("org.hyperledger.fabric.contract").setLevel(Level.OFF);
    silenceShimLoggers();
    try {
      router.startRouterWithChaincodeServer(InProcess.INSTANCE);
    } catch (IOException e) {
      throw new LedgerException("the contract runtime could not start", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerException("interrupted while starting the contract runtime", e);
    }
  }

  /**
   * The shim's own loggers ({@code org.hyperledger.fabric.Logger}) are not created through the log
   * manager, so under another manager (Quarkus's JBoss LogManager) logger categories do not reach
   * them: each is silenced where it is held.
   */
  private static void silenceShimLoggers() {
    for (String name : SHIM_CLASSES_THAT_LOG) {
      try {
        for (Field field : Class.forName(name).getDeclaredFields()) {
          if (Modifier.isStatic(field.getModifiers())
              && Logger.class.isAssignableFrom(field.getType())) {
            field.setAccessible(true);
            ((Logger) field.get(null)).setLevel(Level.OFF);
          }
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        // A shim version without that class or field: its logging stays as the shim set it.
      }
    }
  }

  private static final List<String> SHIM_CLASSES_THAT_LOG =
      List.of(
          "org.hyperledger.fabric.shim.ChaincodeBase",
          "org.hyperledger.fabric.metrics.Metrics",
          "org.hyperledger.fabric.traces.Traces",
          "org.hyperledger.fabric.shim.ResponseUtils",
          "org.hyperledger.fabric.contract.ContractRouter",
          "org.hyperledger.fabric.contract.ClientIdentity",
          "org.hyperledger.fabric.contract.execution.JSONTransactionSerializer",
          "org.hyperledger.fabric.contract.execution.impl.ContractExecutionService",
          "org.hyperledger.fabric.contract.routing.impl.TxFunctionImpl",
          "org.hyperledger.fabric.contract.routing.impl.SerializerRegistryImpl",
          "org.hyperledger.fabric.contract.metadata.MetadataBuilder");

  /** Runs one transaction; the response status is 200 on success, 500 on a contract refusal. */
  Response invoke(ChaincodeStub stub) {
    return router.invoke(stub);
  }

  /** The parts of java.util.logging's global configuration the shim overwrites. */
  private record LoggingState(
      Level rootLevel, Handler[] handlers, Level[] levels, Formatter[] formatters, String format) {

    private static final String FORMAT = "java.util.logging.SimpleFormatter.format";

    static LoggingState capture() {
      Logger root = Logger.getLogger("");
      Handler[] handlers = root.getHandlers();
      Level[] levels = new Level[handlers.length];
      Formatter[] formatters = new Formatter[handlers.length];
      for (int i = 0; i < handlers.length; i++) {
        levels[i] = handlers[i].getLevel();
        formatters[i] = handlers[i].getFormatter();
      }
      return new LoggingState(
          root.getLevel(), handlers, levels, formatters, System.getProperty(FORMAT));
    }

    void restore() {
      Logger.getLogger("").setLevel(rootLevel);
      for (int i = 0; i < handlers.length; i++) {
        handlers[i].setLevel(levels[i]);
        if (formatters[i] != null) {
          handlers[i].setFormatter(formatters[i]);
        }
      }
      if (format == null) {
        System.clearProperty(FORMAT);
      } else {
        System.setProperty(FORMAT, format);
      }
    }
  }

  /** A chaincode server that serves nothing: the ledger invokes the router in process. */
  private enum InProcess implements ChaincodeServer {
    INSTANCE;

    @Override
    public void start() {}

    @Override
    public void stop() {}
  }
}
