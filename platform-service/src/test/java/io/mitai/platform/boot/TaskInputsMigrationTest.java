package io.mitai.platform.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V6 moves a task's inputs from the comma-joined {@code proj_task.asset_ids} into rows of {@code
 * proj_task_input}: a node upgraded with tasks already projected keeps their provenance.
 */
class TaskInputsMigrationTest {

  @Test
  void projected_tasks_keep_their_inputs_as_rows_and_the_joined_column_is_gone() throws Exception {
    Path root = Path.of("target", "task-inputs-migration-test").toAbsolutePath();
    PostgresBinaries.deleteTree(root);
    try (EmbeddedDatabase db = EmbeddedDatabase.start(root.resolve("postgres"))) {
      Flyway.configure()
          .dataSource(db.jdbcUrl(), db.username(), db.password())
          .locations("classpath:db/migration")
          .target("5")
          .load()
          .migrate();
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
          Statement s = c.createStatement()) {
        s.execute(
            "insert into proj_task (id, requester, status, asset_ids, record, block_number,"
                + " tx_index, tx_id) values ('t1', 'org1', 'SUCCEEDED', ',a1,a2,', '{}', 3, 0,"
                + " 'x1'), ('t2', 'org2', 'RUNNING', ',a2,', '{}', 4, 0, 'x2')");
      }
      Flyway.configure()
          .dataSource(db.jdbcUrl(), db.username(), db.password())
          .locations("classpath:db/migration")
          .load()
          .migrate();
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
          Statement s = c.createStatement()) {
        assertThat(rows(s, "select task_id || '/' || asset_id from proj_task_input order by 1"))
            .containsExactly("t1/a1", "t1/a2", "t2/a2");
        assertThat(
                rows(
                    s,
                    "select column_name from information_schema.columns"
                        + " where table_name = 'proj_task' and column_name = 'asset_ids'"))
            .isEmpty();
      }
    }
  }

  private static List<String> rows(Statement s, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }
}
