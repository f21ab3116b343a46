package io.llmgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

import io.llmgate.model.crypto.SecretValue;
import io.llmgate.model.governance.VirtualKeyService;
import io.llmgate.model.routing.GovernedRoutingConfigs;
import io.llmgate.support.GatewayClient;

/**
 * What an ops user does on a fresh gateway, in the browser: sign in, create a virtual key and an API key, build a
 * fallback config and test it, send a request through the gateway, find it in the logs with its attempts, set a
 * budget and see the next request refused once it is spent. Screenshots go to docs/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpsFlowBrowserTest extends BrowserTestSupport {

    static String apiKey;
    static String workspaceId;

    @Autowired
    VirtualKeyService virtualKeys;
    @Autowired
    GovernedRoutingConfigs configs;

    private void setUpOnce() {
        if (workspaceId == null) {
            workspaceId = workspaces.list(system()).get(0).id();
            // the old key whose provider is down: the first target of the fallback chain
            virtualKeys.create(system(), workspaceId, new VirtualKeyService.VirtualKeySpec("legacy-openai", "openai",
                    new SecretValue("sk-legacy-0000"), DOWN.baseUrl() + "/v1", null, true));
        }
    }

    @Test
    @Order(1)
    void signInRefusesAWrongPasswordThenLetsTheAdminIn() {
        setUpOnce();
        signIn("admin", "not-the-password");
        wait.until(d -> d.getCurrentUrl().contains("error"));
        assertThat(byCss("vaadin-login-form").getAttribute("error")).isNotNull();
        screenshot("login");
        signIn("admin", ADMIN_PASSWORD);
        waitFor("dashboard-view");
        waitText("signed-in-user", "admin");
    }

    @Test
    @Order(2)
    void createAVirtualKeyWithFieldErrorsFirst() {
        open("virtual-keys", "virtual-keys-view");
        click("vk-new");
        click("vk-save"); // empty form: every required field says what is missing, nothing is saved
        assertThat(invalid("vk-name")).isTrue();
        assertThat(invalid("vk-provider")).isTrue();
        assertThat(invalid("vk-secret")).isTrue();
        type("vk-name", "primary-openai");
        combo("vk-provider", "openai");
        type("vk-secret", "sk-primary-1234567890");
        type("vk-base-url", "not a url");
        click("vk-save");
        assertThat(invalid("vk-base-url")).isTrue();
        type("vk-base-url", OPENAI.baseUrl() + "/v1");
        click("vk-save");
        gridCell("vk-grid", "primary-openai");
        assertThat(driver.getPageSource()).doesNotContain("sk-primary-1234567890");
        screenshot("virtual-keys");
    }

    @Test
    @Order(3)
    void createAnApiKeyShownOnce() {
        open("api-keys", "api-keys-view");
        click("ak-new");
        type("ak-name", "support-bot-client");
        click("ak-save");
        WebElementValue token = new WebElementValue(waitFor("ak-token"));
        apiKey = token.value();
        assertThat(apiKey).startsWith("lg-");
        screenshot("api-key-created");
        click("ak-token-close");
        gridCell("ak-grid", "support-bot-client");
        assertThat(driver.getPageSource()).doesNotContain(apiKey);
    }

    @Test
    @Order(4)
    void buildAFallbackConfigTestItAndSave() {
        open("configs/edit", "config-editor-view");
        type("cfg-id", "support-bot");
        type("cfg-name", "Support bot");
        select("cfg-mode", "Fallback chain");
        combo("cfg-target-vk-0", "legacy-openai (openai)");
        combo("cfg-target-vk-1", "primary-openai (openai)");
        waitText("cfg-validation", "valid config");
        click("cfg-test");
        waitText("cfg-test-summary", "config.targets[1] answered");
        screenshot("config-editor");
        click("cfg-save");
        wait.until(d -> d.getCurrentUrl().endsWith("configs/edit/support-bot"));
        waitPageText("Routing config support-bot");
        // a test result belongs to the JSON it tested: it goes as soon as the JSON changes (issue 18 item 9c)
        click("cfg-test");
        waitText("cfg-test-summary", "config.targets[1] answered");
        // a bad edit is flagged on the JSON field while typing, and cannot be saved
        tab("JSON");
        setTextArea("cfg-json", "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[]}");
        waitText("cfg-validation", "problem");
        wait.until(d -> d.findElements(By.id("cfg-test-summary")).isEmpty());
        assertThat(invalid("cfg-json")).isTrue();
        click("cfg-save");
        assertThat(invalid("cfg-json")).isTrue();

        // a virtual key this workspace lacks is a warning (saving is allowed; requests would be refused)
        setTextArea("cfg-json", "{\"virtual_key\":\"vk_nowhere_to_be_found\"}");
        waitText("cfg-validation", "vk_nowhere_to_be_found");
        waitText("cfg-validation", "valid config, but");
    }

    @Test
    @Order(5)
    void aRequestThroughTheGatewayFallsBackAndShowsInTheLogs() {
        GatewayClient.Response r = gateway.post("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Where is my order?\"}]}",
                "Authorization", "Bearer " + apiKey, "x-gateway-config", "support-bot",
                "x-request-id", "console-req-1", "x-gateway-metadata", "{\"team\":\"support\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("Hello from the backup target");

        // routed by headers, and by an inline config whose breaker sees the old key fail
        String primary = vkId("primary-openai");
        String legacy = vkId("legacy-openai");
        assertThat(gateway.post("/v1/chat/completions", chatBody("By headers"), "Authorization", "Bearer " + apiKey,
                "x-gateway-virtual-key", primary, "x-gateway-metadata", "{\"team\":\"support\"}").status())
                .isEqualTo(200);
        String breakerConfig = "{\"strategy\":{\"mode\":\"fallback\"},\"circuit_breaker\":{\"minimum_calls\":5},"
                + "\"targets\":[{\"virtual_key\":\"" + legacy + "\"},{\"virtual_key\":\"" + primary + "\"}]}";
        assertThat(gateway.post("/v1/chat/completions", chatBody("With a breaker"), "Authorization",
                "Bearer " + apiKey, "x-gateway-config", breakerConfig).status()).isEqualTo(200);

        open("logs", "logs-view");
        type("logs-metadata", "team=support");
        click("logs-search");
        gridCell("logs-grid", "by headers");
        gridCell("logs-grid", "console-req-1");
        // the request id column can be out of view on this window: open the row by its config cell
        WebElement configCell = gridCell("logs-grid", "Support bot (support-bot)");
        ((JavascriptExecutor) driver).executeScript(
                "arguments[0].scrollIntoView({block: 'center', inline: 'center'});", configCell);
        wait.until(ExpectedConditions.elementToBeClickable(configCell)).click();
        waitText("log-detail", "Request console-req-1");
        waitText("log-detail", "Attempts (2)");
        waitText("log-detail", "config.targets[1]");
        // the attempt that failed stands out, and the attempts table fits the panel (no horizontal scroll)
        assertThat(driver.findElements(By.cssSelector("#log-attempts [data-error]"))).isNotEmpty();
        wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                "const t = document.getElementById('log-attempts').shadowRoot.querySelector('#table');"
                        + "return t.scrollWidth <= t.clientWidth + 1;")));
        screenshot("request-logs");
    }

    String vkId(String name) {
        return virtualKeys.list(system(), workspaceId).stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow().id();
    }

    static String chatBody(String text) {
        return "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    @Test
    @Order(6)
    void aBudgetOnceSpentDeniesTheNextRequest() {
        open("budgets", "budgets-view");
        click("budget-new");
        type("budget-name", "support-monthly");
        select("budget-scope", "api_key");
        click("budget-save"); // no limit yet: a field-level message, nothing saved
        assertThat(invalid("budget-usd")).isTrue();
        // the scope is picked by the key's name, not typed as an id
        comboContaining("budget-scope-ref", "support-bot-client");
        type("budget-usd", "0.001");
        click("budget-save");
        gridCell("budget-grid", "support-monthly");
        gridCell("budget-grid", "API key support-bot-client (…");

        String chat = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        GatewayClient.Response first = gateway.post("/v1/chat/completions", chat, "Authorization", "Bearer " + apiKey,
                "x-gateway-config", "support-bot");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        GatewayClient.Response denied = gateway.post("/v1/chat/completions", chat, "Authorization",
                "Bearer " + apiKey, "x-gateway-config", "support-bot");
        assertThat(denied.status()).as(denied.body()).isEqualTo(429);
        assertThat(denied.body()).contains("budget_exceeded");
        assertThat(denied.json().at("/error/message").asText()).contains("spent, $0.0000 held by requests in flight")
                .contains("remaining of $0.0010").contains("this request needs up to");

        open("budgets", "budgets-view");
        waitText("budget-spent-support-monthly", "$0.001 limit");
        assertThat(driver.findElement(By.id("budget-spent-support-monthly")).getText()).contains(" spent · ")
                .contains(" held · ").contains("%)");
        screenshot("budgets");
    }

    @Test
    @Order(7)
    void dashboardAndHealthShowTheTraffic() {
        open("", "dashboard-view");
        wait.until(d -> !d.findElement(By.id("kpi-requests")).getText().equals("0"));
        assertThat(Integer.parseInt(driver.findElement(By.id("kpi-requests")).getText())).isGreaterThanOrEqualTo(3);
        wait.until(d -> d.getPageSource().contains("support-bot-client (…")); // Top API keys: names, not ids
        screenshot("dashboard");
        open("providers", "health-view");
        gridCell("provider-stats-grid", "openai");
        // breakers by provider and virtual key name; a failing target is "failing", not a latency
        gridCell("breaker-grid", "openai · virtual key legacy-openai (…");
        gridCell("breaker-grid", "failing (");
        assertThat(driver.findElements(By.cssSelector("#breaker-grid [data-error]"))).isNotEmpty();
        assertThat(driver.findElement(By.id("breaker-grid")).getText()).doesNotContain("5000 ms");
        screenshot("health");
        open("configs/edit/support-bot", "config-editor-view");
        tab("History");
        gridCell("cfg-versions", "v1");
        open("audit", "audit-view");
        gridCell("audit-grid", "virtual_key.create");
        screenshot("audit");
        Map.of().size();
    }

    @Test
    @Order(8)
    void inlineKeysAreShownRedactedAndKeptOnSave() {
        configs.create(system(), workspaceId, "inline-keyed", "Inline keyed", "{\"provider\":\"openai\","
                + "\"api_key\":\"sk-inline-secret-42\",\"custom_host\":\"" + OPENAI.baseUrl() + "/v1\"}");
        open("configs/edit/inline-keyed", "config-editor-view");
        tab("JSON");
        wait.until(d -> new WebElementValue(d.findElement(By.id("cfg-json"))).value().contains("[redacted]"));
        assertThat(driver.getPageSource()).doesNotContain("sk-inline-secret-42");
        // the test request uses the stored key, which stays on the server
        click("cfg-test");
        waitText("cfg-test-summary", "answered");
        assertThat(OPENAI.last().header("authorization")).isEqualTo("Bearer sk-inline-secret-42");
        type("cfg-comment", "saved from the console");
        click("cfg-save");
        wait.until(d -> configs.get(system(), "inline-keyed").version().getVersion() == 2);
        assertThat(configs.get(system(), "inline-keyed").version().getBody()).contains("sk-inline-secret-42")
                .doesNotContain("[redacted]");
    }

    /** Picks the vaadin-combo-box item whose label contains {@code text} (labels that end in an id suffix). */
    void comboContaining(String id, String text) {
        WebElement input = waitFor(id).findElement(By.cssSelector("input"));
        input.click();
        input.sendKeys(text);
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//vaadin-combo-box-item[contains(normalize-space(.), '" + text + "')]"))).click();
    }

    /** The value of a Vaadin field (its property, not its text). */
    record WebElementValue(org.openqa.selenium.WebElement element) {
        String value() {
            return element.getDomProperty("value");
        }
    }
}
