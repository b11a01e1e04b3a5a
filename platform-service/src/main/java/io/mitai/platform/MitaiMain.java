package io.mitai.platform;

import io.mitai.platform.boot.EmbeddedDatabase;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

/**
 * The node's entry point. In sandbox mode (no {@code quarkus.datasource.jdbc.url} configured) it
 * starts an embedded PostgreSQL server under {@code <mitai.data-dir>/postgres} before Quarkus boots
 * and hands its URL to Quarkus as system properties; otherwise it uses the configured database.
 */
@QuarkusMain
public final class MitaiMain {

  private MitaiMain() {}

  public static void main(String... args) {
    Config config = ConfigProvider.getConfig();
    boolean external =
        config.getOptionalValue("quarkus.datasource.jdbc.url", String.class).isPresent();
    String dataDir = config.getOptionalValue("mitai.data-dir", String.class).orElse("./data");
    ConfigProviderResolver.instance().releaseConfig(config);
    if (external) {
      Quarkus.run(args);
      return;
    }
    int[] exitCode = {0};
    try (EmbeddedDatabase database = EmbeddedDatabase.start(Path.of(dataDir, "postgres"))) {
      System.setProperty("quarkus.datasource.jdbc.url", database.jdbcUrl());
      System.setProperty("quarkus.datasource.username", database.username());
      System.setProperty("quarkus.datasource.password", database.password());
      // Return here instead of exiting, so the database is stopped after Quarkus.
      Quarkus.run(
          null,
          (code, failure) -> {
            exitCode[0] = code;
            if (failure != null) {
              // Quarkus leaves a failed start to this handler: say why before exiting.
              failure.printStackTrace();
            }
          },
          args);
    }
    System.exit(exitCode[0]);
  }
}
