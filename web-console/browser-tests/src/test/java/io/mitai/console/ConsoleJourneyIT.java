package io.mitai.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.testsupport.NodeProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
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
 * The acceptance journey, in order, in real headless Chromium against the packaged node: alice
 * registers a data set and grants bob SECURE_AGGREGATE on two columns; bob launches a task, sees it
 * succeed and downloads the result; alice revokes; bob's next launch is refused with the ledger's
 * reason; the auditor verifies the chain and the result file and sees the provenance graph. Each
 * step builds on the previous ones; a failed step leaves a screenshot and the page's HTML under
 * target/browser-failures/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SaveOnFailure.class)
class ConsoleJourneyIT {

  static final String PASSWORD = System.getenv().getOrDefault("MITAI_DEMO_PASSWORD", "mitai-demo");
  static final Duration TASK_TIMEOUT = Duration.ofSeconds(90);

  NodeProcess node;
  Browser alice; // alice, later the auditor, in the same browser
  Browser bob;
  Path csv;
  String assetId;
  String grantId;
  String taskId;
  Path resultFile;

  @BeforeAll
  void start() throws Exception {
    node = ConsoleNode.start();
    alice = new Browser("alice", node);
    bob = new Browser("bob", node);
    csv = Files.createTempFile("accounts-", ".csv");
    StringBuilder rows = new StringBuilder("id,region,age,balance\n");
    String[] regions = {"north", "south", "east", "west"};
    for (int i = 1; i <= 40; i++) {
      rows.append(i).append(',').append(regions[i % 4]).append(',').append(20 + (i * 7) % 50);
      rows.append(',').append(100 + i * 13).append('.').append(i % 10).append('\n');
    }
    Files.writeString(csv, rows, StandardCharsets.UTF_8);
  }

