package io.mitai.ledger.fabric;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.mitai.ledger.Ledger;
import io.mitai.ledger.LedgerConformanceTest;
import io.mitai.ledger.embedded.EmbeddedLedger;
import io.mitai.ledger.embedded.EmbeddedLedgerConfig;
import io.mitai.ledger.testing.TestIdentities;
import io.mitai.ledger.testing.TestPostgres;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The Fabric adapter with the official fabric-gateway client, over gRPC, against Fabric's Gateway
 * service implemented in process on top of the same contract classes.
 */
class FabricGatewayConformanceTest extends LedgerConformanceTest {

  private EmbeddedLedger backing;
  private Server server;
  private ManagedChannel channel;
  private FabricLedger ledger;

  @BeforeEach
  void start() throws IOException {
    backing =
        EmbeddedLedger.open(
            TestPostgres.newDatabase(), TestIdentities.p256(), EmbeddedLedgerConfig.defaults());
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .addService(new InProcessGateway(backing, "mitai", "mitai", TestIdentities.p256()))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
    ledger = new FabricLedger(channel, FabricLedgerConfig.of("mitai", "mitai"));
    ledger.connect(org1);
  }

  @AfterEach
  void stop() throws InterruptedException {
    ledger.close();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    backing.close();
  }

  @Override
  protected Ledger ledger() {
    return ledger;
  }
}
