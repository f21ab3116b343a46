package io.llmgate.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.llmgate.support.GovernanceTestSupport;

/** The RBAC matrix through the admin API: viewer, member, admin and owner, and workspace isolation. */
class RbacTest extends GovernanceTestSupport {

    String wsA;
    String wsB;
    String viewer;
    String member;
    String adminA;
    String adminB;
    String ownerA;
    Map<String, String> userIds = new java.util.HashMap<>();

    @BeforeEach
    void users() {
        wsA = newWorkspace("rbac-a");
        wsB = newWorkspace("rbac-b");
        viewer = userWithRole("viewer", wsA, "viewer");
        member = userWithRole("member", wsA, "member");
        adminA = userWithRole("admin-a", wsA, "admin");
        ownerA = userWithRole("owner-a", wsA, "owner");
        adminB = userWithRole("admin-b", wsB, "admin");
    }

    /** Creates a user with a role in a workspace and returns an admin API key acting as that user. */
    String userWithRole(String name, String ws, String role) {
        String username = name + "-" + System.nanoTime();
        String id = ok(admin("POST", "/admin/api/users", Map.of("username", username,
                "password", "a-long-enough-password"))).path("id").asText();
        userIds.put(name, id);
        ok(admin("PUT", "/admin/api/workspaces/" + ws + "/members/" + id, Map.of("role", role)));
        return ok(admin("POST", "/admin/api/admin-keys", Map.of("name", "k", "user_id", id))).path("key").asText();
    }

    static void forbidden(Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
        assertThat(r.json().path("error").path("type").asText()).isEqualTo("permission_error");
        assertThat(r.json().path("error").path("message").asText()).isNotBlank();
    }

    @Test
    void routingConfigsFollowTheMatrixAndEveryChangeIsAudited() {
        String id = "rbac-cfg-" + System.nanoTime();
        Map<String, Object> config = Map.of("provider", "openai", "api_key", "sk-x");
        forbidden(admin(viewer, "POST", "/admin/api/configs", Map.of("id", id, "workspace_id", wsA, "config", config)));
        assertThat(admin(member, "POST", "/admin/api/configs", Map.of("id", id, "workspace_id", wsA, "config", config))
                .status()).isEqualTo(201);
        assertThat(admin(viewer, "GET", "/admin/api/configs/" + id, null).status()).isEqualTo(200);
        forbidden(admin(viewer, "PUT", "/admin/api/configs/" + id, Map.of("config", config)));
        forbidden(admin(viewer, "POST", "/admin/api/configs/" + id + "/rollback", Map.of("version", 1)));
        assertThat(admin(member, "PUT", "/admin/api/configs/" + id, Map.of("comment", "v2",
                "config", Map.of("provider", "anthropic", "api_key", "sk-y"))).status()).isEqualTo(200);
        // another workspace's admin can neither read it nor find it in the list
        forbidden(admin(adminB, "GET", "/admin/api/configs/" + id, null));
        assertThat(admin(adminB, "GET", "/admin/api/configs", null).body()).doesNotContain(id);
        forbidden(admin(adminB, "POST", "/admin/api/configs", Map.of("id", id + "-b", "workspace_id", wsA,
                "config", config)));

        JsonNode events = ok(admin("GET", "/admin/api/audit?workspace_id=" + wsA + "&action=routing_config.*", null));
        String text = events.toString();
        assertThat(text).contains("routing_config.create").contains("routing_config.update").contains(id)
                .contains("anthropic");
        assertThat(text).doesNotContain("sk-y").doesNotContain("sk-x");

        // inline keys are never shown again, and a config read and saved back keeps them
        Response read = admin(member, "GET", "/admin/api/configs/" + id, null);
        assertThat(read.body()).doesNotContain("sk-y").contains("[redacted]");
        assertThat(admin(member, "PUT", "/admin/api/configs/" + id, Map.of("comment", "renamed",
                "config", JSON.convertValue(read.json().path("config"), Map.class))).status()).isEqualTo(200);
        assertThat(admin(member, "GET", "/admin/api/configs/" + id + "/versions", null).body()).doesNotContain("sk-y");
        Response bad = admin(member, "PUT", "/admin/api/configs/" + id, Map.of("config",
                Map.of("strategy", Map.of("mode", "fallback"), "targets", List.of(Map.of("provider", "openai",
                        "api_key", "[redacted]"))))); // nothing stored at targets[0]
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("targets[0].api_key");
        // a new config has nothing stored to keep: "[redacted]" is refused, not stored as the key
        Response redactedNew = admin(member, "POST", "/admin/api/configs", Map.of("id", id + "-new",
                "workspace_id", wsA, "config", Map.of("provider", "openai", "api_key", "[redacted]")));
        assertThat(redactedNew.status()).isEqualTo(400);
        assertThat(redactedNew.json().at("/error/param").asText()).isEqualTo("config");
        assertThat(redactedNew.json().at("/error/message").asText()).contains("api_key: no stored key");
        assertThat(admin(member, "GET", "/admin/api/configs/" + id + "-new", null).status()).isEqualTo(404);
    }

