package io.mitai.platform.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL as the node starts it (issue 12, findings 1 and 14): passwords for every
 * connection, a non-superuser application role, never running as root, durable settings, and an
 * older trust-authentication directory upgraded in place.
 */
class EmbeddedDatabaseTest {

  private static final Path ROOT = Path.of("target", "embedded-database-test").toAbsolutePath();
  private static EmbeddedDatabase database;
  private static Path dir;

  @BeforeAll
  static void start() throws Exception {
    PostgresBinaries.deleteTree(ROOT);
    dir = ROOT.resolve("fresh").resolve("postgres");
    database = EmbeddedDatabase.start(dir);
  }

  @AfterAll
  static void stop() {
    if (database != null) {
      database.close();
    }
  }

  private static String url(String db) {
    return "jdbc:postgresql://localhost:" + database.port() + "/" + db;
  }

  @Test
  void a_connection_without_the_password_is_refused() throws Exception {
    for (String user : List.of("postgres", EmbeddedDatabase.APP_ROLE)) {
      for (String db : List.of("postgres", EmbeddedDatabase.APP_DATABASE, "template1")) {
        assertThatThrownBy(() -> DriverManager.getConnection(url(db), user, ""))
            .as(user + "@" + db + " with no password")
            .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(url(db), user, "mitai-sandbox"))
            .as(user + "@" + db + " with a wrong password")
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("password authentication failed");
      }
    }
    assertThat(hba(dir)).doesNotContain("trust").contains("scram-sha-256");
  }

  @Test
  void the_application_role_is_not_a_superuser_and_cannot_run_programs() throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                database.jdbcUrl(), database.username(), database.password());
        Statement s = c.createStatement()) {
      assertThat(one(s, "SELECT current_user")).isEqualTo(EmbeddedDatabase.APP_ROLE);
      assertThat(one(s, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"))
          .isEqualTo("false");
      assertThat(
              one(
                  s,
                  "SELECT pg_get_userbyid(datdba) FROM pg_database"
                      + " WHERE datname = current_database()"))
          .isEqualTo(EmbeddedDatabase.APP_ROLE);
      assertThatThrownBy(() -> s.execute("COPY (SELECT 1) TO PROGRAM 'id'"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("must be superuser");
      assertThatThrownBy(() -> s.execute("SELECT pg_read_file('/etc/hostname')"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
      // It may build its own schema (Flyway does) in its own database.
      s.execute("CREATE SCHEMA IF NOT EXISTS probe");
      s.execute("CREATE TABLE IF NOT EXISTS probe.t (x int)");
    }
    // ... and reach no other database.
    assertThatThrownBy(
            () ->
                DriverManager.getConnection(
                    url("postgres"), database.username(), database.password()))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied");
  }

  @Test
  void the_server_is_durable() throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                database.jdbcUrl(), database.username(), database.password());
        Statement s = c.createStatement()) {
      assertThat(one(s, "SHOW fsync")).isEqualTo("on");
      assertThat(one(s, "SHOW synchronous_commit")).isEqualTo("on");
      assertThat(one(s, "SHOW full_page_writes")).isEqualTo("on");
    }
  }

  @Test
  void the_server_does_not_run_as_root_and_the_secrets_are_owner_only() throws Exception {
    long pid = Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim());
    int serverUid = ((Number) Files.getAttribute(Path.of("/proc/" + pid), "unix:uid")).intValue();
    int myUid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue();
    if (myUid == 0) {
      assertThat(serverUid).as("uid of the postmaster").isNotZero();
      assertThat(Files.getAttribute(dir, "unix:uid")).isEqualTo(serverUid);
    } else {
      assertThat(serverUid).isEqualTo(myUid);
    }
    // The real uid too (not only the effective one), as /proc/<pid>/status reports it.
    String uidLine =
        Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
            .filter(l -> l.startsWith("Uid:"))
            .findFirst()
            .orElseThrow();
    if (myUid == 0) {
      assertThat(uidLine.split("\\s+")).doesNotContain("0");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    for (String kind : List.of("superuser-password", "app-password")) {
      Path file = EmbeddedDatabase.secretFile(dir, kind);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .as(file.toString())
          .isEqualTo("rw-------");
      assertThat(Files.readString(file).strip()).hasSizeGreaterThanOrEqualTo(40);
    }
    assertThat(Files.readString(EmbeddedDatabase.secretFile(dir, "app-password")).strip())
        .isEqualTo(database.password());
  }

  @Test
  void a_directory_made_by_an_earlier_version_is_upgraded_in_place() throws Exception {
    Path old = ROOT.resolve("old").resolve("postgres");
    Files.createDirectories(old);
    // As the earlier EmbeddedDatabase made it: zonky, trust, the node's tables in "postgres".
    try (EmbeddedPostgres pg =
            EmbeddedPostgres.builder().setDataDirectory(old).setCleanDataDirectory(false).start();
        Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE asset_store (id text PRIMARY KEY, n bigserial)");
      s.execute("INSERT INTO asset_store (id) VALUES ('kept')");
      s.execute("CREATE SCHEMA ledger");
      s.execute("CREATE TABLE ledger.block (number bigint PRIMARY KEY)");
      s.execute("INSERT INTO ledger.block VALUES (7)");
      s.execute("CREATE SEQUENCE ledger.free_seq");
      s.execute("CREATE VIEW ledger.v AS SELECT number FROM ledger.block");
    }
    assertThat(hba(old)).contains("trust");
    try (EmbeddedDatabase upgraded = EmbeddedDatabase.start(old)) {
      assertThat(hba(old)).doesNotContain("trust");
      assertThatThrownBy(
              () ->
                  DriverManager.getConnection(
                      "jdbc:postgresql://localhost:" + upgraded.port() + "/postgres",
                      "postgres",
                      ""))
          .isInstanceOf(SQLException.class);
      try (Connection c =
              DriverManager.getConnection(
                  upgraded.jdbcUrl(), upgraded.username(), upgraded.password());
          Statement s = c.createStatement()) {
        assertThat(one(s, "SELECT id FROM asset_store")).isEqualTo("kept");
        assertThat(one(s, "SELECT number::text FROM ledger.block")).isEqualTo("7");
        s.execute("INSERT INTO asset_store (id) VALUES ('written by mitai')");
        s.execute("INSERT INTO ledger.block VALUES (8)");
        s.execute("SELECT nextval('ledger.free_seq')");
        assertThat(
                one(
                    s,
                    "SELECT count(*)::text FROM pg_class c JOIN pg_namespace n"
                        + " ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'ledger')"
                        + " AND pg_get_userbyid(c.relowner) <> 'mitai'"))
            .isEqualTo("0");
      }
    }
    // Second start: already upgraded, same data, same passwords.
    String password = Files.readString(EmbeddedDatabase.secretFile(old, "app-password")).strip();
    try (EmbeddedDatabase again = EmbeddedDatabase.start(old);
        Connection c = DriverManager.getConnection(again.jdbcUrl(), again.username(), password);
        Statement s = c.createStatement()) {
      assertThat(one(s, "SELECT count(*)::text FROM asset_store")).isEqualTo("2");
    }
  }

  private static String hba(Path pgdata) throws Exception {
    return Files.readString(pgdata.resolve("pg_hba.conf"), StandardCharsets.UTF_8)
        .lines()
        .filter(l -> !l.startsWith("#") && !l.isBlank())
        .reduce("", (a, b) -> a + b + "\n");
  }

  private static String one(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getString(1));
      }
      assertThat(values).hasSize(1);
      return values.get(0);
    }
  }
}
