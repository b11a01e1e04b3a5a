package io.mitai.platform.it;

import io.mitai.platform.boot.EmbeddedDatabase;
import io.mitai.testsupport.NodeProcess;
import java.nio.file.Path;
import java.util.List;

/**
 * The settings of a federation node on one host, as docs/federation.md describes for development:
 * it hosts one organisation with its own database, and shares the embedded ledger's database and
 * tree-head key with the other nodes.
 */
final class SharedLedgerNode {

  private SharedLedgerNode() {}

  static List<String> settings(
      String org, EmbeddedDatabase postgres, Path dir, String keystorePassword) {
    return List.of(
        "-Dmitai.mode=federation",
        "-Dmitai.organisations=" + org,
        "-Dmitai.compute.port=" + NodeProcess.freePort(),
        "-Dquarkus.datasource.jdbc.url=" + postgres.jdbcUrl(org),
        "-Dquarkus.datasource.username=" + postgres.username(),
        "-Dquarkus.datasource.password=" + postgres.password(),
        "-Dmitai.ledger.embedded.jdbc-url=" + postgres.jdbcUrl("ledger"),
        "-Dmitai.ledger.embedded.username=" + postgres.username(),
        "-Dmitai.ledger.embedded.password=" + postgres.password(),
        "-Dmitai.keystore.password=" + keystorePassword,
        "-Dmitai.ledger.embedded.tree-head-key=" + dir.resolve("ledger-tree-head.pem"));
  }
}