    @Test
    void logsUsageAndPricesFollowTheMatrix() {
        assertThat(admin(viewer, "GET", "/admin/api/logs?workspace_id=" + wsA, null).status()).isEqualTo(200);
        assertThat(admin(viewer, "GET", "/admin/api/usage?workspace_id=" + wsA, null).status()).isEqualTo(200);
        forbidden(admin(viewer, "GET", "/admin/api/logs", null));                          // every workspace
        forbidden(admin(adminB, "GET", "/admin/api/logs?workspace_id=" + wsA, null));      // another workspace
        forbidden(admin(adminB, "GET", "/admin/api/logs/export?workspace_id=" + wsA, null));
        assertThat(admin(viewer, "GET", "/admin/api/pricing", null).status()).isEqualTo(200);
        forbidden(admin(ownerA, "PUT", "/admin/api/pricing", Map.of("provider", "openai", "model", "gpt-x",
                "input", 1, "output", 2)));
        assertThat(admin("GET", "/admin/api/logs", null).status()).as("organisation admin").isEqualTo(200);
    }

    @Test
    void viewerCanReadButNotEdit() {
        assertThat(admin(viewer, "GET", "/admin/api/workspaces/" + wsA + "/api-keys", null).status()).isEqualTo(200);
        assertThat(admin(viewer, "GET", "/admin/api/workspaces/" + wsA + "/budgets", null).status()).isEqualTo(200);
        assertThat(admin(viewer, "GET", "/admin/api/workspaces/" + wsA + "/virtual-keys", null).status())
                .isEqualTo(200);
        forbidden(admin(viewer, "POST", "/admin/api/workspaces/" + wsA + "/api-keys", Map.of("name", "x")));
        forbidden(admin(viewer, "POST", "/admin/api/workspaces/" + wsA + "/virtual-keys", Map.of("name", "x",
                "provider", "openai", "secret", "sk-viewer-cannot")));
        forbidden(admin(viewer, "POST", "/admin/api/workspaces/" + wsA + "/budgets", Map.of("name", "x",
                "scope_type", "workspace", "period", "day", "limit_usd", 1)));
        forbidden(admin(viewer, "POST", "/admin/api/workspaces/" + wsA + "/rate-limits", Map.of("name", "x",
                "scope_type", "workspace", "metric", "requests", "window", "minute", "limit", 5)));
        forbidden(admin(viewer, "GET", "/admin/api/audit?workspace_id=" + wsA, null));
    }

