package io.mitai.platform.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.mitai.ledger.Invocation;
import io.mitai.ledger.SubmitResult;
import io.mitai.ledger.embedded.EmbeddedLedger;
import io.mitai.ledger.embedded.EmbeddedLedgerConfig;
import io.mitai.ledger.embedded.TreeHeadKeyFile;
import io.mitai.ledger.testing.TestIdentities;
import io.mitai.ledger.testing.TestPostgres;
import io.mitai.platform.support.Api;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The node with its embedded ledger in a database of its own ({@code
 * mitai.ledger.embedded.jdbc-url}) and its tree-head key in a shared file ({@code
 * mitai.ledger.embedded.tree-head-key}), next to another process writing the same ledger: both
 * write one chain, and the node follows the other's blocks into its projection.
 */
@QuarkusTest
@TestProfile(SharedEmbeddedLedgerTest.SharedLedgerProfile.class)
class SharedEmbeddedLedgerTest {

  @ConfigProperty(name = "mitai.ledger.embedded.jdbc-url")
  String jdbcUrl;

  @ConfigProperty(name = "mitai.ledger.embedded.tree-head-key")
  String treeHeadKey;

  @Test
  void another_process_with_the_shared_key_continues_the_nodes_chain_and_the_node_follows_it()
      throws Exception {
    Path keyFile = Path.of(treeHeadKey);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
    PGSimpleDataSource database = new PGSimpleDataSource();
    database.setUrl(jdbcUrl);
    database.setUser("postgres");

    EmbeddedLedger other = openOther(database, keyFile);
    try {
      long nodeBlocks = other.height();
      assertThat(nodeBlocks).as("the node registered its organisations there").isPositive();

      SubmitResult registered =
          other.submit(
              TestIdentities.identity("org9"),
              Invocation.of(
                  "RegisterOrganisation",
                  "{\"displayName\":\"Org Nine\",\"endpoint\":\"https://org9.example:8443\","
                      + "\"publicKey\":\"AAAA\"}"));

      assertThat(registered.blockNumber()).isEqualTo(nodeBlocks);
      Api.alice()
          .get("/api/v1/ledger/tx/" + registered.txId())
          .then()
          .statusCode(200)
          .body("blockNumber", equalTo((int) nodeBlocks));
      awaitOrganisation("org9");
      Api.alice().get("/api/v1/ledger/verify").then().statusCode(200).body("intact", equalTo(true));
      assertThat(other.verify().intact()).isTrue();
    } finally {
      other.close();
    }
  }

  private static EmbeddedLedger openOther(PGSimpleDataSource database, Path keyFile)
      throws IOException {
    // The contract runtime scans the context class loader for the contract classes.
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(SharedEmbeddedLedgerTest.class.getClassLoader());
    try {
      return EmbeddedLedger.open(
          database, TreeHeadKeyFile.read(keyFile), EmbeddedLedgerConfig.defaults());
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** The projection learns of the other process's block from the ledger's follower. */
  private static void awaitOrganisation(String id) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      List<String> ids =
          Api.alice().get("/api/v1/orgs").then().statusCode(200).extract().path("id");
      if (ids.contains(id)) {
        return;
      }
      Thread.sleep(100);
    }
    assertThat(Api.alice().get("/api/v1/orgs").then().extract().<List<String>>path("id"))
        .contains(id);
  }

  /** The node's embedded ledger in a database of its own, with its key in a shared file. */
  public static class SharedLedgerProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(SharedLedgerDatabase.class));
    }
  }

  /** A fresh database for the shared ledger and a path (not yet a file) for its key. */
  public static class SharedLedgerDatabase implements QuarkusTestResourceLifecycleManager {

    static final Path DIR = Path.of("target", "shared-ledger").toAbsolutePath();

    @Override
    public Map<String, String> start() {
      String name = "shared_ledger_" + System.nanoTime();
      try (Connection c = TestPostgres.server().getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      } catch (SQLException e) {
        throw new IllegalStateException("could not create the shared ledger database", e);
      }
      Path key = DIR.resolve(name).resolve("tree-head.pem");
      try {
        Files.createDirectories(DIR);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return Map.of(
          "mitai.ledger.embedded.jdbc-url",
          TestPostgres.server().getJdbcUrl("postgres", name),
          "mitai.ledger.embedded.username",
          "postgres",
          "mitai.ledger.embedded.tree-head-key",
          key.toString());
    }

    @Override
    public void stop() {
      // The server belongs to the test JVM; TestPostgres stops it at exit.
    }
  }
}
