package io.mitai.console;

import io.mitai.testsupport.Directories;
import io.mitai.testsupport.NodeProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium (Debian's /usr/bin/chromium and /usr/bin/chromedriver, named explicitly so
 * Selenium Manager never downloads anything), with a fresh profile and download directory.
 */
final class Browser implements AutoCloseable {

  /** Every open browser, so a failed test can save what each one showed. */
  static final List<Browser> OPEN = new CopyOnWriteArrayList<>();

  static {
    System.setProperty("SE_OFFLINE", "true");
  }

  final String name;
  final ChromeDriver driver;
  final Path downloads;
  private final Path profile;
  private final NodeProcess node;

  Browser(String name, NodeProcess node) throws IOException {
    this.name = name;
    this.node = node;
    this.profile = Files.createTempDirectory("mitai-chromium-");
    this.downloads = Files.createTempDirectory("mitai-downloads-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(System.getProperty("mitai.chromium", "/usr/bin/chromium"));
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1360,1000",
        "--user-data-dir=" + profile);
    Map<String, Object> prefs = new HashMap<>();
    prefs.put("download.default_directory", downloads.toString());
    prefs.put("download.prompt_for_download", false);
    options.setExperimentalOption("prefs", prefs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(
                Path.of(System.getProperty("mitai.chromedriver", "/usr/bin/chromedriver")).toFile())
            .usingAnyFreePort()
            .build();
    this.driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    OPEN.add(this);
  }

  /**
   * Opens a page and, for a console page, waits until its module has attached its handlers
   * (shell.js markReady) or the node sent the browser to sign in.
   */
  void open(String path) {
    driver.get(node.url(path));
    if (path.startsWith("/console/") && !path.startsWith("/console/login.html")) {
      waitFor(
          d ->
              Boolean.TRUE.equals(
                      ((JavascriptExecutor) d)
                          .executeScript(
                              "return document.documentElement.dataset.ready === 'true'"
                                  + " || location.pathname.endsWith('/login.html');"))
                  ? Boolean.TRUE
                  : null);
    }
  }

  void signIn(String user, String password) {
    open("/console/login.html");
    type(By.id("j_username"), user);
    type(By.id("j_password"), password);
    driver.findElement(By.id("sign-in")).click();
    waitFor(ExpectedConditions.textToBe(By.id("me-user"), user));
  }

  void signOut() {
    click(By.id("sign-out"));
    waitFor(ExpectedConditions.urlContains("/console/login.html"));
  }

  WebElement find(By by) {
    return waitFor(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /** Clicks, finding the element again if a live page re-rendered it just before the click. */
  void click(By by) {
    waitFor(
        d -> {
          WebElement e = ExpectedConditions.elementToBeClickable(by).apply(d);
          if (e == null) {
            return null;
          }
          e.click();
          return Boolean.TRUE;
        });
  }

  void type(By by, String text) {
    WebElement e = find(by);
    e.clear();
    e.sendKeys(text);
  }

  void select(By by, String value) {
    waitFor(d -> !new Select(d.findElement(by)).getOptions().isEmpty());
    new Select(find(by)).selectByValue(value);
  }

  /** The element's text, read again if a live page re-rendered it meanwhile. */
  String text(By by) {
    return waitFor(
        d -> {
          WebElement e = d.findElement(by);
          return e.isDisplayed() ? e.getText() : null;
        });
  }

  /** An attribute of the element, read again if a live page re-rendered it meanwhile. */
  String attribute(By by, String name) {
    return waitFor(d -> d.findElement(by).getAttribute(name));
  }

  <T> T waitFor(Function<WebDriver, T> condition) {
    return waitFor(condition, Duration.ofSeconds(20));
  }

  <T> T waitFor(Function<WebDriver, T> condition, Duration timeout) {
    // Pages that poll (tasks) re-render their rows: an element found a moment ago may be stale.
    return new WebDriverWait(driver, timeout, Duration.ofMillis(200))
        .ignoring(StaleElementReferenceException.class)
        .until(condition);
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** Saves a PNG screenshot and the page's HTML as {@code <dir>/<label>-<browser>.png/.html}. */
  void save(Path dir, String label) {
    try {
      Files.createDirectories(dir);
      byte[] png = driver.getScreenshotAs(OutputType.BYTES);
      Files.write(dir.resolve(label + "-" + name + ".png"), png);
      Files.writeString(
          dir.resolve(label + "-" + name + ".html"),
          "<!-- " + driver.getCurrentUrl() + " -->\n" + driver.getPageSource(),
          StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      System.err.println("could not save the page of " + name + ": " + e);
    }
  }

  /** A full-page PNG (the window grown to the document's height) for documentation. */
  void screenshot(Path file) throws IOException {
    Number height = (Number) script("return document.documentElement.scrollHeight");
    driver
        .manage()
        .window()
        .setSize(
            new org.openqa.selenium.Dimension(
                1360, Math.min(3000, Math.max(800, height.intValue()))));
    script("window.scrollTo(0, 0)");
    Files.createDirectories(file.getParent());
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(1360, 1000));
  }

  @Override
  public void close() {
    OPEN.remove(this);
    try {
      driver.quit();
    } finally {
      Directories.deleteQuietly(profile);
      Directories.deleteQuietly(downloads);
    }
  }
}