    @Test
    void memberManagesApiKeysButNotUsersOrSecrets() {
        Response created = admin(member, "POST", "/admin/api/workspaces/" + wsA + "/api-keys", Map.of("name", "m"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(admin(member, "POST", "/admin/api/api-keys/" + created.json().path("id").asText()
                + "/revoke", null).status()).isEqualTo(200);
        forbidden(admin(member, "POST", "/admin/api/users", Map.of("username", "nope-" + System.nanoTime(),
                "password", "a-long-enough-password")));
        forbidden(admin(member, "GET", "/admin/api/users", null));
        forbidden(admin(member, "PUT", "/admin/api/workspaces/" + wsA + "/members/" + userIds.get("viewer"),
                Map.of("role", "admin")));
        forbidden(admin(member, "DELETE", "/admin/api/workspaces/" + wsA + "/members/" + userIds.get("viewer"), null));
        forbidden(admin(member, "POST", "/admin/api/workspaces/" + wsA + "/virtual-keys", Map.of("name", "x",
                "provider", "openai", "secret", "sk-member-cannot")));
        forbidden(admin(member, "PATCH", "/admin/api/users/" + userIds.get("viewer"), Map.of("display_name", "x")));
        // but a member may edit their own profile
        assertThat(admin(member, "PATCH", "/admin/api/users/" + userIds.get("member"),
                Map.of("display_name", "Me")).status()).isEqualTo(200);
    }

    @Test
    void adminOfOneWorkspaceCannotTouchAnother() {
        forbidden(admin(adminB, "GET", "/admin/api/workspaces/" + wsA, null));
        forbidden(admin(adminB, "GET", "/admin/api/workspaces/" + wsA + "/api-keys", null));
        forbidden(admin(adminB, "POST", "/admin/api/workspaces/" + wsA + "/api-keys", Map.of("name", "x")));
        forbidden(admin(adminB, "PUT", "/admin/api/workspaces/" + wsA + "/members/" + userIds.get("admin-b"),
                Map.of("role", "owner")));
        forbidden(admin(adminB, "GET", "/admin/api/audit?workspace_id=" + wsA, null));
        String keyInA = ok(admin(adminA, "POST", "/admin/api/workspaces/" + wsA + "/api-keys", Map.of("name", "a")))
                .path("id").asText();
        forbidden(admin(adminB, "POST", "/admin/api/api-keys/" + keyInA + "/revoke", null));
        forbidden(admin(adminB, "GET", "/admin/api/api-keys/" + keyInA, null));
        String vkInA = ok(admin(adminA, "POST", "/admin/api/workspaces/" + wsA + "/virtual-keys", Map.of("name", "v",
                "provider", "openai", "secret", "sk-a-secret"))).path("id").asText();
        forbidden(admin(adminB, "POST", "/admin/api/virtual-keys/" + vkInA + "/rotate", Map.of("secret", "sk-b")));
        forbidden(admin(adminB, "DELETE", "/admin/api/virtual-keys/" + vkInA, null));
        // its own workspace list shows only B
        JsonNode list = ok(admin(adminB, "GET", "/admin/api/workspaces", null)).path("data");
        assertThat(list).extracting(w -> w.path("id").asText()).containsExactly(wsB);
        // and the audit it may read holds nothing of A
        JsonNode events = ok(admin(adminB, "GET", "/admin/api/audit?size=500", null)).path("data");
        assertThat(events).allSatisfy(e -> assertThat(e.path("workspace_id").asText()).isEqualTo(wsB));
    }

    @Test
    void adminManagesMembersButOnlyOwnersGrantOwner() {
        JsonNode m = ok(admin(adminA, "PUT", "/admin/api/workspaces/" + wsA + "/members/" + userIds.get("viewer"),
                Map.of("role", "member")));
        assertThat(m.path("role").asText()).isEqualTo("member");
        forbidden(admin(adminA, "PUT", "/admin/api/workspaces/" + wsA + "/members/" + userIds.get("viewer"),
                Map.of("role", "owner")));
        forbidden(admin(adminA, "PUT", "/admin/api/workspaces/" + wsA + "/members/" + userIds.get("owner-a"),
                Map.of("role", "viewer")));
        assertThat(admin(ownerA, "PUT", "/admin/api/workspaces/" + wsA + "/members/" + userIds.get("viewer"),
                Map.of("role", "owner")).status()).isEqualTo(200);
        forbidden(admin(adminA, "POST", "/admin/api/workspaces", Map.of("name", "not-allowed")));
        forbidden(admin(ownerA, "POST", "/admin/api/workspaces", Map.of("name", "not-allowed")));
        assertThat(admin(ownerA, "PATCH", "/admin/api/workspaces/" + wsA, Map.of("description", "renamed"))
                .status()).isEqualTo(200);
        forbidden(admin(adminA, "PATCH", "/admin/api/workspaces/" + wsA, Map.of("description", "no")));
        assertThat(admin(adminA, "GET", "/admin/api/audit?workspace_id=" + wsA, null).status()).isEqualTo(200);
    }

    @Test
    void refusalsAreAudited() {
        forbidden(admin(member, "POST", "/admin/api/users", Map.of("username", "nope-" + System.nanoTime(),
                "password", "a-long-enough-password")));
        JsonNode events = audit("action=request.denied&target_id=forbidden");
        assertThat(events).anySatisfy(e -> {
            assertThat(e.path("actor_type").asText()).isEqualTo("ADMIN_KEY");
            assertThat(e.path("detail").asText()).contains("POST /admin/api/users");
        });
    }

    @Test
    void unauthenticatedAndBadKeysAre401() {
        Response none = admin(null, "GET", "/admin/api/workspaces", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().path("error").path("type").asText()).isEqualTo("authentication_error");
        assertThat(admin(null, "POST", "/admin/api/workspaces", Map.of("name", "x")).status()).isEqualTo(401);
        Response bad = admin("lga-nothere-" + "B".repeat(40), "GET", "/admin/api/workspaces", null);
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.json().path("error").path("code").asText()).isEqualTo("invalid_admin_key");
        // a revoked admin key stops at once
        String keyId = ok(admin("GET", "/admin/api/admin-keys", null)).path("data").findValues("id").stream()
                .map(JsonNode::asText).filter(id -> true).reduce((a, b) -> b).orElseThrow();
        JsonNode mine = ok(admin("POST", "/admin/api/admin-keys", Map.of("name", "temp")));
        ok(admin("POST", "/admin/api/admin-keys/" + mine.path("id").asText() + "/revoke", null));
        assertThat(admin(mine.path("key").asText(), "GET", "/admin/api/me", null).status()).isEqualTo(401);
        assertThat(keyId).isNotBlank();
        // the gateway key is no admin key
        String gatewayKey = newApiKey(wsA);
        assertThat(admin(gatewayKey, "GET", "/admin/api/me", null).status()).isEqualTo(401);
    }

    @Test
    void meShowsTheCallerAndTheirRoles() {
        JsonNode me = ok(admin(member, "GET", "/admin/api/me", null));
        assertThat(me.path("authenticated_by").asText()).isEqualTo("admin_key");
        assertThat(me.path("workspaces")).extracting(w -> w.path("id").asText() + ":" + w.path("role").asText())
                .containsExactly(wsA + ":member");
        assertThat(List.of(me.path("user").path("org_admin").asBoolean())).containsExactly(false);
    }
}
