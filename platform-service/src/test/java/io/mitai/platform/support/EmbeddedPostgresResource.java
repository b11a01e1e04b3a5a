package io.mitai.platform.support;

import io.mitai.platform.boot.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Starts the same embedded PostgreSQL the product uses, on a fresh data directory under {@code
 * target/test-data}, once for the whole test run.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

  public static final Path DATA_DIR = Path.of("target", "test-data").toAbsolutePath();

  private static volatile int port;

  private EmbeddedDatabase database;

  /**
   * A superuser connection to the node's database, for what only a superuser may do (a {@code
   * CHECKPOINT} before searching the files); the node itself never connects as one.
   */
  public static Connection superuser() throws SQLException, IOException {
    String password =
        Files.readString(DATA_DIR.resolve("postgres.superuser-password"), StandardCharsets.UTF_8)
            .strip();
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + port + "/" + EmbeddedDatabase.APP_DATABASE,
        "postgres",
        password);
  }

  @Override
  public Map<String, String> start() {
    deleteRecursively(DATA_DIR);
    database = EmbeddedDatabase.start(DATA_DIR.resolve("postgres"));
    port = database.port();
    return Map.of(
        "quarkus.datasource.jdbc.url", database.jdbcUrl(),
        "quarkus.datasource.username", database.username(),
        "quarkus.datasource.password", database.password(),
        "mitai.data-dir", DATA_DIR.toString());
  }

  @Override
  public void stop() {
    if (database != null) {
      database.close();
    }
  }

  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(EmbeddedPostgresResource::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
