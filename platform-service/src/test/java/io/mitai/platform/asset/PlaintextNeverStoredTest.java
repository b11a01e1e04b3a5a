package io.mitai.platform.asset;

import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.platform.support.Api;
import io.mitai.platform.support.Csv;
import io.mitai.platform.support.EmbeddedPostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PlaintextNeverStoredTest {

  static final List<String> SECRETS =
      List.of("Zanzibar-Quokka-Marmalade", "Vexillology-Pangolin", "Xylophone.Okapi@example.org");

  @Inject DataSource dataSource;

  @Test
  void no_plaintext_cell_value_appears_in_the_database_the_data_directory_or_the_log()
      throws Exception {
    String csv =
        "email,nickname,score\n"
            + SECRETS.get(2)
            + ","
            + SECRETS.get(0)
            + ",17\n"
            + "someone@example.org,"
            + SECRETS.get(1)
            + ",18\n";
    String id = Csv.uploaded(Api.alice(), "secrets", csv);
    // A refused upload of the same values must not leave them anywhere either.
    Csv.upload(Api.alice(), "refused", csv + "ragged-row\n").statusCode(422);
    Api.alice().get("/api/v1/assets/" + id).then().statusCode(200);

    try (Connection su = EmbeddedPostgresResource.superuser();
        Statement s = su.createStatement()) {
      s.execute("checkpoint");
    }
    try (Connection c = dataSource.getConnection()) {
      String dump = dumpDatabase(c);
      assertThat(dump).contains(id);
      for (String secret : SECRETS) {
        assertThat(dump).doesNotContain(secret);
      }
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(EmbeddedPostgresResource.DATA_DIR)) {
      walk.filter(Files::isRegularFile).forEach(files::add);
    }
    files.add(Path.of("target", "test-node.log"));
    assertThat(files).hasSizeGreaterThan(10);
    for (Path file : files) {
      byte[] bytes = readIfPresent(file);
      for (String secret : SECRETS) {
        assertThat(indexOf(bytes, secret.getBytes(StandardCharsets.UTF_8)))
            .as("%s in %s", secret, file)
            .isEqualTo(-1);
      }
    }
  }

  private static String dumpDatabase(Connection c) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (ResultSet rs =
        c.createStatement()
            .executeQuery(
                "select table_schema || '.' || table_name from information_schema.tables"
                    + " where table_schema in ('public', 'ledger')")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    StringBuilder dump = new StringBuilder();
    for (String table : tables) {
      try (ResultSet rs = c.createStatement().executeQuery("select t::text from " + table + " t")) {
        while (rs.next()) {
          dump.append(rs.getString(1)).append('\n');
        }
      }
    }
    return dump.toString();
  }

  private static byte[] readIfPresent(Path file) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      return new byte[0];
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
