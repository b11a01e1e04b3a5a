package io.mitai.platform.demo;

import static io.mitai.platform.support.Tasks.input;
import static io.mitai.platform.support.Tasks.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.platform.asset.domain.ColumnType;
import io.mitai.platform.asset.domain.Commitment;
import io.mitai.platform.demo.DemoDataSets.DataSet;
import io.mitai.platform.support.Api;
import io.mitai.platform.support.EmbeddedPostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A fresh sandbox holds the demo data: each organisation's data set registered through the upload
 * path (its commitment is that of the generated rows, it is ACTIVE on the ledger through a
 * RegisterAsset transaction), encrypted (no cell of it anywhere under the data directory, in the
 * database or in the log), the demo grant issued, nothing seeded twice, and the journeys of
 * docs/console.md give the documented answers.
 */
@QuarkusTest
@TestProfile(DemoDataProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoDataTest {

  @Inject DemoData demoData;
  @Inject DataSource dataSource;

  static final Map<String, String> USER_OF =
      Map.of("org1", "alice", "org2", "bob", "org3", "carol");

  @BeforeEach
  void the_seeding_at_start_has_finished() throws Exception {
    DemoData.Seeded atStart = demoData.atStart().get(120, TimeUnit.SECONDS);
    assertThat(atStart.assetIds()).hasSize(3);
    assertThat(atStart.grantIds()).hasSize(1);
  }

  @Test
  @Order(1)
  void each_organisation_holds_its_demo_data_set_on_the_ledger() {
    for (DataSet set : DemoDataSets.all()) {
      JsonPath view = demoAsset(Api.as(USER_OF.get(set.owner())), set.name());
      long rows = set.csv().lines().count() - 1;
      assertThat(view.getLong("rowCount")).isEqualTo(rows);
      assertThat(view.getString("owner")).isEqualTo(set.owner());
      assertThat(view.getList("columns.name")).containsExactlyElementsOf(set.types().keySet());
      assertThat(view.getList("columns.type")).containsExactlyElementsOf(set.types().values());
      assertThat(view.getString("status")).isEqualTo("ACTIVE");
      assertThat(view.getString("commitment")).isEqualTo(commitment(set));
      JsonPath tx =
          Api.auditor()
              .get("/api/v1/ledger/tx/" + view.getString("ledgerTxId"))
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      assertThat(tx.getString("function")).isEqualTo("RegisterAsset");
      assertThat(tx.getString("creatorMspId")).isEqualTo(set.owner());
      assertThat(tx.getString("args[0]")).contains(view.getString("id"), set.name());
    }
  }

  @Test
  @Order(1)
  void org1_has_granted_org2_the_patients_for_psi_and_joint_statistics() {
    String patients = demoAsset(Api.alice(), "demo-patients").getString("id");
    JsonPath grants =
        Api.bob()
            .get("/api/v1/grants?assetId=" + patients)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(grants.getList("$")).hasSize(1);
    assertThat(grants.getString("[0].owner")).isEqualTo("org1");
    assertThat(grants.getString("[0].grantee")).isEqualTo("org2");
    assertThat(grants.getString("[0].status")).isEqualTo("ACTIVE");
    assertThat(grants.getList("[0].operations"))
        .containsExactlyInAnyOrder("PSI", "PSI_CARDINALITY", "SECURE_AGGREGATE", "JOINT_STATS");
    assertThat(grants.getList("[0].columns")).contains("national_id", "age", "bmi", "region");
    Api.auditor()
        .get("/api/v1/ledger/tx/" + grants.getString("[0].ledgerTxId"))
        .then()
        .statusCode(200)
        .body("function", org.hamcrest.Matchers.equalTo("IssueGrant"));
  }

  @Test
  @Order(1)
  void seeding_again_as_a_restart_does_registers_nothing_twice() {
    List<Object> before = Api.alice().get("/api/v1/assets").then().extract().path("id");
    DemoData.Seeded again = demoData.seed();
    assertThat(again.assetIds()).isEmpty();
    assertThat(again.grantIds()).isEmpty();
    assertThat(Api.alice().get("/api/v1/assets").then().extract().<List<Object>>path("id"))
        .containsExactlyElementsOf(before);
    assertThat(Api.bob().get("/api/v1/grants").then().extract().<List<Object>>path("id"))
        .hasSize(1);
  }

  @Test
  @Order(1)
  void no_cell_of_the_demo_data_is_stored_or_logged_in_plaintext() throws Exception {
    List<String> cells = new ArrayList<>();
    for (DataSet set : DemoDataSets.all()) {
      List<String> lines = set.csv().lines().skip(1).limit(40).toList();
      for (String line : lines) {
        cells.add(line); // a whole row
        cells.add(line.substring(0, line.indexOf(','))); // its national id
      }
    }
    StringBuilder dump = new StringBuilder();
    // Only a superuser may CHECKPOINT (flushing pages to the files searched below); the node's
    // own role may not.
    try (Connection su = EmbeddedPostgresResource.superuser();
        Statement checkpoint = su.createStatement()) {
      checkpoint.execute("checkpoint");
    }
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "select table_schema || '.' || table_name from information_schema.tables"
                  + " where table_schema in ('public', 'ledger')")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String table : tables) {
        try (ResultSet rs = s.executeQuery("select t::text from " + table + " t")) {
          while (rs.next()) {
            dump.append(rs.getString(1)).append('\n');
          }
        }
      }
    }
    assertThat(dump).contains("demo-patients");
    for (String cell : cells) {
      assertThat(dump.indexOf(cell)).as("%s in the database", cell).isEqualTo(-1);
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(EmbeddedPostgresResource.DATA_DIR)) {
      walk.filter(Files::isRegularFile).forEach(files::add);
    }
    files.add(Path.of("target", "test-node.log"));
    assertThat(files).anyMatch(f -> f.toString().endsWith(".seg"));
    for (Path file : files) {
      String bytes = new String(read(file), StandardCharsets.ISO_8859_1);
      for (String cell : cells) {
        assertThat(bytes.indexOf(cell)).as("%s in %s", cell, file).isEqualTo(-1);
      }
    }
  }

  @Test
  @Order(2) // after the others: its tasks use the grant (whose latest transaction then changes)
  void bob_finds_the_documented_overlap_group_sizes_and_regression() {
    String patients = demoAsset(Api.alice(), "demo-patients").getString("id");
    String claims = demoAsset(Api.bob(), "demo-claims").getString("id");
    String size =
        accepted(
            "PSI_CARDINALITY",
            List.of(input(patients, "national_id"), input(claims, "national_id")),
            Map.of());
    succeeded("bob", size);
    assertThat(result(size).getLong("result.size")).isEqualTo(1200);

    String byRegion =
        accepted(
            "SECURE_AGGREGATE",
            List.of(input(patients, "region", "age")),
            Map.of(
                "aggregates", List.of("COUNT", "MEAN"), "groupBy", "region", "minGroupSize", 10));
    succeeded("bob", byRegion);
    JsonPath groups = result(byRegion);
    Map<String, Long> expected = new TreeMap<>();
    Map<String, Long> ageSums = new HashMap<>();
    DemoDataSets.all()
        .get(0)
        .csv()
        .lines()
        .skip(1)
        .forEach(
            line -> {
              String[] c = line.split(",");
              expected.merge(c[3], 1L, Long::sum);
              ageSums.merge(c[3], Long.parseLong(c[2]), Long::sum);
            });
    assertThat(groups.getList("result.groups.label")).containsExactlyElementsOf(expected.keySet());
    int g = 0;
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      String at = "result.groups[" + g++ + "]";
      assertThat(groups.getLong(at + ".rows")).isEqualTo(e.getValue());
      double mean = (double) ageSums.get(e.getKey()) / e.getValue();
      assertThat(Double.parseDouble(groups.getString(at + ".columns[0].mean")))
          .isCloseTo(mean, org.assertj.core.data.Offset.offset(0.01));
    }

    String regression =
        accepted(
            "JOINT_STATS",
            List.of(
                input(patients, "national_id", "age", "bmi", "admissions"),
                input(claims, "national_id", "claim_amount")),
            Map.of(
                "key",
                "national_id",
                "statistics",
                List.of("REGRESSION"),
                "target",
                "claim_amount"));
    succeeded("bob", regression);
    JsonPath stats = result(regression);
    assertThat(stats.getLong("result.rows")).isEqualTo(1200);
    assertThat(stats.getBoolean("result.regression.estimable")).isTrue();
    List<Double> documented = List.of(13.74, 39.69, 216.59);
    for (int i = 0; i < documented.size(); i++) {
      assertThat(Double.parseDouble(stats.getString("result.regression.coefficients[" + i + "]")))
          .as("coefficient of %s", stats.getString("result.regression.predictors[" + i + "]"))
          .isCloseTo(documented.get(i), org.assertj.core.data.Offset.offset(0.01));
    }
    assertThat(Double.parseDouble(stats.getString("result.regression.intercept")))
        .isCloseTo(-827.49, org.assertj.core.data.Offset.offset(0.01));
  }

  private static String accepted(String operation, List<Map<String, Object>> inputs, Object p) {
    Map<String, Object> body = new HashMap<>();
    body.put("operation", operation);
    body.put("inputs", inputs);
    body.put("params", p);
    return Api.bob()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/tasks")
        .then()
        .statusCode(202)
        .extract()
        .path("id");
  }

  private static JsonPath result(String task) {
    return JsonPath.from(
        Api.bob()
            .get("/api/v1/tasks/" + task + "/result")
            .then()
            .statusCode(200)
            .extract()
            .asString());
  }

  private static JsonPath demoAsset(RequestSpecification as, String name) {
    JsonPath all = as.get("/api/v1/assets").then().statusCode(200).extract().jsonPath();
    List<Map<String, Object>> matching = all.getList("findAll { it.name == '" + name + "' }");
    assertThat(matching).as("data sets named %s", name).hasSize(1);
    return JsonPath.from(
        as.get("/api/v1/assets/" + matching.get(0).get("id"))
            .then()
            .statusCode(200)
            .extract()
            .asString());
  }

  private static String commitment(DataSet set) {
    List<String> names = List.copyOf(set.types().keySet());
    List<ColumnType> types =
        set.types().values().stream().map(t -> ColumnType.parse(t).orElseThrow()).toList();
    Commitment commitment = new Commitment(names, types);
    set.csv()
        .lines()
        .skip(1)
        .forEach(line -> assertThat(commitment.add(List.of(line.split(",", -1)))).isEqualTo(-1));
    return commitment.hex();
  }

  private static byte[] read(Path file) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new byte[0];
    }
  }
}
