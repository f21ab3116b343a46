package io.llmgate.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.llmgate.support.GovernanceTestSupport;
import io.llmgate.support.LogCapture;

/**
 * The admin API's one error advice: a failure nobody foresaw is a 500 with a generic message (details only in the
 * server log), whatever its exception type, and a 409 means a real conflict, named by an explicit exception.
 */
class AdminErrorAdviceTest extends GovernanceTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anUnexpectedFailureIsA500WithoutDetailsNotAConflict() {
        String ws = newWorkspace("advice");
        String vk = newVirtualKey(ws, "sk-advice-secret");
        // a column the converter cannot read: an IllegalStateException deep in the model, formerly answered 409
        String before = jdbc.queryForObject("SELECT settings FROM virtual_key WHERE id = ?", String.class, vk);
        jdbc.update("UPDATE virtual_key SET settings = ? WHERE id = ?", "not json", vk);
        try {
            Response r = admin("GET", "/admin/api/circuit-breakers?workspace_id=" + ws, null);

            assertThat(r.status()).isEqualTo(500);
            assertThat(r.header("content-type")).startsWith("application/json");
            JsonNode error = r.json().path("error");
            assertThat(error.path("type").asText()).isEqualTo("server_error");
            assertThat(error.path("code").asText()).isEqualTo("internal_error");
            assertThat(error.path("message").asText()).isEqualTo("internal error; see the server log");
            assertThat(error.has("param")).isTrue();
            assertThat(r.body()).doesNotContain("IllegalStateException", "unreadable", "\tat ", "io.llmgate");
            assertThat(LogCapture.install().lines()).as("the cause is in the server log")
                    .anyMatch(l -> l.contains("unreadable JSON map column"));
        } finally {
            jdbc.update("UPDATE virtual_key SET settings = ? WHERE id = ?", before, vk);
        }
    }

    @Test
    void aDuplicateConfigIsStillAConflictNamingTheId() {
        String ws = newWorkspace("advice-cfg");
        String vk = newVirtualKey(ws, "sk-advice-cfg");
        Map<String, Object> config = Map.of("id", "advice-cfg-" + System.nanoTime(), "workspace_id", ws,
                "config", Map.of("virtual_key", vk));
        ok(admin("POST", "/admin/api/configs", config));

        Response again = admin("POST", "/admin/api/configs", config);

        assertThat(again.status()).isEqualTo(409);
        JsonNode error = again.json().path("error");
        assertThat(error.path("type").asText()).isEqualTo("conflict_error");
        assertThat(error.path("code").asText()).isEqualTo("conflict");
        assertThat(error.path("param").asText()).isEqualTo("id");
        assertThat(error.path("message").asText()).contains("already exists");
    }

    @Test
    void aRefusedAdminKeyIsAnsweredInTheSameShape() {
        Response r = admin("lga-nosuchkey-\"quoted\"", "GET", "/admin/api/workspaces", null);

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().path("error").path("code").asText()).isEqualTo("invalid_admin_key");
        assertThat(r.json().path("error").path("type").asText()).isEqualTo("authentication_error");
        assertThat(r.json().path("error").has("param")).isTrue();
    }
}
