package io.mitai.platform.ledger;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.grpc.ManagedChannel;
import io.mitai.ledger.Ledger;
import io.mitai.ledger.LedgerExplorer;
import io.mitai.ledger.embedded.EmbeddedLedger;
import io.mitai.ledger.embedded.EmbeddedLedgerConfig;
import io.mitai.ledger.embedded.TreeHeadKeyFile;
import io.mitai.ledger.fabric.FabricConnections;
import io.mitai.ledger.fabric.FabricLedger;
import io.mitai.ledger.fabric.FabricLedgerConfig;
import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.keys.KeyVault;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.Driver;

/**
 * Opens the ledger selected by {@code mitai.ledger}: {@code embedded} (default) runs the embedded
 * verifiable ledger in the node's own database (schema {@code ledger}), signing tree heads with the
 * key kept in the node's key store — or, for several nodes sharing one embedded ledger (a trusted
 * operator's development setup), in the database named by {@code mitai.ledger.embedded.jdbc-url}
 * with the key in the file {@code mitai.ledger.embedded.tree-head-key}; {@code fabric} connects to
 * a peer's Fabric Gateway ({@code mitai.fabric.*}) with every hosted organisation's MSP identity.
 * On Fabric the explorer is served from the node's mirror of the channel's blocks ({@link
 * FabricExplorer}); there are no inclusion proofs there.
 */
@ApplicationScoped
public class LedgerProducer {

  private static final Logger LOG = Logger.getLogger(LedgerProducer.class);

  @Inject DataSource dataSource;
  @Inject KeyVault keys;
  @Inject HostedOrganisations hosted;

  @ConfigProperty(name = "mitai.ledger", defaultValue = "embedded")
  String kind;

  @ConfigProperty(name = "mitai.ledger.embedded.jdbc-url")
  Optional<String> embeddedJdbcUrl;

  @ConfigProperty(name = "mitai.ledger.embedded.username")
  Optional<String> embeddedUsername;

  @ConfigProperty(name = "mitai.ledger.embedded.password")
  Optional<String> embeddedPassword;

  @ConfigProperty(name = "mitai.ledger.embedded.tree-head-key")
  Optional<String> embeddedTreeHeadKey;

  @ConfigProperty(name = "mitai.fabric.endpoint")
  Optional<String> fabricEndpoint;

  @ConfigProperty(name = "mitai.fabric.tls-ca")
  Optional<String> fabricTlsCa;

  @ConfigProperty(name = "mitai.fabric.authority")
  Optional<String> fabricAuthority;

  @ConfigProperty(name = "mitai.fabric.channel", defaultValue = "mitai")
  String fabricChannel;

  @ConfigProperty(name = "mitai.fabric.chaincode", defaultValue = "mitai")
  String fabricChaincode;

  private Ledger opened;
  private LedgerExplorer explorer;
  private ManagedChannel channel;
  private FabricExplorer fabricExplorer;
  private AgroalDataSource embeddedPool;

  private synchronized Ledger opened() {
    if (opened == null) {
      switch (kind) {
        case "embedded" -> {
          EmbeddedLedger ledger = openEmbedded();
          opened = ledger;
          explorer = ledger;
        }
        case "fabric" -> {
          FabricLedger ledger = openFabric();
          opened = ledger;
          FabricExplorer mirror = new FabricExplorer(dataSource, ledger);
          fabricExplorer = mirror;
          explorer = mirror;
          mirror.start();
        }
        default ->
            throw new IllegalStateException(
                "mitai.ledger must be 'embedded' or 'fabric', not '" + kind + "'");
      }
    }
    return opened;
  }

  /**
   * Whether the explorer's height follows the ledger's commits directly (embedded), so that a
   * projection rebuild can wait for its last block; on Fabric it follows the asynchronous mirror.
   */
  public boolean explorerAvailable() {
    return !"fabric".equals(kind);
  }

  @Produces
  @Singleton
  @Startup
  GuardedLedger ledger() {
    return new GuardedLedger(opened());
  }

  @Produces
  @Singleton
  synchronized LedgerExplorer explorer() {
    opened();
    return explorer;
  }

