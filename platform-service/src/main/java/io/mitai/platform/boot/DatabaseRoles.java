package io.mitai.platform.boot;

import static io.mitai.platform.boot.EmbeddedDatabase.APP_DATABASE;
import static io.mitai.platform.boot.EmbeddedDatabase.APP_ROLE;
import static io.mitai.platform.boot.EmbeddedDatabase.SUPERUSER;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Roles, databases and ownership inside the running embedded server, set up as the superuser: the
 * application role is no superuser, owns its databases and every object outside the system schemas,
 * and nobody else may connect or create in them.
 */
final class DatabaseRoles {

  private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class.getName());

  private final Path dir;
  private final int port;
  private final String superuserPassword;
  private final String appPassword;

  DatabaseRoles(Path dir, int port, String superuserPassword, String appPassword) {
    this.dir = dir;
    this.port = port;
    this.superuserPassword = superuserPassword;
    this.appPassword = appPassword;
  }

  /** The application role and database, owning everything outside the system schemas. */
  void setUp() throws SQLException {
    try (Connection c = superuser("template1");
        Statement s = c.createStatement()) {
      if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", APP_ROLE)) {
        s.execute("CREATE ROLE " + APP_ROLE + " LOGIN");
      }
      s.execute(
          "ALTER ROLE "
              + APP_ROLE
              + " NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS LOGIN");
      c.unwrap(PGConnection.class)
          .alterUserPassword(APP_ROLE, appPassword.toCharArray(), "scram-sha-256");
      if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", APP_DATABASE)) {
        if (holdsApplicationData()) {
          // Made by an earlier version: the node's tables live in the postgres database.
          LOG.info("upgrading " + dir + ": the node's data moves to database " + APP_DATABASE);
          s.execute("ALTER DATABASE postgres RENAME TO " + APP_DATABASE);
          s.execute("CREATE DATABASE postgres");
        } else {
          s.execute("CREATE DATABASE " + APP_DATABASE + " OWNER " + APP_ROLE);
        }
      }
      for (String db : List.of("postgres", "template1")) {
        s.execute("REVOKE ALL ON DATABASE " + db + " FROM PUBLIC");
      }
    }
    handOver(APP_DATABASE);
  }

  private boolean holdsApplicationData() throws SQLException {
    try (Connection c = superuser("postgres")) {
      return exists(
          c,
          "SELECT 1 FROM pg_namespace n WHERE n.nspname = ?"
              + " OR EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public')",
          "ledger");
    }
  }

  /**
   * Gives {@code database} and every object outside its system schemas to {@link
   * EmbeddedDatabase#APP_ROLE}; nobody else may connect or create in it.
   */
  private void handOver(String database) throws SQLException {
    try (Connection c = superuser("template1");
        Statement s = c.createStatement()) {
      s.execute("ALTER DATABASE " + database + " OWNER TO " + APP_ROLE);
      s.execute("REVOKE ALL ON DATABASE " + database + " FROM PUBLIC");
    }
    try (Connection c = superuser(database);
        Statement s = c.createStatement()) {
      s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
      runGenerated(
          s,
          "SELECT 'ALTER SCHEMA ' || quote_ident(nspname) || ' OWNER TO "
              + APP_ROLE
              + "' FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%'"
              + " AND nspname <> 'information_schema'"
              + " AND nspowner <> (SELECT oid FROM pg_roles WHERE rolname = '"
              + APP_ROLE
              + "') ORDER BY nspname");
      // Tables first: their indexes, row types and owned sequences follow them.
      for (String kinds : List.of("'r','p','v','m','f'", "'S'")) {
        runGenerated(
            s,
            "SELECT 'ALTER TABLE ' || c.oid::regclass::text || ' OWNER TO "
                + APP_ROLE
                + "' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ("
                + kinds
                + ") AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'"
                + " AND pg_get_userbyid(c.relowner) <> '"
                + APP_ROLE
                + "' ORDER BY 1");
      }
      runGenerated(
          s,
          "SELECT 'ALTER ROUTINE ' || p.oid::regprocedure::text || ' OWNER TO "
              + APP_ROLE
              + "' FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
              + " WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'"
              + " AND pg_get_userbyid(p.proowner) <> '"
              + APP_ROLE
              + "' ORDER BY 1");
    }
  }

  /**
   * Runs the statements {@code query} generates (one per row). They are read to the end first:
   * altering objects while their catalogue is being read would change what the query sees.
   */
  private static void runGenerated(Statement s, String query) throws SQLException {
    List<String> changes = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(query)) {
      while (rs.next()) {
        changes.add(rs.getString(1));
      }
    }
    for (String change : changes) {
      s.execute(change);
    }
  }

  /** Creates (if missing) a further database owned by the application role. */
  void createDatabase(String name) {
    if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("not a database name: " + name);
    }
    try {
      try (Connection c = superuser("template1");
          Statement s = c.createStatement()) {
        if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", name)) {
          s.execute("CREATE DATABASE " + name + " OWNER " + APP_ROLE);
        }
      }
      handOver(name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
  }

  private Connection superuser(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", SUPERUSER);
    props.setProperty("password", superuserPassword);
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + port + "/" + database, props);
  }

  private static boolean exists(Connection c, String sql, String value) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, value);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
