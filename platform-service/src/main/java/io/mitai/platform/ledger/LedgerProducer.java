package io.mitai.platform.ledger;

import io.mitai.ledger.LedgerExplorer;
import io.mitai.ledger.embedded.EmbeddedLedger;
import io.mitai.ledger.embedded.EmbeddedLedgerConfig;
import io.mitai.platform.keys.KeyVault;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Opens the ledger selected by {@code mitai.ledger}: {@code embedded} (default) runs the embedded
 * verifiable ledger in the node's own database (schema {@code ledger}), signing tree heads with the
 * key kept in the node's key store; {@code fabric} is reserved for the Fabric Gateway adapter,
 * which is not built yet, and stops the node at start with a clear message.
 */
@ApplicationScoped
public class LedgerProducer {

  private static final Logger LOG = Logger.getLogger(LedgerProducer.class);

  @Inject DataSource dataSource;
  @Inject KeyVault keys;

  @ConfigProperty(name = "mitai.ledger", defaultValue = "embedded")
  String kind;

  private EmbeddedLedger embedded;

  private synchronized EmbeddedLedger embedded() {
    if (embedded == null) {
      embedded = open();
    }
    return embedded;
  }

  @Produces
  @Singleton
  @Startup
  GuardedLedger ledger() {
    return new GuardedLedger(embedded());
  }

  @Produces
  @Singleton
  LedgerExplorer explorer() {
    return embedded();
  }

  private EmbeddedLedger open() {
    return switch (kind) {
      case "embedded" -> {
        // The contract runtime finds contract and serializer classes by scanning the context
        // class loader: make it the application's, whichever thread opens the ledger.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(LedgerProducer.class.getClassLoader());
        EmbeddedLedger ledger;
        try {
          ledger =
              EmbeddedLedger.open(dataSource, keys.treeHeadKey(), EmbeddedLedgerConfig.defaults());
        } finally {
          thread.setContextClassLoader(previous);
        }
        LOG.infof("embedded ledger open at height %d", ledger.height());
        yield ledger;
      }
      case "fabric" ->
          throw new IllegalStateException(
              "mitai.ledger=fabric selects the Fabric Gateway adapter, which this build does not"
                  + " include yet; use mitai.ledger=embedded");
      default ->
          throw new IllegalStateException(
              "mitai.ledger must be 'embedded' or 'fabric', not '" + kind + "'");
    };
  }

  void close(@Disposes GuardedLedger ledger) {
    ledger.close();
  }
}
