package io.mitai.ledger.fabric;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.mitai.ledger.embedded.EmbeddedLedger;
import io.mitai.ledger.embedded.EmbeddedLedgerConfig;
import io.mitai.ledger.testing.TestIdentities;
import io.mitai.ledger.testing.TestPostgres;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A Fabric peer's Gateway and Deliver services in process, backed by an embedded ledger on a fresh
 * database, and the Fabric adapter connected to it with the official client.
 */
final class InProcessFabric implements AutoCloseable {

  final EmbeddedLedger backing;
  final InProcessGateway gateway;
  final InProcessDeliver deliver;
  final FabricLedger ledger;
  private final Server server;
  private final ManagedChannel channel;

  InProcessFabric() throws IOException {
    backing =
        EmbeddedLedger.open(
            TestPostgres.newDatabase(), TestIdentities.p256(), EmbeddedLedgerConfig.defaults());
    gateway = new InProcessGateway(backing, "mitai", "mitai", TestIdentities.p256());
    deliver = new InProcessDeliver(backing, gateway);
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .addService(gateway)
            .addService(deliver)
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
    ledger = new FabricLedger(channel, FabricLedgerConfig.of("mitai", "mitai"));
  }

  @Override
  public void close() throws InterruptedException {
    ledger.close();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    backing.close();
  }
}
