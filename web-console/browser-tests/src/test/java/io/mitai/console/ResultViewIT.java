package io.mitai.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mitai.testsupport.NodeProcess;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Results people can read: bob's SECURE_AGGREGATE (grouped), JOINT_STATS (correlation and
 * regression) and PSI results, set up through the REST API, opened in the console in headless
 * Chromium. Every number in the result tables and on the SVG charts (their data attributes) must
 * equal the result document the API serves for the task (the file the console downloads). Also: the
 * provenance page's evidence bundle button downloads the bundle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SaveOnFailure.class)
class ResultViewIT {

  static final String PASSWORD = System.getenv().getOrDefault("MITAI_DEMO_PASSWORD", "mitai-demo");
  static final ObjectMapper JSON = new ObjectMapper();

  NodeProcess node;
  Browser bob;
  final HttpClient http = HttpClient.newHttpClient();
  String aliceAsset;
  String bobAsset;

  @BeforeAll
  void start() throws Exception {
    node = ConsoleNode.start();
    StringBuilder accounts = new StringBuilder("id,region,age,balance\n");
    String[] regions = {"north", "south", "east", "west"};
    for (int i = 1; i <= 40; i++) {
      accounts.append(i).append(',').append(regions[i % 4]).append(',').append(20 + (i * 7) % 50);
      accounts.append(',').append(100 + i * 13).append('.').append(i % 10).append('\n');
    }
    StringBuilder scores = new StringBuilder("id,score,flag\n");
    for (int i = 5; i <= 34; i++) {
      scores.append(i).append(',').append((i * 37) % 100 + i / 2).append(',');
      scores.append((i * 7) % 3 == 0 ? 1 : 0).append('\n');
    }
    aliceAsset = upload("alice", "accounts", accounts.toString());
    bobAsset = upload("bob", "scores", scores.toString());
    String grant =
        "{\"assetId\":\""
            + aliceAsset
            + "\",\"grantee\":\"org2\",\"operations\":"
            + "[\"SECURE_AGGREGATE\",\"JOINT_STATS\",\"PSI\"],\"columns\":[\"id\",\"region\",\"age\","
            + "\"balance\"],\"purpose\":\"readable results\",\"validUntil\":\"2099-01-01T00:00:00Z\","
            + "\"maxUses\":10,\"minAssurance\":\"MPC_SEMI_HONEST\"}";
    assertThat(send("alice", "POST", "/api/v1/grants", grant).statusCode()).isEqualTo(201);
    bob = new Browser("bob", node);
    bob.signIn("bob", PASSWORD);
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
  void a_grouped_aggregate_shows_every_number_of_the_result_in_its_table_and_bars()
      throws Exception {
    String task =
        succeeded(
            "{\"operation\":\"SECURE_AGGREGATE\",\"inputs\":[{\"assetId\":\""
                + aliceAsset
                + "\",\"columns\":[\"region\",\"age\",\"balance\"]}],\"params\":{\"aggregates\":"
                + "[\"COUNT\",\"SUM\",\"MEAN\"],\"groupBy\":\"region\"}}");
    JsonNode result = open(task);

    JsonNode groups = result.path("groups");
    assertThat(groups.size()).isEqualTo(4);
    int checked = 0;
    for (JsonNode g : groups) {
      String label = g.path("label").asText();
      String row = "#rt-groups tr[data-group='" + label + "'] ";
      assertThat(value(row + "td[data-stat='rows']")).isEqualTo(g.path("rows").asText());
      for (JsonNode c : g.path("columns")) {
        String column = c.path("column").asText();
        for (String stat : List.of("count", "sum", "mean")) {
          assertThat(value(row + "td[data-column='" + column + "'][data-stat='" + stat + "']"))
              .as("%s %s of %s", stat, column, label)
              .isEqualTo(c.path(stat).asText());
          checked++;
        }
        String bar = "#chart-agg-" + column + " rect.bar[data-label='" + label + "']";
        assertThat(value(bar)).as("bar of %s %s", column, label).isEqualTo(c.path("sum").asText());
      }
    }
    assertThat(checked).isEqualTo(4 * 2 * 3);
    assertThat(bob.driver.findElements(By.cssSelector("#chart-agg-balance rect.bar"))).hasSize(4);
    rawJsonIsThere();
  }

  @Test
  void joint_statistics_show_the_correlation_heat_map_and_the_regression_coefficients()
      throws Exception {
    String task =
        succeeded(
            "{\"operation\":\"JOINT_STATS\",\"inputs\":[{\"assetId\":\""
                + aliceAsset
                + "\",\"columns\":[\"id\",\"age\",\"balance\"]},{\"assetId\":\""
                + bobAsset
                + "\",\"columns\":[\"id\",\"score\"]}],\"params\":{\"key\":\"id\",\"statistics\":"
                + "[\"COUNT\",\"SUM\",\"CORRELATION\",\"REGRESSION\"],\"target\":\"score\"}}");
    JsonNode result = open(task);

    List<String> columns = new ArrayList<>();
    result.path("columns").forEach(c -> columns.add(c.asText()));
    assertThat(columns).hasSizeGreaterThanOrEqualTo(3);
    JsonNode correlation = result.path("correlation");
    for (int i = 0; i < columns.size(); i++) {
      for (int j = 0; j < columns.size(); j++) {
        JsonNode v = correlation.path(i).path(j);
        String expected = v.isNull() ? "" : v.asText();
        String cell = "[data-row='" + columns.get(i) + "'][data-col='" + columns.get(j) + "']";
        assertThat(value("#chart-correlation rect.cell" + cell)).isEqualTo(expected);
      }
    }
    assertThat(bob.driver.findElements(By.cssSelector("#chart-correlation rect.cell")))
        .hasSize(columns.size() * columns.size());
    assertThat(value("#rt-summary tr[data-key='aligned rows'] td"))
        .isEqualTo(result.path("rows").asText());
    JsonNode regression = result.path("regression");
    assertThat(regression.path("estimable").asBoolean()).isTrue();
    assertThat(value("#chart-regression g.estimate[data-label='(intercept)']"))
        .isEqualTo(regression.path("intercept").asText());
    for (int k = 0; k < regression.path("predictors").size(); k++) {
      String p = regression.path("predictors").path(k).asText();
      String expected = regression.path("coefficients").path(k).asText();
      assertThat(value("#rt-regression tr[data-term='" + p + "'] td")).isEqualTo(expected);
      assertThat(value("#chart-regression g.estimate[data-label='" + p + "']")).isEqualTo(expected);
    }
  }

  @Test
  void psi_shows_the_intersection_size_and_its_keys() throws Exception {
    String task =
        succeeded(
            "{\"operation\":\"PSI\",\"inputs\":[{\"assetId\":\""
                + bobAsset
                + "\",\"columns\":[\"id\"]},{\"assetId\":\""
                + aliceAsset
                + "\",\"columns\":[\"id\"]}],\"params\":{}}");
    JsonNode result = open(task);

    assertThat(result.path("size").asLong()).isEqualTo(30);
    assertThat(value("#rt-psi tr[data-key='size'] td")).isEqualTo(result.path("size").asText());
    assertThat(value("#chart-psi rect.bar[data-label='intersection']"))
        .isEqualTo(result.path("size").asText());
    assertThat(bob.driver.findElements(By.cssSelector("#rt-keys tbody tr")))
        .hasSize(result.path("keys").size());
  }

  @Test
  void a_logistic_regression_in_the_enclave_shows_its_coefficients_with_their_intervals()
      throws Exception {
    String task =
        succeeded(
            "{\"operation\":\"TEE_JOB\",\"inputs\":[{\"assetId\":\""
                + bobAsset
                + "\",\"columns\":[\"id\",\"score\",\"flag\"]}],\"params\":{\"algorithm\":"
                + "\"logistic-regression\",\"key\":\"id\",\"target\":\"flag\",\"features\":"
                + "[\"score\"]}}");
    JsonNode result = open(task);

    JsonNode coefficients = result.path("coefficients");
    assertThat(coefficients.size()).isEqualTo(2);
    for (JsonNode c : coefficients) {
      String term = c.path("term").asText();
      String row = "#rt-coefficients tr[data-term='" + term + "'] ";
      assertThat(value(row + "td[data-stat='estimate']")).isEqualTo(c.path("estimate").asText());
      assertThat(value(row + "td[data-stat='standardError']"))
          .isEqualTo(c.path("standardError").asText());
      String mark = "#chart-coefficients g.estimate[data-label='" + term + "']";
      assertThat(value(mark)).isEqualTo(c.path("estimate").asText());
      double estimate = c.path("estimate").asDouble();
      double se = c.path("standardError").asDouble();
      assertThat(Double.parseDouble(bob.attribute(By.cssSelector(mark), "data-low")))
          .isCloseTo(estimate - 1.959964 * se, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(Double.parseDouble(bob.attribute(By.cssSelector(mark), "data-high")))
          .isCloseTo(estimate + 1.959964 * se, org.assertj.core.data.Offset.offset(1e-9));
    }
    assertThat(value("#rt-summary tr[data-key='rows'] td")).isEqualTo(result.path("rows").asText());
  }

  @Test
  void the_provenance_page_exports_the_evidence_bundle() throws Exception {
    bob.open("/console/provenance.html?asset=" + aliceAsset);
    bob.click(By.id("prov-export"));
    Path file = bob.downloads.resolve("evidence-" + aliceAsset + ".json");
    bob.waitFor(d -> Files.isRegularFile(file) && sizeOf(file) > 0 ? file : null);
    JsonNode bundle = JSON.readTree(Files.readAllBytes(file));
    assertThat(bundle.path("format").asText()).isEqualTo("mitai-evidence-bundle-v1");
    assertThat(bundle.path("prov").path("entity").has("asset:" + aliceAsset)).isTrue();
    assertThat(bundle.path("records").size()).isPositive();
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  /** Opens the task's result in the console and returns the API's result document. */
  private JsonNode open(String task) throws Exception {
    bob.open("/console/tasks.html");
    bob.click(By.cssSelector("#tasks-body tr[data-task-id='" + task + "'] button.get-result"));
    bob.find(By.id("result-view"));
    HttpResponse<String> r = send("bob", "GET", "/api/v1/tasks/" + task + "/result", null);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode doc = JSON.readTree(r.body());
    assertThat(doc.path("taskId").asText()).isEqualTo(task);
    return doc.path("result");
  }

  private void rawJsonIsThere() {
    WebElement raw = bob.find(By.cssSelector("#result-raw summary"));
    raw.click();
    assertThat(bob.text(By.id("result-json"))).contains("\"groups\"");
  }

  private String value(String css) {
    return bob.attribute(By.cssSelector(css), "data-value");
  }

  private String succeeded(String body) throws Exception {
    HttpResponse<String> r = send("bob", "POST", "/api/v1/tasks", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String id = JSON.readTree(r.body()).path("id").asText();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    String status = "";
    while (System.nanoTime() < deadline) {
      JsonNode view = JSON.readTree(send("bob", "GET", "/api/v1/tasks/" + id, null).body());
      status = view.path("status").asText();
      if (status.equals("SUCCEEDED")) {
        return id;
      }
      assertThat(status).as(view.toString()).isNotIn("FAILED", "REJECTED");
      Thread.sleep(200);
    }
    throw new AssertionError("task " + id + " is still " + status);
  }

  private HttpResponse<String> send(String user, String method, String path, String json)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(node.url(path)))
            .header("Authorization", basic(user))
            .header("Accept", "application/json");
    if (json != null) {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  private String upload(String user, String name, String csv) throws Exception {
    String boundary = "mitai-" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, String> part : Map.of("name", name).entrySet()) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + part.getKey()
                  + "\"\r\n\r\n"
                  + part.getValue()
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\";"
                + " filename=\"data.csv\"\r\nContent-Type: text/csv\r\n\r\n"
                + csv
                + "\r\n--"
                + boundary
                + "--\r\n")
            .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(node.url("/api/v1/assets")))
                .header("Authorization", basic(user))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body()).path("id").asText();
  }
}
