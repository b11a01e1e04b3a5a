package io.mitai.ledger.fabric;

import io.mitai.ledger.Ledger;
import io.mitai.ledger.LedgerConformanceTest;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The Fabric adapter with the official fabric-gateway client, over gRPC, against Fabric's Gateway
 * service implemented in process on top of the same contract classes.
 */
class FabricGatewayConformanceTest extends LedgerConformanceTest {

  private InProcessFabric fabric;

  @BeforeEach
  void start() throws IOException {
    fabric = new InProcessFabric();
    fabric.ledger.connect(org1);
  }

  @AfterEach
  void stop() throws InterruptedException {
    fabric.close();
  }

  @Override
  protected Ledger ledger() {
    return fabric.ledger;
  }
}
