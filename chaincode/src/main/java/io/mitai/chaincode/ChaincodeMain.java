package io.mitai.chaincode;

import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.shim.ChaincodeServer;
import org.hyperledger.fabric.shim.ChaincodeServerProperties;
import org.hyperledger.fabric.shim.NettyChaincodeServer;

/**
 * Starts the chaincode.
 *
 * <ul>
 *   <li>As a service (chaincode-as-a-service, CCaaS): when {@code CHAINCODE_SERVER_ADDRESS} (e.g.
 *       {@code 0.0.0.0:9999}) and {@code CORE_CHAINCODE_ID_NAME} (the package id) are set, it
 *       listens for the peer with the shim's {@link NettyChaincodeServer}; TLS is on when {@code
 *       CORE_PEER_TLS_ENABLED=true}, with {@code CORE_TLS_CLIENT_KEY_FILE} and {@code
 *       CORE_TLS_CLIENT_CERT_FILE}.
 *   <li>Otherwise it behaves exactly like {@link ContractRouter#main(String[])}: it connects to the
 *       peer as a peer-launched chaincode.
 * </ul>
 */
public final class ChaincodeMain {

  /** Environment variable holding the address the chaincode server listens on. */
  public static final String SERVER_ADDRESS = "CHAINCODE_SERVER_ADDRESS";

  /** Environment variable holding the chaincode (package) id. */
  public static final String CHAINCODE_ID = "CORE_CHAINCODE_ID_NAME";

  private ChaincodeMain() {}

  /**
   * Entry point.
   *
   * @param args passed on to the shim
   * @throws Exception if the server cannot start
   */
  public static void main(String[] args) throws Exception {
    if (isSet(System.getenv(SERVER_ADDRESS)) && isSet(System.getenv(CHAINCODE_ID))) {
      // The router reads CHAINCODE_SERVER_ADDRESS, CORE_CHAINCODE_ID_NAME and the TLS variables
      // from the environment; startRouterWithChaincodeServer finds the contracts, builds the
      // metadata and blocks serving the peer.
      ContractRouter router = new ContractRouter(args);
      ChaincodeServerProperties properties = router.getChaincodeServerConfig();
      ChaincodeServer server = new NettyChaincodeServer(router, properties);
      router.startRouterWithChaincodeServer(server);
    } else {
      ContractRouter.main(args);
    }
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
