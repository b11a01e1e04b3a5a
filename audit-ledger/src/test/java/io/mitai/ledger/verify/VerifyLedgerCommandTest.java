package io.mitai.ledger.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.ledger.Invocation;
import io.mitai.ledger.LedgerIdentity;
import io.mitai.ledger.SubmitResult;
import io.mitai.ledger.codec.ProofJson;
import io.mitai.ledger.embedded.EmbeddedLedger;
import io.mitai.ledger.embedded.EmbeddedLedgerConfig;
import io.mitai.ledger.embedded.JdbcBlockSource;
import io.mitai.ledger.embedded.LedgerExport;
import io.mitai.ledger.testing.TestIdentities;
import io.mitai.ledger.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auditor's command line: export, proof and database checks with only the public key. */
class VerifyLedgerCommandTest {

  @TempDir Path dir;
  private final LedgerIdentity org1 = TestIdentities.identity("org1");
  private final KeyPair key = TestIdentities.p256();
  private DataSource database;
  private EmbeddedLedger ledger;
  private Path keyFile;

  @BeforeEach
  void ledgerWithThreeBlocks() throws Exception {
    database = TestPostgres.newDatabase();
    ledger = EmbeddedLedger.open(database, key, EmbeddedLedgerConfig.defaults());
    for (int i = 0; i < 3; i++) {
      ledger.submit(org1, Invocation.of("ledgertest:put", "k" + i, "v" + i));
    }
    keyFile = dir.resolve("ledger.pem");
    Files.writeString(keyFile, PublicKeys.toPem(ledger.treeHeadKey()));
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  @Test
  void an_intact_export_verifies_offline() throws Exception {
    Path export = export();

    Outcome outcome = run("--key", keyFile.toString(), "--export", export.toString());

    assertThat(outcome.status()).isZero();
    assertThat(outcome.output()).contains("VERIFIED: 3 blocks, 3 transactions");
  }

  @Test
  void an_export_with_swapped_lines_names_the_block() throws Exception {
    Path export = export();
    List<String> lines = new ArrayList<>(Files.readAllLines(export));
    String second = lines.get(1);
    lines.set(1, lines.get(2));
    lines.set(2, second);
    Files.write(export, lines);

    Outcome outcome = run("--key", keyFile.toString(), "--export", export.toString());

    assertThat(outcome.status()).isEqualTo(1);
    assertThat(outcome.output()).contains("NOT VERIFIED: block 1");
  }

  @Test
  void a_proof_file_verifies_and_a_tampered_one_does_not() throws Exception {
    SubmitResult r = ledger.submit(org1, Invocation.of("ledgertest:put", "x", "y"));
    byte[] proof = ProofJson.encode(ledger.proveInclusion(r.txId()).orElseThrow());
    Path good = Files.write(dir.resolve("proof.json"), proof);
    String tampered =
        new String(proof, StandardCharsets.UTF_8).replace("\"leafIndex\":3", "\"leafIndex\":2");
    Path bad = Files.writeString(dir.resolve("bad.json"), tampered);

    assertThat(run("--key", keyFile.toString(), "--proof", good.toString()).status()).isZero();
    assertThat(run("--key", keyFile.toString(), "--proof", bad.toString()).status()).isEqualTo(1);
  }

  @Test
  void the_live_database_can_be_checked_directly() {
    // Checked through the library the command uses for --jdbc.
    var report =
        new io.mitai.ledger.embedded.LedgerVerifier(key.getPublic())
            .verify(JdbcBlockSource.of(database));
    assertThat(report.intact()).isTrue();
  }

  @Test
  void missing_key_is_a_usage_error() {
    assertThat(run("--export", "x").status()).isEqualTo(2);
  }

  private Path export() throws Exception {
    Path export = dir.resolve("ledger.jsonl");
    try (OutputStream out = Files.newOutputStream(export)) {
      LedgerExport.write(JdbcBlockSource.of(database), out);
    }
    return export;
  }

  private record Outcome(int status, String output) {}

  private static Outcome run(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status =
        VerifyLedgerCommand.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return new Outcome(status, bytes.toString(StandardCharsets.UTF_8));
  }
}
