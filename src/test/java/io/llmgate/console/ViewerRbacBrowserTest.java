package io.llmgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import io.llmgate.model.governance.Role;
import io.llmgate.model.governance.UserService;

/** A viewer sees the workspace but every change is disabled in the console (and refused by the services). */
class ViewerRbacBrowserTest extends BrowserTestSupport {

    static final String VIEWER_PASSWORD = "viewer-password-123";

    @Test
    void aViewerSeesButCannotChange() {
        String ws = workspaces.list(system()).get(0).id();
        if (users.byUsername("vera").isEmpty()) {
            UserService.UserView vera = users.create(system(), new UserService.NewUser("vera", VIEWER_PASSWORD,
                    "Vera Viewer", null, false));
            workspaces.setRole(system(), ws, vera.id(), Role.VIEWER);
        }
        signIn("vera", VIEWER_PASSWORD);
        waitFor("dashboard-view");
        waitText("signed-in-user", "vera");

        open("virtual-keys", "virtual-keys-view");
        assertThat(enabled("vk-new")).isFalse();
        open("api-keys", "api-keys-view");
        assertThat(enabled("ak-new")).isFalse();
        open("budgets", "budgets-view");
        assertThat(enabled("budget-new")).isFalse();
        assertThat(enabled("ratelimit-new")).isFalse();
        open("configs", "configs-view");
        assertThat(enabled("cfg-new")).isFalse();
        open("pricing", "pricing-view");
        assertThat(enabled("price-new")).isFalse();
        open("workspaces", "workspaces-view");
        assertThat(enabled("ws-new")).isFalse();
        assertThat(enabled("member-add")).isFalse();
        screenshot("viewer-workspaces");

        // organisation-admin views are not reachable at all
        driver.get(url("users"));
        wait.until(d -> d.findElements(By.id("users-view")).isEmpty()
                && d.findElement(By.tagName("body")).getText().length() > 0);
        assertThat(driver.findElements(By.id("users-view"))).isEmpty();
    }
}