  @AfterAll
  void stop() throws IOException {
    for (AutoCloseable c : new AutoCloseable[] {alice, bob, node}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        System.err.println("while stopping: " + e);
      }
    }
    Files.deleteIfExists(csv);
  }

  @Test
  @Order(1)
  void an_api_call_without_credentials_is_still_a_401_problem_not_a_redirect() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(node.url("/api/v1/assets"))).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic");
  }

  @Test
  @Order(2)
  void a_console_page_without_a_session_leads_to_the_sign_in_page() {
    alice.open("/console/data.html");
    alice.waitFor(ExpectedConditions.urlContains("/console/login.html"));
    assertThat(alice.find(By.id("j_username")).isDisplayed()).isTrue();
  }

  @Test
  @Order(4)
  void a_newcomer_at_the_bare_address_signs_in_and_finds_the_demo_data_and_its_journeys() {
    bob.open("/");
    bob.waitFor(ExpectedConditions.urlContains("/console/login.html"));
    assertThat(bob.text(By.id("try-it"))).contains("alice", "bob", "auditor", "demo-patients");
    bob.type(By.id("j_username"), "bob");
    bob.type(By.id("j_password"), PASSWORD);
    bob.click(By.id("sign-in"));
    bob.waitFor(ExpectedConditions.urlContains("/console/data.html"));
    // The node registers its demo data just after start: reload until it is listed.
    bob.waitFor(
        d -> {
          if (!d.findElements(By.cssSelector("tr[data-asset-name='demo-patients']")).isEmpty()) {
            return true;
          }
          if (!d.findElements(By.cssSelector("#assets-body tr")).isEmpty()) {
            d.navigate().refresh(); // listed without it: ask again
          }
          return null;
        },
        Duration.ofSeconds(90));
    assertThat(bob.find(By.cssSelector("tr[data-asset-name='demo-claims']")).getText())
        .contains("org2 (mine)", "1500", "ACTIVE");
    assertThat(bob.find(By.cssSelector("tr[data-asset-name='demo-patients']")).getText())
        .contains("org1", "2000", "ACTIVE");
    assertThat(bob.text(By.id("try-it-steps"))).contains("PSI_CARDINALITY", "1200", "13.74");
  }

  @Test
  @Order(3)
  void a_wrong_password_is_refused_with_a_message() {
    alice.open("/console/login.html");
    alice.type(By.id("j_username"), "alice");
    alice.type(By.id("j_password"), "not-the-password");
    alice.click(By.id("sign-in"));
    assertThat(alice.text(By.id("login-error"))).contains("not correct");
  }

  @Test
  @Order(10)
  void alice_signs_in_and_always_sees_her_user_and_organisation() {
    alice.signIn("alice", PASSWORD);
    alice.waitFor(ExpectedConditions.urlContains("/console/data.html"));
    assertThat(alice.text(By.id("me-org"))).startsWith("org1");
    assertThat(alice.driver.findElements(By.cssSelector("header nav a")))
        .extracting(WebElement::getText)
        .containsExactly("My data", "Grants", "Tasks", "Ledger", "Provenance");
  }

  @Test
  @Order(11)
  void alice_uploads_a_data_set_and_sees_its_schema_row_count_commitment_and_ledger_tx() {
    alice.open("/console/data.html");
    alice.type(By.id("asset-name"), "accounts");
    alice.find(By.id("asset-file")).sendKeys(csv.toAbsolutePath().toString());
    alice.click(By.id("upload-button"));
    assertThat(alice.text(By.id("upload-ok"))).contains("Registered accounts: 40 rows, 4 columns");
    WebElement row = alice.find(By.cssSelector("tr[data-asset-name='accounts']"));
    assetId = row.getAttribute("data-asset-id");
    assertThat(assetId).startsWith("asset-");
    assertThat(row.getText())
        .contains("region: STRING", "age: INTEGER", "balance: DECIMAL", "40", "ACTIVE");
    assertThat(row.findElement(By.cssSelector("td a.hash")).getText()).startsWith("mitai-");
  }

  @Test
  @Order(12)
  void alice_destroys_a_scratch_data_set_after_a_confirmation_that_explains_crypto_shredding()
      throws IOException {
    Path scratch = Files.createTempFile("scratch-", ".csv");
    Files.writeString(scratch, "k,v\n1,2\n3,4\n", StandardCharsets.UTF_8);
    alice.open("/console/data.html");
    alice.type(By.id("asset-name"), "scratch");
    alice.find(By.id("asset-file")).sendKeys(scratch.toAbsolutePath().toString());
    alice.click(By.id("upload-button"));
    alice.find(By.id("upload-ok"));
    alice.click(By.cssSelector("tr[data-asset-name='scratch'] button.destroy"));
    assertThat(alice.text(By.id("destroy-dialog"))).contains("crypto-shredding", "data key");
    alice.type(By.id("destroy-reason"), "test data");
    alice.click(By.id("destroy-confirm"));
    alice.waitFor(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("tr[data-asset-name='scratch']"), "DESTROYED"));
    Files.deleteIfExists(scratch);
  }

  @Test
  @Order(13)
  void alice_grants_bob_secure_aggregate_on_two_columns_choosing_from_real_columns_and_orgs() {
    alice.open("/console/grants.html");
    alice.select(By.id("grant-asset"), assetId);
    assertThat(alice.driver.findElements(By.cssSelector("#grant-columns input")))
        .extracting(e -> e.getAttribute("value"))
        .containsExactly("id", "region", "age", "balance");
    assertThat(alice.driver.findElements(By.cssSelector("#grant-grantee option")))
        .extracting(e -> e.getAttribute("value"))
        .containsExactly("org2", "org3");
    alice.select(By.id("grant-grantee"), "org2");
    alice.click(By.id("op-SECURE_AGGREGATE"));
    alice.click(By.id("col-age"));
    alice.click(By.id("col-balance"));
    alice.type(By.id("grant-purpose"), "quarterly statistics");
    alice.type(By.id("grant-uses"), "3");
    alice.click(By.id("grant-submit"));
    assertThat(alice.text(By.id("grant-ok")))
        .contains("Granted org2 SECURE_AGGREGATE on age, balance");
    WebElement row = alice.find(By.cssSelector("#given-body tr[data-asset-id='" + assetId + "']"));
    grantId = row.getAttribute("data-grant-id");
    assertThat(row.getText()).contains("org2", "3 of 3", "ACTIVE");
  }

  @Test
  @Order(20)
  void bob_sees_the_grant_received_with_its_uses_left() {
    bob.signIn("bob", PASSWORD);
    assertThat(bob.text(By.id("me-org"))).startsWith("org2");
    bob.open("/console/grants.html");
    WebElement row = bob.find(By.cssSelector("#received-body tr[data-grant-id='" + grantId + "']"));
    assertThat(row.getText()).contains("accounts", "org1", "age", "balance", "3 of 3", "ACTIVE");
  }

  @Test
  @Order(21)
  void bob_launches_a_secure_aggregate_offered_only_the_granted_columns_and_sees_it_succeed() {
    bob.open("/console/tasks.html");
    bob.select(By.id("task-operation"), "SECURE_AGGREGATE");
    WebElement input = bob.find(By.cssSelector(".input-choice[data-asset-id='" + assetId + "']"));
    assertThat(input.findElements(By.cssSelector("input.col")))
        .extracting(e -> e.getAttribute("value"))
        .containsExactly("age", "balance");
    bob.click(By.id("use-" + assetId));
    bob.click(By.id("col-" + assetId + "-age"));
    bob.click(By.id("col-" + assetId + "-balance"));
    bob.click(By.id("task-submit"));
    String launched = bob.text(By.cssSelector("#task-result .alert"));
    assertThat(launched).as("the launch answer").contains("submitted");
    taskId = bob.attribute(By.cssSelector("#tasks-body tr[data-task-id]"), "data-task-id");
    // Live status: no reload, the page polls.
    bob.waitFor(
        ExpectedConditions.attributeToBe(
            By.cssSelector("#tasks-body tr[data-task-id='" + taskId + "']"),
            "data-status",
            "SUCCEEDED"),
        TASK_TIMEOUT);
  }

  @Test
  @Order(22)
  void bob_downloads_the_result_and_sees_its_hash_and_ledger_transaction() throws Exception {
    bob.click(By.cssSelector("#tasks-body tr[data-task-id='" + taskId + "'] button.get-result"));
    String hash = bob.text(By.id("result-hash"));
    assertThat(hash).matches("[0-9a-f]{64}");
    assertThat(bob.text(By.id("result-body"))).contains("Recorded by transaction", "mitai-");
    Path expected = bob.downloads.resolve("result-" + taskId + ".json");
    bob.waitFor(d -> Files.isRegularFile(expected) ? expected : null);
    resultFile = Files.createTempFile("result-", ".json");
    Files.copy(expected, resultFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.readString(resultFile)).contains(taskId);
  }

  @Test
  @Order(30)
  void alice_revokes_the_grant_with_a_reason() {
    alice.open("/console/grants.html");
    alice.click(By.cssSelector("#given-body tr[data-grant-id='" + grantId + "'] button.revoke"));
    alice.type(By.id("revoke-reason"), "project ended");
    alice.click(By.id("revoke-confirm"));
    assertThat(alice.text(By.id("revoke-ok"))).contains("revoked");
    WebElement row = alice.find(By.cssSelector("#given-body tr[data-grant-id='" + grantId + "']"));
    alice.waitFor(ExpectedConditions.textToBePresentInElement(row, "REVOKED"));
    assertThat(row.getText()).contains("project ended");
  }

  @Test
  @Order(31)
  void bobs_next_launch_is_refused_and_shows_the_ledgers_reason() {
    // Bob's form still offers what his grant allowed when the page loaded: he launches again.
    bob.click(By.id("task-submit"));
    WebElement alert = bob.find(By.cssSelector("#task-result .alert.error"));
    bob.waitFor(ExpectedConditions.textToBePresentInElement(alert, "Refused by the ledger"));
    assertThat(alert.getText().toLowerCase()).contains("revoked");
    assertThat(bob.text(By.cssSelector("#tasks-body tr[data-status='REJECTED']")).toLowerCase())
        .contains("revoked");
    // Reloaded, the form says why the data set is no longer offered.
    bob.open("/console/tasks.html");
    bob.select(By.id("task-operation"), "SECURE_AGGREGATE");
    assertThat(bob.text(By.id("use-" + assetId + "-why"))).contains("revoked", "project ended");
  }

  @Test
  @Order(32)
  void alice_grants_bob_a_tee_job_choosing_a_measured_algorithm_from_the_ledgers_allow_list() {
    alice.open("/console/grants.html");
    alice.select(By.id("grant-asset"), assetId);
    alice.select(By.id("grant-grantee"), "org2");
    alice.select(By.id("grant-assurance"), "TEE_SIMULATED");
    alice.click(By.id("op-TEE_JOB"));
    WebElement joinAggregate =
        alice.driver.findElements(By.cssSelector("#grant-algorithms label")).stream()
            .filter(l -> l.getText().contains("join-aggregate"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("join-aggregate is not offered"));
    assertThat(alice.text(By.id("grant-algorithms"))).doesNotContain("beaver-dealer");
    joinAggregate.findElement(By.tagName("input")).click();
    for (String column : List.of("id", "region", "balance")) {
      alice.click(By.id("col-" + column));
    }
    alice.type(By.id("grant-purpose"), "regional balances in the enclave");
    alice.type(By.id("grant-uses"), "2");
    alice.click(By.id("grant-submit"));
    assertThat(alice.text(By.id("grant-ok")))
        .contains("Granted org2 TEE_JOB on id, region, balance");
  }

  @Test
  @Order(33)
  void bob_runs_join_aggregate_in_the_attested_enclave_and_sees_it_succeed_as_simulated() {
    bob.open("/console/tasks.html");
    bob.select(By.id("task-operation"), "TEE_JOB");
    bob.click(By.id("use-" + assetId));
    for (String column : List.of("id", "region", "balance")) {
      bob.click(By.id("col-" + assetId + "-" + column));
    }
    bob.select(By.id("param-algorithm"), "join-aggregate");
    bob.type(
        By.id("param-arguments"),
        "{\"key\": \"id\", \"groupBy\": [\"region\"], \"aggregates\": [{\"function\":"
            + " \"COUNT\"}, {\"function\": \"SUM\", \"column\": \"balance\"}]}");
    bob.click(By.id("task-submit"));
    assertThat(bob.text(By.cssSelector("#task-result .alert"))).contains("submitted");
    WebElement row =
        bob.driver.findElements(By.cssSelector("#tasks-body tr[data-task-id]")).stream()
            .filter(r -> r.getText().contains("TEE_JOB"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the TEE job is not listed"));
    String teeTask = row.getAttribute("data-task-id");
    bob.waitFor(
        ExpectedConditions.attributeToBe(
            By.cssSelector("#tasks-body tr[data-task-id='" + teeTask + "']"),
            "data-status",
            "SUCCEEDED"),
        TASK_TIMEOUT);
    assertThat(bob.text(By.cssSelector("#tasks-body tr[data-task-id='" + teeTask + "']")))
        .contains("TEE_SIMULATED");
    bob.click(By.cssSelector("#tasks-body tr[data-task-id='" + teeTask + "'] button.get-result"));
    assertThat(bob.text(By.id("result-body"))).contains("TEE_JOB", "TEE_SIMULATED", "north");
  }

  @Test
  @Order(40)
  void the_auditor_sees_only_the_ledger_and_provenance_pages() {
    alice.signOut();
    alice.signIn("auditor", PASSWORD);
    alice.waitFor(ExpectedConditions.urlContains("/console/ledger.html"));
    assertThat(alice.text(By.id("me-org"))).contains("no organisation");
    assertThat(alice.driver.findElements(By.cssSelector("header nav a")))
        .extracting(WebElement::getText)
        .containsExactly("Ledger", "Provenance");
    alice.open("/console/data.html");
    assertThat(alice.text(By.id("not-for-role"))).contains("not available to your role");
  }

  @Test
  @Order(41)
  void the_auditor_verifies_the_chain() {
    alice.open("/console/ledger.html");
    alice.click(By.id("verify-chain"));
    alice.waitFor(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("chain-verdict"), "The ledger is intact."));
    assertThat(alice.text(By.id("verify-out")))
        .containsPattern("\\d+ blocks and \\d+ transactions");
  }

  @Test
  @Order(42)
  void the_auditor_opens_a_transaction_and_checks_its_inclusion_proof_in_the_browser() {
    alice.open("/console/ledger.html");
    alice.click(By.cssSelector("#blocks-body a.tx-link"));
    assertThat(alice.text(By.id("tx-function"))).isNotBlank();
    alice.click(By.id("check-proof"));
    assertThat(alice.text(By.id("proof-verdict"))).startsWith("Included");
    assertThat(alice.text(By.id("proof-computed"))).isEqualTo(alice.text(By.id("proof-expected")));
    assertThat(alice.text(By.id("proof-out"))).contains("signature", "ledger\u2019s public key");
  }

  @Test
  @Order(43)
  void the_auditor_verifies_the_result_file_and_a_tampered_copy() throws IOException {
    assertThat(resultFile).as("the result bob downloaded").isNotNull();
    alice.open("/console/ledger.html");
    alice.type(By.id("vr-task"), taskId);
    alice.find(By.id("vr-file")).sendKeys(resultFile.toAbsolutePath().toString());
    alice.click(By.id("vr-submit"));
    assertThat(alice.text(By.id("vr-verdict"))).isEqualTo("Matches the ledger.");
    // The browser recomputes the canonical hash itself, without trusting the node's answer.
    assertThat(alice.text(By.id("vr-out"))).contains("equals the ledger hash");

    Path tampered = Files.createTempFile("tampered-", ".json");
    Files.writeString(tampered, Files.readString(resultFile).replaceFirst("\\d", "9") + " ");
    alice.open("/console/ledger.html");
    alice.type(By.id("vr-task"), taskId);
    alice.find(By.id("vr-file")).sendKeys(tampered.toAbsolutePath().toString());
    alice.click(By.id("vr-submit"));
    assertThat(alice.text(By.id("vr-verdict"))).isEqualTo("Does NOT match the ledger.");
    assertThat(alice.text(By.id("vr-out"))).contains("differs from the ledger hash");
    Files.deleteIfExists(tampered);
  }

  @Test
  @Order(44)
  void the_auditor_sees_the_provenance_graph_with_the_grant_and_its_revocation() {
    alice.open("/console/provenance.html?asset=" + assetId);
    alice.find(By.id("prov-svg"));
    assertThat(nodeStatus("asset:" + assetId)).isEqualTo("ACTIVE");
    assertThat(nodeStatus("grant:" + grantId)).isEqualTo("REVOKED");
    List<String> timeline =
        alice.driver.findElements(By.cssSelector("#prov-timeline li")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(String.join("\n", timeline))
        .contains("registered by org1", "issued to org2", "revoked: \u201cproject ended\u201d");
  }

  @Test
  @Order(45)
  void the_provenance_graph_shows_the_task_its_result_and_the_refusal() {
    alice.open("/console/provenance.html?asset=" + assetId);
    alice.find(By.id("prov-svg"));
    assertThat(nodeStatus("task:" + taskId)).isEqualTo("SUCCEEDED");
    assertThat(nodeStatus("result:" + taskId)).isEqualTo("SUCCEEDED");
    assertThat(
            alice.driver.findElements(By.cssSelector("#prov-svg g.node[data-status='REJECTED']")))
        .isNotEmpty();
    assertThat(alice.text(By.id("prov-timeline"))).contains("REFUSED by the ledger");
  }

  private String nodeStatus(String id) {
    return Stream.of(
            alice.driver.findElements(By.cssSelector("#prov-svg g[data-node='" + id + "']")))
        .flatMap(List::stream)
        .map(e -> e.getAttribute("data-status"))
        .findFirst()
        .orElse("(no node " + id + ")");
  }
}
