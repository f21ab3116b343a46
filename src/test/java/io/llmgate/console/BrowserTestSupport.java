package io.llmgate.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.llmgate.model.governance.Actor;
import io.llmgate.model.governance.UserService;
import io.llmgate.model.governance.WorkspaceService;
import io.llmgate.support.FakeProvider;
import io.llmgate.support.GatewayClient;
import io.llmgate.support.GatewayTestSupport;

/**
 * Base of the console's browser tests: one gateway (one Spring context for every browser test class, fixed
 * properties, its own in-memory database) with authentication on, a fake OpenAI that answers and one that is down,
 * and one headless Chromium per test class driven through the system's chromedriver. Without chromium and
 * chromedriver (a laptop without them) the tests are skipped with a message; CI installs both.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class BrowserTestSupport {

    public static final String CHROMIUM = System.getProperty("llmgate.test.chromium", "/usr/bin/chromium");
    public static final String CHROMEDRIVER = System.getProperty("llmgate.test.chromedriver", "/usr/bin/chromedriver");
    public static final int GATEWAY_PORT = GatewayTestSupport.freePort();
    public static final String ADMIN_PASSWORD = "console-admin-password";
    public static final Path SCREENSHOTS = Path.of("docs/screenshots");

    /** Answers every chat completion, with a usage big enough that a small budget is spent by one request. */
    public static final FakeProvider OPENAI = new FakeProvider("console-openai");
    /** Always 503: the first target of the fallback chain. */
    public static final FakeProvider DOWN = new FakeProvider("console-openai-down");

    protected static WebDriver driver;
    protected static WebDriverWait wait;
    protected final GatewayClient gateway = new GatewayClient(GATEWAY_PORT);

    /** On a failure, the page as it was: target/browser-failures/<test>.png. */
    @org.junit.jupiter.api.extension.RegisterExtension
    static final org.junit.jupiter.api.extension.TestWatcher FAILURE_SHOTS = new org.junit.jupiter.api.extension.TestWatcher() {
        @Override
        public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
            if (driver != null) {
                try {
                    Path dir = Path.of("target/browser-failures");
                    Files.createDirectories(dir);
                    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
                    Files.copy(shot.toPath(), dir.resolve(context.getDisplayName().replaceAll("\\W", "_") + ".png"),
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (Exception ignored) {
                    // best effort
                }
            }
        }
    };

    @LocalServerPort
    protected int consolePort;
    @Autowired
    protected UserService users;
    @Autowired
    protected WorkspaceService workspaces;

    @DynamicPropertySource
    static void consoleProperties(DynamicPropertyRegistry registry) {
        registry.add("gateway.host", () -> "127.0.0.1");
        registry.add("gateway.port", () -> GATEWAY_PORT);
        registry.add("gateway.request-timeout", () -> "10s");
        registry.add("gateway.auth.enabled", () -> true);
        registry.add("gateway.master-key", () -> "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        registry.add("gateway.bootstrap.admin-password", () -> ADMIN_PASSWORD);
        registry.add("gateway.bootstrap.admin-api-key", () -> "lga-consolet-" + "K".repeat(40));
        registry.add("gateway.logs.flush-interval", () -> "50ms");
        registry.add("gateway.logs.bodies.enabled", () -> true);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:llmgate_console;DB_CLOSE_DELAY=-1");
    }

    @BeforeAll
    static void startBrowser() {
        Assumptions.assumeTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
                "console browser tests skipped: no " + CHROMIUM + " or " + CHROMEDRIVER
                        + " (apt-get install chromium chromium-driver)");
        OPENAI.always(FakeProvider.json(200, """
                {"id":"chatcmpl-console","object":"chat.completion","created":1,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the backup target"},
                 "finish_reason":"stop"}],
                 "usage":{"prompt_tokens":5000,"completion_tokens":2000,"total_tokens":7000}}"""));
        DOWN.always(FakeProvider.json(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        try {
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--window-size=1440,1000", "--user-data-dir="
                            + Files.createTempDirectory("llmgate-chromium").toAbsolutePath());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }

    @BeforeEach
    void requireBrowser() {
        Assumptions.assumeTrue(driver != null, "no browser");
    }

    // ---- driving the console ----

    protected String url(String path) {
        return "http://127.0.0.1:" + consolePort + "/" + path;
    }

    /** Opens a console path and waits until Vaadin has rendered the view with the given id. */
    protected void open(String path, String viewId) {
        driver.get(url(path));
        waitFor(viewId);
    }

    protected WebElement waitFor(String id) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }

    protected WebElement byCss(String css) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    protected void signIn(String username, String password) {
        driver.manage().deleteAllCookies();
        driver.get(url("login"));
        WebElement user = byCss("vaadin-login-form input[name='username']");
        user.clear();
        user.sendKeys(username);
        WebElement pass = byCss("vaadin-login-form input[name='password']");
        pass.clear();
        pass.sendKeys(password, Keys.ENTER);
    }

    /** Types into a Vaadin text/password/number field (its slotted input) and leaves it, so the value is sent. */
    protected void type(String id, String text) {
        WebElement field = waitFor(id);
        WebElement input = field.findElement(By.cssSelector("input, textarea"));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(text);
        input.sendKeys(Keys.TAB);
    }

    /** Replaces a text area's content (set through the property, then an input/change event). */
    protected void setTextArea(String id, String text) {
        WebElement area = waitFor(id).findElement(By.cssSelector("textarea"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                + "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", area, text);
    }

    protected void click(String id) {
        wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    /** Picks an item of a vaadin-select by its label. */
    protected void select(String id, String label) {
        click(id);
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//vaadin-select-item[@role='option' and normalize-space(.)='" + label + "']"))).click();
    }

    /** Picks an item of a vaadin-combo-box by typing its label and choosing it from the list. */
    protected void combo(String id, String label) {
        WebElement input = waitFor(id).findElement(By.cssSelector("input"));
        input.click();
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(label);
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//vaadin-combo-box-item[normalize-space(.)='" + label + "']"))).click();
    }

    /** Opens a tab of a tab sheet by its label. */
    protected void tab(String label) {
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//vaadin-tab[normalize-space(.)='" + label
                + "']"))).click();
    }

    protected boolean invalid(String id) {
        return waitFor(id).getAttribute("invalid") != null;
    }

    protected boolean enabled(String id) {
        return waitFor(id).getAttribute("disabled") == null;
    }

    /** Waits until a grid shows a cell containing {@code text}. */
    protected WebElement gridCell(String gridId, String text) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//vaadin-grid[@id='" + gridId
                + "']//vaadin-grid-cell-content[contains(normalize-space(.), '" + text + "')]")));
    }

    protected void waitText(String id, String text) {
        wait.until(d -> {
            List<WebElement> found = d.findElements(By.id(id));
            return !found.isEmpty() && String.valueOf(found.get(0).getDomProperty("textContent")).contains(text);
        });
    }

    protected void waitPageText(String text) {
        wait.until(d -> d.findElement(By.tagName("body")).getText().contains(text));
    }

    /** Saves a PNG of the page for docs/console.md. */
    protected void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static Actor system() {
        return Actor.system("browser test setup");
    }
}
