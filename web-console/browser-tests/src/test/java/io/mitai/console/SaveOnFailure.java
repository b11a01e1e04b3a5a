package io.mitai.console;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After a failed test, saves a screenshot and the HTML of every open browser under {@code
 * target/browser-failures/<test>-<browser>.png|.html}.
 */
final class SaveOnFailure implements AfterTestExecutionCallback {

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isEmpty()) {
      return;
    }
    Path dir = Path.of(System.getProperty("mitai.failures.dir", "target/browser-failures"));
    String label =
        context.getRequiredTestClass().getSimpleName()
            + "-"
            + context.getRequiredTestMethod().getName();
    for (Browser browser : Browser.OPEN) {
      browser.save(dir, label);
    }
  }
}
