package dev.keyshift.gateway;

import static dev.keyshift.gateway.TestGateway.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console in Debian's headless Chromium, against a real gateway: it logs in, changes
 * weights with a preview, is refused a change made stale by another writer, disables a version,
 * starts and aborts a plan, and its audit view names the token. Screenshots of each view go to
 * target/console-screenshots (and to docs/console with {@code
 * -Dkeyshift.console.screenshots=docs}).
 */
@ExtendWith(VertxExtension.class)
class ConsoleBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final Duration WAIT = Duration.ofSeconds(30);

  TestGateway gw;
  ChromeDriver browser;
  WebDriverWait wait;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "chromium and chromium-driver are not installed");
    gw = TestGateway.start(vertx, dir, TestGateway.ROUTING);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // No sandbox as root in a container; nothing reaches out to the network by itself.
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,1100",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, WAIT);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (gw != null) {
      gw.close();
    }
  }

  @Test
  void anOperatorSteersACutoverFromThePage() throws Exception {
    browser.get(gw.admin("/console/").toString());
    login("not-the-token");
    assertThat(message()).startsWith("That token was refused: UNAUTHENTICATED");
    screenshot("login-refused");
    login(ADMIN_TOKEN);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("aliases")));
    assertThat(browser.findElement(By.id("aliases")).getText()).contains("orders");
    screenshot("aliases");

    openAlias("orders");
    screenshot("alias");
    setWeights("50", "50");
    assertThat(browser.findElement(By.id("weights-diff")).getText()).contains("50.0%");
    screenshot("weights-preview");
    click("weights-confirm");
    awaitMessage("Weights changed");
    assertThat(weights()).isEqualTo(new JsonObject().put("v1", 50).put("v2", 50).put("v3", 0));

    setWeights("30", "70");
    Response elsewhere =
        gw.request(
            "PUT",
            gw.admin("/admin/v1/aliases/orders/weights"),
            ADMIN_TOKEN,
            "{\"weights\": {\"v1\": 40, \"v2\": 60}}");
    assertThat(elsewhere.status()).isEqualTo(200);
    click("weights-confirm");
    awaitMessage("CONFLICT: alias orders is at revision");
    screenshot("conflict");
    assertThat(weights())
        .as("the stale change was refused, not applied over the other")
        .isEqualTo(new JsonObject().put("v1", 40).put("v2", 60).put("v3", 0));

    browser.navigate().refresh();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("weights-form")));
    setWeights("100", "0");
    click("weights-confirm");
    awaitMessage("Weights changed");
    click("state-v2");
    awaitMessage("Disabled v2");
    assertThat(version("v2").getString("state")).isEqualTo("disabled");

    WebElement plan = browser.findElement(By.id("plan-body"));
    plan.clear();
    plan.sendKeys(
        "{\"id\": \"console-plan\", \"steps\": [{\"weights\": {\"v1\": 100}, \"hold\": \"10m\"}]}");
    click("plan-start");
    awaitMessage("Plan started");
    assertThat(browser.findElement(By.id("plan-state")).getText())
        .startsWith("console-plan: running");
    screenshot("plan");
    browser.get(gw.admin("/console/#/plans").toString());
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("plans")));
    assertThat(browser.findElement(By.id("plans")).getText()).contains("console-plan");
    screenshot("plans");
    openAlias("orders");
    click("plan-abort");
    awaitMessage("Plan aborted");
    assertThat(plan().getString("state")).isEqualTo("aborted");

    browser.get(gw.admin("/console/#/audit").toString());
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("audit")));
    String audit = browser.findElement(By.id("audit")).getText();
    for (String action : List.of("set-weights", "set-state", "plan-start", "plan-abort")) {
      assertThat(audit).contains("ops " + action + " orders");
    }
    screenshot("audit");
    assertThat(browser.manage().logs().get("browser").getAll())
        .as("no page errors, no policy violations")
        .noneMatch(
            entry ->
                entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()
                    && !entry.getMessage().contains("the server responded with a status of 4"));
  }

  @Test
  void theConsoleIsServedUnderAStrictPolicy_withNoInlineScript() throws Exception {
    Response page = gw.get(gw.admin("/console/"));
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Security-Policy"))
        .contains("default-src 'none'")
        .contains("script-src 'self'")
        .contains("connect-src 'self'")
        .doesNotContain("unsafe");
    assertThat(page.body())
        .doesNotContainPattern("<script>|<script [^>]*>[^<]")
        .doesNotContain("http");
    Response script = gw.get(gw.admin("/console/console.js"));
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.body()).doesNotContain("innerHTML").doesNotContain("localStorage");
    assertThat(gw.get(gw.admin("/console/../admin/v1/aliases")).status()).isNotEqualTo(200);
  }

  private void login(String token) {
    WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    field.clear();
    field.sendKeys(token);
    click("login-submit");
  }

  private void openAlias(String name) {
    browser.get(gw.admin("/console/#/alias/" + name).toString());
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("versions")));
  }

  private void setWeights(String v1, String v2) {
    for (String[] pair : new String[][] {{"v1", v1}, {"v2", v2}}) {
      WebElement input =
          wait.until(ExpectedConditions.elementToBeClickable(By.id("weight-" + pair[0])));
      input.clear();
      input.sendKeys(pair[1]);
    }
    click("weights-preview-button");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("weights-confirm")));
  }

  private void click(String id) {
    wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
  }

  private String message() {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("message")));
    return browser.findElement(By.id("message")).getText();
  }

  private void awaitMessage(String start) {
    wait.until(d -> d.findElement(By.id("message")).getText().startsWith(start));
  }

  private JsonObject weights() {
    JsonObject weights = new JsonObject();
    gw.request("GET", gw.admin("/admin/v1/aliases/orders"), ADMIN_TOKEN, null)
        .json()
        .getJsonArray("versions")
        .forEach(
            v ->
                weights.put(
                    ((JsonObject) v).getString("id"), ((JsonObject) v).getInteger("weight")));
    return weights;
  }

  private JsonObject version(String id) {
    for (Object v :
        gw.request("GET", gw.admin("/admin/v1/aliases/orders"), ADMIN_TOKEN, null)
            .json()
            .getJsonArray("versions")) {
      if (((JsonObject) v).getString("id").equals(id)) {
        return (JsonObject) v;
      }
    }
    throw new AssertionError("no version " + id);
  }

  private JsonObject plan() {
    return gw.request("GET", gw.admin("/admin/v1/aliases/orders/plan"), ADMIN_TOKEN, null).json();
  }

  private void screenshot(String name) throws Exception {
    File shot = browser.getScreenshotAs(OutputType.FILE);
    Path target = Files.createDirectories(Path.of("target", "console-screenshots"));
    Files.copy(shot.toPath(), target.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    if ("docs".equals(System.getProperty("keyshift.console.screenshots"))) {
      Path docs = Files.createDirectories(Path.of("..", "docs", "console"));
      Files.copy(shot.toPath(), docs.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
