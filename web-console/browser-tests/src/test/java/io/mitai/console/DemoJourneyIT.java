package io.mitai.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mitai.testsupport.NodeProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The analyst's "Try it" journey of docs/console.md on a fresh sandbox (the packaged node with its
 * default demo data), entirely in the console: bob (org2) opens the bare address, signs in, finds
 * the demo data sets and the grant org1 issued him, then launches from the Tasks page's form
 * PSI_CARDINALITY and PSI (demo-claims × demo-patients), SECURE_AGGREGATE grouped by region and the
 * JOINT_STATS regression. For each, the numbers in the result table and on the chart's SVG marks
 * must equal both the documented answers and the result document the API serves for the task.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SaveOnFailure.class)
class DemoJourneyIT {

  static final String PASSWORD = System.getenv().getOrDefault("MITAI_DEMO_PASSWORD", "mitai-demo");
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration TASK_TIMEOUT = Duration.ofSeconds(240);

  /** docs/console.md, "Try it": rows of demo-patients per region. */
  static final Map<String, Long> ROWS_BY_REGION =
      new TreeMap<>(
          Map.of("central", 315L, "east", 377L, "north", 457L, "south", 436L, "west", 415L));

  /**
   * docs/console.md, "Try it": claim_amount ~ age + bmi + admissions, to 0.01 (the result names
   * each column after its owner: org2.claim_amount, org1.age, ...).
   */
  static final Map<String, Double> REGRESSION =
      Map.of(
          "(intercept)", -827.49, "org1.age", 13.74, "org1.bmi", 39.69, "org1.admissions", 216.59);

  NodeProcess node;
  Browser bob;
  final HttpClient http = HttpClient.newHttpClient();
  String patients;
  String claims;

