package io.mitai.console;

import io.mitai.testsupport.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Not a test: the documented command that takes a screenshot of each console page into {@code
 * docs/images/} (see docs/console.md). It runs only when {@code mitai.screenshots.dir} is set:
 *
 * <pre>
 * ./mvnw -B verify -pl web-console/browser-tests -Dit.test=ConsoleScreenshotsIT -Dmitai.screenshots.dir=docs/images
 * </pre>
 *
 * A relative directory is taken from the repository root.
 */
@EnabledIfSystemProperty(named = "mitai.screenshots.dir", matches = ".+")
class ConsoleScreenshotsIT {

  static final String PASSWORD = ConsoleJourneyIT.PASSWORD;

  @Test
  void takes_a_screenshot_of_each_page() throws Exception {
    Path dir = Path.of(System.getProperty("mitai.screenshots.dir"));
    if (!dir.isAbsolute()) {
      dir = Path.of("../..").resolve(dir).normalize().toAbsolutePath();
    }
    Path csv = Files.createTempFile("patients-", ".csv");
    StringBuilder rows = new StringBuilder("patient,region,age,cost\n");
    for (int i = 1; i <= 120; i++) {
      rows.append(1000 + i).append(',').append(new String[] {"north", "south", "east"}[i % 3]);
      rows.append(',')
          .append(18 + (i * 11) % 70)
          .append(',')
          .append(200 + (i * 37) % 900)
          .append(".50\n");
    }
    Files.writeString(csv, rows, StandardCharsets.UTF_8);
    try (NodeProcess node = ConsoleNode.start();
        Browser owner = new Browser("owner", node);
        Browser user = new Browser("user", node)) {
      owner.open("/console/login.html");
      owner.screenshot(dir.resolve("console-sign-in.png"));

      owner.signIn("alice", PASSWORD);
      owner.type(By.id("asset-name"), "patients-2026");
      owner.find(By.id("asset-file")).sendKeys(csv.toAbsolutePath().toString());
      owner.click(By.id("upload-button"));
      String assetId =
          owner
              .find(By.cssSelector("tr[data-asset-name='patients-2026']"))
              .getAttribute("data-asset-id");
      owner.screenshot(dir.resolve("console-my-data.png"));

      owner.open("/console/grants.html");
      owner.select(By.id("grant-asset"), assetId);
      owner.select(By.id("grant-grantee"), "org2");
      owner.click(By.id("op-SECURE_AGGREGATE"));
      owner.click(By.id("col-age"));
      owner.click(By.id("col-cost"));
      owner.type(By.id("grant-purpose"), "regional cost statistics");
      owner.click(By.id("grant-submit"));
      owner.find(By.id("grant-ok"));
      owner.screenshot(dir.resolve("console-grants.png"));

      user.signIn("bob", PASSWORD);
      user.open("/console/tasks.html");
      user.select(By.id("task-operation"), "SECURE_AGGREGATE");
      user.click(By.id("use-" + assetId));
      user.click(By.id("col-" + assetId + "-age"));
      user.click(By.id("col-" + assetId + "-cost"));
      user.click(By.id("task-submit"));
      user.find(By.cssSelector("#task-result .alert"));
      try {
        user.waitFor(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#tasks-body tr[data-status='SUCCEEDED'] button.get-result")),
            Duration.ofSeconds(60));
        user.click(By.cssSelector("#tasks-body tr[data-status='SUCCEEDED'] button.get-result"));
        user.find(By.id("result-hash"));
      } catch (RuntimeException noResult) {
        // The page is shown as it is: with the node's answer if tasks cannot run.
      }
      user.screenshot(dir.resolve("console-tasks.png"));

      owner.signOut();
      owner.signIn("auditor", PASSWORD);
      owner.click(By.id("verify-chain"));
      owner.find(By.id("chain-verdict"));
      owner.click(By.cssSelector("#blocks-body a.tx-link"));
      owner.click(By.id("check-proof"));
      owner.find(By.id("proof-verdict"));
      owner.script("window.scrollTo(0, 0)");
      owner.screenshot(dir.resolve("console-ledger.png"));

      owner.open("/console/provenance.html?asset=" + assetId);
      owner.find(By.id("prov-svg"));
      owner.screenshot(dir.resolve("console-provenance.png"));
    } finally {
      Files.deleteIfExists(csv);
    }
  }
}
