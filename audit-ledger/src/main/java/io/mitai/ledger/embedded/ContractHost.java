package io.mitai.ledger.embedded;

import io.mitai.ledger.LedgerException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

  private final ContractRouter router;

  /**
   * The host for {@code chaincodeName}, started once per process: contracts keep no state in
   * fields, so one router serves every ledger, and the classpath scan is paid once.
   */
  static ContractHost forChaincode(String chaincodeName) {
    return HOSTS.computeIfAbsent(chaincodeName, ContractHost::new);
  }

  private ContractHost(String chaincodeName) {
    this.router = new ContractRouter(new String[] {"--id", chaincodeName});
    try {
      router.startRouterWithChaincodeServer(InProcess.INSTANCE);
    } catch (IOException e) {
      throw new LedgerException("the contract runtime could not start", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerException("interrupted while starting the contract runtime", e);
    }
  }

  /** Runs one transaction; the response status is 200 on success, 500 on a contract refusal. */
  Response invoke(ChaincodeStub stub) {
    return router.invoke(stub);
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