  private EmbeddedLedger openEmbedded() {
    Optional<String> sharedUrl = embeddedJdbcUrl.filter(url -> !url.isBlank());
    KeyPair treeHeadKey =
        embeddedTreeHeadKey
            .filter(path -> !path.isBlank())
            .map(path -> TreeHeadKeyFile.loadOrCreate(Path.of(path)))
            .orElseGet(keys::treeHeadKey);
    DataSource ledgerDatabase =
        sharedUrl.isPresent() ? openEmbeddedPool(sharedUrl.get()) : dataSource;
    // The contract runtime finds contract and serializer classes by scanning the context
    // class loader: make it the application's, whichever thread opens the ledger.
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(LedgerProducer.class.getClassLoader());
    EmbeddedLedger ledger;
    try {
      ledger = EmbeddedLedger.open(ledgerDatabase, treeHeadKey, EmbeddedLedgerConfig.defaults());
    } catch (RuntimeException e) {
      closeEmbeddedPool();
      throw e;
    } finally {
      thread.setContextClassLoader(previous);
    }
    LOG.infof(
        "embedded ledger open at height %d, %s, tree heads signed with the key %s",
        ledger.height(),
        sharedUrl.isPresent()
            ? "in the database of mitai.ledger.embedded.jdbc-url"
            : "in the node's database",
        embeddedTreeHeadKey.filter(p -> !p.isBlank()).isPresent()
            ? "in mitai.ledger.embedded.tree-head-key"
            : "in the node's key store");
    return ledger;
  }

  /**
   * A small pool of its own on the shared ledger database: the ledger keeps one connection for
   * writing blocks and borrows others for reads, following and event delivery.
   */
  private AgroalDataSource openEmbeddedPool(String jdbcUrl) {
    try {
      embeddedPool =
          AgroalDataSource.from(
              new AgroalDataSourceConfigurationSupplier()
                  .connectionPoolConfiguration(
                      pool ->
                          pool.minSize(0)
                              .maxSize(8)
                              .acquisitionTimeout(Duration.ofSeconds(10))
                              .exceptionSorter(new PostgreSQLExceptionSorter())
                              .connectionFactoryConfiguration(
                                  factory -> {
                                    factory.jdbcUrl(jdbcUrl).connectionProviderClass(Driver.class);
                                    embeddedUsername
                                        .filter(u -> !u.isBlank())
                                        .ifPresent(u -> factory.principal(new NamePrincipal(u)));
                                    embeddedPassword.ifPresent(
                                        p -> factory.credential(new SimplePassword(p)));
                                    return factory;
                                  })));
      return embeddedPool;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "the embedded ledger's database (mitai.ledger.embedded.jdbc-url) cannot be used", e);
    }
  }

  private void closeEmbeddedPool() {
    AgroalDataSource pool = embeddedPool;
    embeddedPool = null;
    if (pool != null) {
      pool.close();
    }
  }

  private FabricLedger openFabric() {
    String endpoint =
        fabricEndpoint
            .filter(s -> !s.isBlank())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "mitai.ledger=fabric needs mitai.fabric.endpoint (host:port of the peer's"
                            + " gateway)"));
    Path tlsCa =
        fabricTlsCa
            .filter(s -> !s.isBlank())
            .map(Path::of)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "mitai.ledger=fabric needs mitai.fabric.tls-ca (the peer's TLS CA, PEM)"));
    if (!Files.isReadable(tlsCa)) {
      throw new IllegalStateException("mitai.fabric.tls-ca = " + tlsCa + " is not a readable file");
    }
    try {
      channel = FabricConnections.open(endpoint, tlsCa, fabricAuthority.orElse(null));
    } catch (IOException e) {
      throw new UncheckedIOException("the Fabric TLS CA " + tlsCa + " cannot be read", e);
    }
    FabricLedger ledger =
        new FabricLedger(channel, FabricLedgerConfig.of(fabricChannel, fabricChaincode));
    try {
      for (String orgId : hosted.ids()) {
        ledger.connect(hosted.identity(orgId));
      }
    } catch (RuntimeException e) {
      ledger.close();
      channel.shutdownNow();
      throw e;
    }
    LOG.infof(
        "Fabric ledger: channel %s, chaincode %s through the gateway at %s, as %s",
        fabricChannel, fabricChaincode, endpoint, hosted.ids());
    return ledger;
  }

  void close(@Disposes GuardedLedger ledger) {
    FabricExplorer mirror = fabricExplorer;
    if (mirror != null) {
      mirror.close();
    }
    ledger.close();
    closeEmbeddedPool();
    ManagedChannel open = channel;
    if (open != null) {
      open.shutdown();
      try {
        if (!open.awaitTermination(5, TimeUnit.SECONDS)) {
          open.shutdownNow();
        }
      } catch (InterruptedException e) {
        open.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
