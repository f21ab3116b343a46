package io.llmgate.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.llmgate.support.GovernanceTestSupport;

/** The admin API as a client sees it: OpenAPI, errors, the audit trail's content and immutability. */
class AdminApiTest extends GovernanceTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void openApiDescriptionIsServedWithoutAuthentication() {
        Response r = admin(null, "GET", "/admin/api/openapi", null);
        assertThat(r.status()).isEqualTo(200);
        JsonNode paths = r.json().path("paths");
        assertThat(paths.has("/admin/api/workspaces/{workspaceId}/api-keys")).isTrue();
        assertThat(paths.has("/admin/api/virtual-keys/{id}/rotate")).isTrue();
        assertThat(paths.has("/admin/api/audit")).isTrue();
        assertThat(r.json().at("/components/securitySchemes/adminKey/scheme").asText()).isEqualTo("bearer");
    }

    @Autowired
    io.llmgate.console.api.AdminActors actors;

    @Test
    void aConsoleSessionActsAsItsUser() {
        var auth = org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated(
                "admin", null, List.of());
        org.springframework.security.core.context.SecurityContextHolder.getContext().setAuthentication(auth);
        try {
            var request = new org.springframework.mock.web.MockHttpServletRequest();
            request.setRemoteAddr("10.1.2.3");
            var actor = actors.current(request);
            assertThat(actor.type().name()).isEqualTo("USER");
            assertThat(actor.name()).isEqualTo("admin");
            assertThat(actor.orgAdmin()).isTrue();
            assertThat(actor.sourceIp()).isEqualTo("10.1.2.3");
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
        }
    }

    @Test
    void healthIsPublic() {
        var health = admin(null, "GET", "/health", null);
        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
    }

    @Test
    void errorsAreJsonInTheGatewayShape() {
        Response unknown = admin("GET", "/admin/api/nothing-here", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().at("/error/code").asText()).isEqualTo("unknown_endpoint");

        Response missing = admin("GET", "/admin/api/api-keys/key_doesnotexist", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().at("/error/message").asText()).contains("key_doesnotexist");

        String ws = newWorkspace("errors");
        Response malformed = admin("POST", "/admin/api/workspaces/" + ws + "/api-keys", "{\"name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().at("/error/code").asText()).isEqualTo("invalid_body");

        Response wrongType = admin("POST", "/admin/api/workspaces/" + ws + "/api-keys",
                "{\"name\":\"x\",\"expires_at\":\"next tuesday\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().at("/error/param").asText()).isEqualTo("expires_at");
        assertThat(wrongType.body()).doesNotContain("next tuesday").doesNotContain("Exception");

        Response badScope = admin("POST", "/admin/api/workspaces/" + ws + "/api-keys",
                Map.of("name", "x", "scopes", List.of("images")));
        assertThat(badScope.status()).isEqualTo(400);
        assertThat(badScope.json().at("/error/param").asText()).isEqualTo("scopes");

        Response past = admin("POST", "/admin/api/workspaces/" + ws + "/api-keys",
                Map.of("name", "x", "expires_at", "2001-01-01T00:00:00Z"));
        assertThat(past.status()).isEqualTo(400);

        Response shortPassword = admin("POST", "/admin/api/users", Map.of("username", "short-" + System.nanoTime(),
                "password", "short"));
        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(shortPassword.json().at("/error/param").asText()).isEqualTo("password");

        String name = "dup-" + System.nanoTime();
        ok(admin("POST", "/admin/api/users", Map.of("username", name, "password", "a-long-enough-password")));
        Response duplicate = admin("POST", "/admin/api/users", Map.of("username", name,
                "password", "a-long-enough-password"));
        assertThat(duplicate.status()).isEqualTo(409);

        Response badRole = admin("PUT", "/admin/api/workspaces/" + ws + "/members/usr_nobody", Map.of("role", "king"));
        assertThat(badRole.status()).isEqualTo(400);

        // nothing of the refused requests was saved
        assertThat(ok(admin("GET", "/admin/api/workspaces/" + ws + "/api-keys", null)).path("data")).isEmpty();
    }

    @Test
    void changesAreAuditedWithBeforeAndAfterButNoSecrets() {
        String ws = newWorkspace("audited");
        JsonNode created = ok(admin("POST", "/admin/api/workspaces/" + ws + "/api-keys", Map.of("name", "before",
                "scopes", List.of("chat.completions"))));
        String id = created.path("id").asText();
        ok(admin("PATCH", "/admin/api/api-keys/" + id, Map.of("name", "after", "allowed_models", List.of("gpt-4o*"))));
        ok(admin("POST", "/admin/api/api-keys/" + id + "/revoke", null));

        JsonNode events = audit("target_id=" + id);
        assertThat(events).extracting(e -> e.path("action").asText())
                .containsExactly("api_key.revoke", "api_key.update", "api_key.create");
        JsonNode update = events.get(1);
        assertThat(update.at("/before/name").asText()).isEqualTo("before");
        assertThat(update.at("/after/name").asText()).isEqualTo("after");
        assertThat(update.at("/after/allowed_models/0").asText()).isEqualTo("gpt-4o*");
        assertThat(update.path("actor_type").asText()).isEqualTo("ADMIN_KEY");
        assertThat(update.path("actor_name").asText()).contains("admin");
        assertThat(update.path("source_ip").asText()).isEqualTo("127.0.0.1");
        assertThat(update.path("workspace_id").asText()).isEqualTo(ws);
        assertThat(events.get(0).at("/after/status").asText()).isEqualTo("revoked");
        String token = created.path("key").asText();
        assertThat(events.toString()).doesNotContain(token.substring(12));

        String user = "audited-" + System.nanoTime();
        String password = "a-very-secret-password-" + System.nanoTime();
        ok(admin("POST", "/admin/api/users", Map.of("username", user, "password", password)));
        JsonNode userEvents = audit("action=user.*");
        assertThat(userEvents.toString()).contains(user).doesNotContain(password).doesNotContain("$2a$");

        // prefix search and paging
        JsonNode page = ok(admin("GET", "/admin/api/audit?action=api_key.*&workspace_id=" + ws + "&size=2", null));
        assertThat(page.path("data")).hasSize(2);
        assertThat(page.path("total").asLong()).isEqualTo(3);
    }

    @Test
    void theAuditTrailCannotBeChangedThroughTheApi() {
        long before = jdbc.queryForObject("SELECT COUNT(*) FROM audit_event", Long.class);
        JsonNode first = audit("size=1").get(0);
        for (String method : List.of("PUT", "PATCH", "DELETE", "POST")) {
            Response r = admin(method, "/admin/api/audit", "{}");
            assertThat(r.status()).as(method).isIn(404, 405);
            Response one = admin(method, "/admin/api/audit/" + first.path("id").asText(), "{}");
            assertThat(one.status()).as(method + " one").isIn(404, 405);
        }
        JsonNode again = audit("size=500").findParent("id");
        assertThat(again).isNotNull();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event", Long.class)).isGreaterThanOrEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT action FROM audit_event WHERE id = ?", String.class,
                first.path("id").asLong())).isEqualTo(first.path("action").asText());
    }

    @Test
    void workspacesUsersAndMembers() {
        String ws = newWorkspace("people");
        assertThat(ok(admin("GET", "/admin/api/workspaces/" + ws, null)).path("role").asText()).isEqualTo("owner");
        String name = "person-" + System.nanoTime();
        String id = ok(admin("POST", "/admin/api/users", Map.of("username", name, "password", "a-long-enough-password",
                "display_name", "A Person"))).path("id").asText();
        ok(admin("PUT", "/admin/api/workspaces/" + ws + "/members/" + id, Map.of("role", "viewer")));
        JsonNode members = ok(admin("GET", "/admin/api/workspaces/" + ws + "/members", null)).path("data");
        assertThat(members).extracting(m -> m.path("username").asText() + ":" + m.path("role").asText())
                .contains(name + ":viewer");
        assertThat(admin("DELETE", "/admin/api/workspaces/" + ws + "/members/" + id, null).status()).isEqualTo(204);
        assertThat(ok(admin("GET", "/admin/api/workspaces/" + ws + "/members", null)).path("data")).isEmpty();
        ok(admin("PATCH", "/admin/api/users/" + id, Map.of("enabled", false)));
        assertThat(ok(admin("GET", "/admin/api/users/" + id, null)).path("enabled").asBoolean()).isFalse();
    }
}