  @BeforeAll
  void start() throws Exception {
    node = ConsoleNode.start();
    bob = new Browser("bob", node);
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {bob, node}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        System.err.println("while stopping: " + e);
      }
    }
  }

  @Test
  @Order(1)
  void bob_signs_in_at_the_bare_address_and_finds_the_demo_data_and_his_grant() {
    bob.open("/");
    bob.waitFor(ExpectedConditions.urlContains("/console/login.html"));
    bob.type(By.id("j_username"), "bob");
    bob.type(By.id("j_password"), PASSWORD);
    bob.click(By.id("sign-in"));
    bob.waitFor(ExpectedConditions.urlContains("/console/data.html"));
    // The node seeds its demo data in the background after it is ready: reload until listed.
    untilListed("/console/data.html", "tr[data-asset-name='demo-patients']", "#assets-body tr");
    untilListed("/console/data.html", "tr[data-asset-name='demo-claims']", "#assets-body tr");
    WebElement patientsRow = bob.find(By.cssSelector("tr[data-asset-name='demo-patients']"));
    patients = patientsRow.getAttribute("data-asset-id");
    assertThat(patientsRow.getText()).contains("org1", "2000", "ACTIVE");
    WebElement claimsRow = bob.find(By.cssSelector("tr[data-asset-name='demo-claims']"));
    claims = claimsRow.getAttribute("data-asset-id");
    assertThat(claimsRow.getText()).contains("org2 (mine)", "1500", "ACTIVE");

    // The grant is issued after the data sets are registered.
    untilListed(
        "/console/grants.html",
        "#received-body tr[data-asset-id='" + patients + "']",
        "#received-body tr");
    assertThat(bob.text(By.cssSelector("#received-body tr[data-asset-id='" + patients + "']")))
        .contains(
            "demo-patients",
            "org1",
            "PSI_CARDINALITY",
            "SECURE_AGGREGATE",
            "JOINT_STATS",
            "national_id",
            "ACTIVE");
  }

  @Test
  @Order(2)
  void psi_cardinality_of_the_claims_and_the_patients_is_1200() throws Exception {
    startForm("PSI_CARDINALITY");
    use(claims, "national_id");
    use(patients, "national_id");
    String task = launchAndAwait();
    JsonNode result = openResult(task, "PSI_CARDINALITY");

    assertThat(result.path("size").asLong()).isEqualTo(1200);
    assertThat(value("#rt-psi tr[data-key='size'] td")).isEqualTo("1200");
    assertThat(value("#rt-psi tr[data-key='size'] td")).isEqualTo(result.path("size").asText());
    assertThat(value("#chart-psi rect.bar[data-label='intersection']"))
        .isEqualTo("1200")
        .isEqualTo(result.path("size").asText());
    // Beside it, each input's registered row count.
    assertThat(value("#chart-psi rect.bar[data-label='demo-patients']")).isEqualTo("2000");
    assertThat(value("#chart-psi rect.bar[data-label='demo-claims']")).isEqualTo("1500");
    assertThat(result.has("keys")).isFalse();
    assertThat(bob.driver.findElements(By.id("rt-keys"))).isEmpty();
  }

  @Test
  @Order(3)
  void psi_lists_the_1200_national_ids_bob_holds_that_the_hospital_holds_too() throws Exception {
    startForm("PSI");
    use(claims, "national_id");
    use(patients, "national_id");
    bob.select(By.id("param-protocol"), "OT");
    String task = launchAndAwait();
    // The protocol bob chose is the one the ledger records and the task list shows.
    assertThat(protocolShown(task)).isEqualTo("OT-PSI/KKRT16-IKNP-CO15-curve25519-AES128-SHA256");
    JsonNode result = openResult(task, "PSI");

    assertThat(result.path("size").asLong()).isEqualTo(1200);
    assertThat(value("#rt-psi tr[data-key='size'] td")).isEqualTo(result.path("size").asText());
    assertThat(value("#chart-psi rect.bar[data-label='intersection']")).isEqualTo("1200");
    List<String> expected = new ArrayList<>();
    result.path("keys").forEach(k -> expected.add(k.asText()));
    assertThat(expected).hasSize(1200).allMatch(k -> k.matches("NID-\\d{9}"));
    @SuppressWarnings("unchecked")
    List<String> shown =
        (List<String>)
            bob.script(
                "return [...document.querySelectorAll('#rt-keys tbody tr td:nth-child(2)')]"
                    + ".map((td) => td.dataset.value);");
    assertThat(shown).containsExactlyElementsOf(expected);
  }

  @Test
  @Order(4)
  void secure_aggregate_by_region_shows_the_documented_group_sizes_in_table_and_bars()
      throws Exception {
    startForm("SECURE_AGGREGATE");
    use(patients, "region", "age");
    for (String unwanted : List.of("SUM", "VARIANCE", "STDDEV")) {
      bob.click(By.id("agg-" + unwanted));
    }
    bob.select(By.id("param-groupby"), "region");
    bob.type(By.id("param-mingroup"), "10");
    String task = launchAndAwait();
    JsonNode result = openResult(task, "SECURE_AGGREGATE");

    JsonNode groups = result.path("groups");
    List<String> labels = new ArrayList<>();
    groups.forEach(g -> labels.add(g.path("label").asText()));
    assertThat(labels).containsExactlyElementsOf(ROWS_BY_REGION.keySet());
    for (JsonNode g : groups) {
      String region = g.path("label").asText();
      String row = "#rt-groups tr[data-group='" + region + "'] ";
      assertThat(g.path("rows").asLong()).isEqualTo(ROWS_BY_REGION.get(region));
      assertThat(value(row + "td[data-stat='rows']"))
          .as("rows of %s", region)
          .isEqualTo(String.valueOf(ROWS_BY_REGION.get(region)))
          .isEqualTo(g.path("rows").asText());
      JsonNode age = g.path("columns").path(0);
      assertThat(age.path("column").asText()).isEqualTo("age");
      assertThat(age.path("count").asLong()).isEqualTo(ROWS_BY_REGION.get(region));
      assertThat(value(row + "td[data-column='age'][data-stat='count']"))
          .isEqualTo(age.path("count").asText());
      assertThat(value(row + "td[data-column='age'][data-stat='mean']"))
          .isEqualTo(age.path("mean").asText());
      // With COUNT and MEAN requested, the bars show each region's mean age.
      assertThat(value("#chart-agg-age rect.bar[data-label='" + region + "']"))
          .as("bar of %s", region)
          .isEqualTo(age.path("mean").asText());
    }
    assertThat(bob.driver.findElements(By.cssSelector("#chart-agg-age rect.bar"))).hasSize(5);
    assertThat(bob.driver.findElements(By.cssSelector("td[data-stat='sum']"))).isEmpty();
  }

  @Test
  @Order(5)
  void the_joint_regression_shows_the_documented_coefficients_in_table_and_chart()
      throws Exception {
    startForm("JOINT_STATS");
    use(patients, "national_id", "age", "bmi", "admissions");
    use(claims, "national_id", "claim_amount");
    bob.select(By.id("param-key"), "national_id");
    bob.select(By.id("param-target"), "claim_amount");
    bob.click(By.id("stat-COUNT"));
    bob.click(By.id("stat-SUM"));
    bob.click(By.id("stat-REGRESSION"));
    String task = launchAndAwait();
    // No protocol chosen: two inputs of 2,000 and 1,500 rows are aligned by OT-extension PSI.
    assertThat(protocolShown(task)).isEqualTo("OT-PSI-ALIGNED-BEAVER/Z2^64-dealer");
    JsonNode result = openResult(task, "JOINT_STATS");

    assertThat(result.path("rows").asLong()).isEqualTo(1200);
    assertThat(value("#rt-summary tr[data-key='aligned rows'] td"))
        .isEqualTo("1200")
        .isEqualTo(result.path("rows").asText());
    JsonNode regression = result.path("regression");
    assertThat(regression.path("estimable").asBoolean()).isTrue();
    assertThat(regression.path("target").asText()).isEqualTo("org2.claim_amount");
    Map<String, String> api = new LinkedHashMap<>();
    api.put("(intercept)", regression.path("intercept").asText());
    for (int k = 0; k < regression.path("predictors").size(); k++) {
      api.put(
          regression.path("predictors").path(k).asText(),
          regression.path("coefficients").path(k).asText());
    }
    assertThat(api).containsOnlyKeys(REGRESSION.keySet());
    for (Map.Entry<String, String> term : api.entrySet()) {
      String name = term.getKey();
      String inTable = value("#rt-regression tr[data-term='" + name + "'] td");
      String onChart = value("#chart-regression g.estimate[data-label='" + name + "']");
      assertThat(inTable).as("table: %s", name).isEqualTo(term.getValue());
      assertThat(onChart).as("chart: %s", name).isEqualTo(term.getValue());
      assertThat(Double.parseDouble(onChart))
          .as("documented %s", name)
          .isCloseTo(REGRESSION.get(name), within(0.005));
    }
    assertThat(bob.driver.findElements(By.cssSelector("#chart-regression g.estimate"))).hasSize(4);
  }

  // --- the console's Tasks form ------------------------------------------------------------

  private void startForm(String operation) {
    assertThat(patients).as("the demo data was found").isNotNull();
    bob.open("/console/tasks.html");
    bob.select(By.id("task-operation"), operation);
    bob.find(By.cssSelector(".input-choice[data-asset-id='" + patients + "']"));
  }

  /** Ticks a data set as an input and the given columns of it. */
  private void use(String asset, String... columns) {
    bob.click(By.id("use-" + asset));
    for (String c : columns) {
      bob.click(By.id("col-" + asset + "-" + c));
    }
  }

  /** Launches the form and waits, without reloading, for the task to succeed. */
  private String launchAndAwait() {
    bob.click(By.id("task-submit"));
    String launched = bob.text(By.cssSelector("#task-result .alert"));
    Matcher m = Pattern.compile("Task (\\S+) submitted").matcher(launched);
    assertThat(m.find()).as("the launch answer: %s", launched).isTrue();
    String task = m.group(1);
    By row = By.cssSelector("#tasks-body tr[data-task-id='" + task + "']");
    bob.waitFor(
        d -> {
          String status = d.findElement(row).getAttribute("data-status");
          assertThat(status).as("task %s", task).isNotIn("FAILED", "REJECTED");
          return "SUCCEEDED".equals(status) ? status : null;
        },
        TASK_TIMEOUT);
    return task;
  }

  /** The protocol label in the task's row, as the API reports it. */
  private String protocolShown(String task) throws Exception {
    String shown =
        bob.text(By.cssSelector("#tasks-body tr[data-task-id='" + task + "'] .protocol"));
    HttpResponse<String> r = get("/api/v1/tasks/" + task);
    assertThat(JSON.readTree(r.body()).path("protocol").asText()).isEqualTo(shown);
    return shown;
  }

  /** Opens the task's result in the page and returns the API's result document for it. */
  private JsonNode openResult(String task, String operation) throws Exception {
    bob.click(By.cssSelector("#tasks-body tr[data-task-id='" + task + "'] button.get-result"));
    bob.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("result-body"), task));
    assertThat(bob.attribute(By.id("result-view"), "data-operation")).isEqualTo(operation);
    HttpResponse<String> r = get("/api/v1/tasks/" + task + "/result");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode doc = JSON.readTree(r.body());
    assertThat(doc.path("taskId").asText()).isEqualTo(task);
    assertThat(doc.path("operation").asText()).isEqualTo(operation);
    return doc.path("result");
  }

  private void untilListed(String page, String wanted, String anyRow) {
    bob.open(page);
    bob.waitFor(
        d -> {
          if (!d.findElements(By.cssSelector(wanted)).isEmpty()) {
            return true;
          }
          if (!d.findElements(By.cssSelector(anyRow)).isEmpty()) {
            d.navigate().refresh(); // listed without it: ask again
          }
          return null;
        },
        Duration.ofSeconds(120));
  }

  private String value(String css) {
    return bob.attribute(By.cssSelector(css), "data-value");
  }

  private HttpResponse<String> get(String path) throws Exception {
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("bob:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    return http.send(
        HttpRequest.newBuilder(URI.create(node.url(path)))
            .header("Authorization", basic)
            .header("Accept", "application/json")
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
