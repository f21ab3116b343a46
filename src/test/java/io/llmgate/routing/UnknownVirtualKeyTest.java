package io.llmgate.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import io.llmgate.support.FakeProvider;
import io.llmgate.support.GatewayClient;
import io.llmgate.support.GovernanceTestSupport;

/**
 * Routing configs naming virtual keys that do not exist in their workspace (issue 18, 9b): saving one succeeds with
 * a warning naming the place; a request using one — named or inline — is refused with a 400
 * {@code unknown_virtual_key} naming the key and the place, before anything is sent to a provider.
 */
class UnknownVirtualKeyTest extends GovernanceTestSupport {

    static String fallback(String first, String second) {
        return "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[{\"virtual_key\":\"" + first + "\"},"
                + "{\"virtual_key\":\"" + second + "\"}]}";
    }

    JsonNode saveConfig(String workspace, String config) {
        Response r = admin("POST", "/admin/api/configs",
                "{\"id\":\"cfg-" + System.nanoTime() + "\",\"name\":\"cfg\",\"workspace_id\":\"" + workspace
                        + "\",\"config\":" + config + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    static void assertUnknown(GatewayClient.Response r, String field, String... mentions) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        JsonNode error = r.json().path("error");
        assertThat(error.path("code").asText()).isEqualTo("unknown_virtual_key");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo(field);
        assertThat(error.path("message").asText()).contains(field).contains(mentions);
    }

    @Test
    void savingWarnsAboutUnknownAndForeignKeysAndRequestsAreRefused() {
        String ws = newWorkspace("unknown-vk");
        String other = newWorkspace("unknown-vk-other");
        String key = newApiKey(ws);
        String vk = newVirtualKey(ws, "sk-known");
        String foreign = newVirtualKey(other, "sk-foreign");

        JsonNode clean = saveConfig(ws, fallback(vk, vk));
        assertThat(clean.path("warnings").isArray()).as(clean.toString()).isTrue();
        assertThat(clean.path("warnings")).isEmpty();

        JsonNode saved = saveConfig(ws, "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[{\"virtual_key\":\""
                + vk + "\"},{\"strategy\":{\"mode\":\"loadbalance\"},\"targets\":[{\"virtual_key\":\"vk_missing\"},"
                + "{\"virtual_key\":\"" + foreign + "\"}]}]}");
        JsonNode warnings = saved.path("warnings");
        assertThat(warnings).as(saved.toString()).hasSize(2);
        assertThat(warnings.get(0).path("field").asText()).isEqualTo("targets[1].targets[0].virtual_key");
        assertThat(warnings.get(0).path("message").asText()).contains("vk_missing");
        assertThat(warnings.get(1).path("field").asText()).isEqualTo("targets[1].targets[1].virtual_key");
        assertThat(warnings.get(1).path("message").asText()).contains(foreign);
        String id = saved.path("id").asText();
        assertThat(ok(admin("GET", "/admin/api/configs/" + id, null)).has("warnings"))
                .as("warnings belong to the answer of a save only").isFalse();

        // the first target would answer, but the config is broken: refused before any provider is called
        UPSTREAM.always(FakeProvider.json(200, completion(3, 1)));
        assertUnknown(gateway.post("/v1/chat/completions", chat("gpt-4o-mini", 5), "Authorization", "Bearer " + key,
                "x-gateway-config", id), "targets[1].targets[0].virtual_key", "vk_missing", id);
        assertThat(UPSTREAM.count()).isZero();

        // a new version fixing one key still warns about the other
        Response updated = admin("PUT", "/admin/api/configs/" + id, Map.of("config", parse(fallback(vk, foreign))));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().at("/warnings/0/field").asText()).isEqualTo("targets[1].virtual_key");
        assertThat(updated.json().path("warnings")).hasSize(1);
        assertUnknown(gateway.post("/v1/chat/completions", chat("gpt-4o-mini", 5), "Authorization", "Bearer " + key,
                "x-gateway-config", id), "targets[1].virtual_key", foreign);

        // once the config names only the workspace's keys it works
        assertThat(ok(admin("PUT", "/admin/api/configs/" + id, Map.of("config", parse(fallback(vk, vk)))))
                .path("warnings")).isEmpty();
        assertThat(gateway.post("/v1/chat/completions", chat("gpt-4o-mini", 5), "Authorization", "Bearer " + key,
                "x-gateway-config", id).status()).isEqualTo(200);
    }

    @Test
    void inlineConfigsNamingUnknownKeysAreRefused() {
        String ws = newWorkspace("unknown-vk-inline");
        String key = newApiKey(ws);
        String vk = newVirtualKey(ws, "sk-inline");
        UPSTREAM.always(FakeProvider.json(200, completion(3, 1)));

        assertUnknown(gateway.post("/v1/chat/completions", chat("gpt-4o-mini", 5), "Authorization", "Bearer " + key,
                "x-gateway-config", fallback(vk, "vk_typo")), "targets[1].virtual_key", "vk_typo", "x-gateway-config");
        assertUnknown(gateway.post("/v1/chat/completions", chat("gpt-4o-mini", 5), "Authorization", "Bearer " + key,
                "x-gateway-config", "{\"virtual_key\":\"vk_typo\"}"), "virtual_key", "vk_typo");
        assertThat(UPSTREAM.count()).isZero();

        assertThat(gateway.post("/v1/chat/completions", chat("gpt-4o-mini", 5), "Authorization", "Bearer " + key,
                "x-gateway-config", fallback(vk, vk)).status()).isEqualTo(200);
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
