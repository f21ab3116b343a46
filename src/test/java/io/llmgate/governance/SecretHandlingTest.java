package io.llmgate.governance;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.llmgate.model.crypto.MasterKey;
import io.llmgate.model.crypto.SecretCipher;
import io.llmgate.model.crypto.SecretDecryptionException;
import io.llmgate.support.GatewayClient;
import io.llmgate.support.GovernanceTestSupport;
import io.llmgate.support.LogCapture;

/**
 * A provider secret goes in once and comes out only towards the provider: never in an API response, log line,
 * exception message or audit record, and the database holds only ciphertext that the master key alone opens.
 */
class SecretHandlingTest extends GovernanceTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    io.llmgate.model.routing.EncryptedConfigBody encryptedConfigBody;

    @Test
    void theSecretIsNeverShownStoredInClearOrLogged() {
        String secret = "sk-live-" + "Q7zX".repeat(8) + System.nanoTime();
        String rotated = "sk-rotated-" + "W3vY".repeat(8) + System.nanoTime();
        String ws = newWorkspace("secrets");
        List<Response> responses = new ArrayList<>();

        Response created = admin("POST", "/admin/api/workspaces/" + ws + "/virtual-keys", Map.of("name", "azure prod",
                "provider", "openai", "secret", secret, "base_url", UPSTREAM.baseUrl() + "/v1",
                "settings", Map.of("deployment", "gpt4o-prod", "api_version", "2024-10-21")));
        responses.add(created);
        assertThat(created.status()).isEqualTo(201);
        String vk = created.json().path("id").asText();
        assertThat(created.json().path("settings").path("deployment").asText()).isEqualTo("gpt4o-prod");
        assertThat(created.json().has("secret")).isFalse();

        responses.add(admin("GET", "/admin/api/virtual-keys/" + vk, null));
        responses.add(admin("GET", "/admin/api/workspaces/" + ws + "/virtual-keys", null));
        responses.add(admin("PATCH", "/admin/api/virtual-keys/" + vk, Map.of("name", "azure prod 2")));
        // a secret sent where it does not belong is refused without being echoed
        responses.add(admin("PATCH", "/admin/api/virtual-keys/" + vk, Map.of("secret", secret)));
        responses.add(admin("POST", "/admin/api/workspaces/" + ws + "/virtual-keys",
                Map.of("name", "bad", "provider", "no-such-provider", "secret", secret)));
        responses.add(admin("POST", "/admin/api/workspaces/" + ws + "/virtual-keys",
                "{\"name\":\"bad\",\"provider\":\"openai\",\"secret\":{\"nested\":\"" + secret + "\"}}"));
        responses.add(admin("POST", "/admin/api/workspaces/" + ws + "/virtual-keys",
                "{\"name\":\"bad\",\"provider\":\"openai\",\"secret\":\"" + secret + "\",}"));

        // the provider gets it, the client does not
        String key = newApiKey(ws);
        UPSTREAM.then(json(200, completion(3, 1)));
        GatewayClient.Response ok = gateway.post("/v1/chat/completions", chat("test-model", 5), bearer(key, vk));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(UPSTREAM.last().header("authorization")).isEqualTo("Bearer " + secret);
        assertThat(ok.body() + ok.headers()).doesNotContain(secret);
        UPSTREAM.then(json(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}"));
        GatewayClient.Response failed = gateway.post("/v1/chat/completions", chat("test-model", 5), bearer(key, vk));
        assertThat(failed.status()).isEqualTo(401);
        assertThat(failed.body() + failed.headers()).doesNotContain(secret);

        // rotation: same id, the next request uses the new secret
        Response rotation = admin("POST", "/admin/api/virtual-keys/" + vk + "/rotate", Map.of("secret", rotated));
        responses.add(rotation);
        assertThat(rotation.json().path("id").asText()).isEqualTo(vk);
        assertThat(rotation.json().path("rotated_at").isNull()).isFalse();
        UPSTREAM.then(json(200, completion(3, 1)));
        assertThat(gateway.post("/v1/chat/completions", chat("test-model", 5), bearer(key, vk)).status())
                .isEqualTo(200);
        assertThat(UPSTREAM.last().header("authorization")).isEqualTo("Bearer " + rotated);

        Response auditSearch = admin("GET", "/admin/api/audit?size=500&target_id=" + vk, null);
        responses.add(auditSearch);
        assertThat(auditSearch.json().path("data")).extracting(e -> e.path("action").asText())
                .contains("virtual_key.create", "virtual_key.update", "virtual_key.rotate");

        assertThat(LogCapture.install().lines()).as("the log capture works").anyMatch(l -> l.contains(vk + " rotated"));
        for (String s : List.of(secret, rotated)) {
            String b64 = Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
            String hex = HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
            for (Response r : responses) {
                assertThat(r.body()).as("API response").doesNotContain(s).doesNotContain(s.substring(8, 30));
                assertThat(r.headers().toString()).doesNotContain(s);
            }
            for (String line : LogCapture.install().lines()) {
                assertThat(line).as("log line").doesNotContain(s).doesNotContain(b64);
            }
            for (String cell : everyDatabaseValue()) {
                assertThat(cell).as("database value").doesNotContain(s).doesNotContain(b64).doesNotContain(hex);
            }
        }
        assertThat(responses.subList(4, 8)).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().path("error").path("message").asText()).isNotBlank();
        });
    }

    @Test
    void theDatabaseHoldsCiphertextThatOnlyTheMasterKeyOpens() {
        String secret = "sk-ciphertext-check-" + System.nanoTime();
        String ws = newWorkspace("cipher");
        String vk = newVirtualKey(ws, secret);
        String stored = jdbc.queryForObject("SELECT secret_ciphertext FROM virtual_key WHERE id = ?", String.class, vk);
        assertThat(stored).startsWith("v1.").doesNotContain(secret);

        SecretCipher right = new SecretCipher(new MasterKey(Base64.getDecoder().decode(MASTER_KEY), "test"));
        assertThat(right.decrypt(stored, "virtual_key:" + vk)).isEqualTo(secret);
        // the same ciphertext copied to another row does not open
        assertThatThrownBy(() -> right.decrypt(stored, "virtual_key:vk_other")).isInstanceOf(SecretDecryptionException.class);

        byte[] wrongKey = new byte[32];
        wrongKey[0] = 1;
        SecretCipher wrong = new SecretCipher(new MasterKey(wrongKey, "test"));
        assertThatThrownBy(() -> wrong.decrypt(stored, "virtual_key:" + vk))
                .isInstanceOf(SecretDecryptionException.class)
                .hasMessageContaining("wrong master key")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
        // fresh nonce each time: the same secret never encrypts to the same text
        assertThat(right.encrypt(secret, "a")).isNotEqualTo(right.encrypt(secret, "a"));
    }

    @Test
    void inlineApiKeysOfNamedConfigsAreEncryptedAtRestAndStillReachTheProvider() {
        String secret = "sk-inline-" + "R8tP".repeat(8) + System.nanoTime();
        String ws = newWorkspace("inline");
        String id = "cfg-inline-" + System.nanoTime();
        Response created = admin("POST", "/admin/api/configs", "{\"id\":\"" + id + "\",\"name\":\"inline\","
                + "\"workspace_id\":\"" + ws + "\",\"config\":{\"provider\":\"openai\",\"api_key\":\"" + secret
                + "\",\"custom_host\":\"" + UPSTREAM.baseUrl() + "/v1\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String stored = jdbc.queryForObject("SELECT body FROM routing_config_version WHERE config_id = ?",
                String.class, id);
        assertThat(stored).doesNotContain(secret).contains("\"api_key\":\"v1.");

        UPSTREAM.then(json(200, completion(3, 1)));
        GatewayClient.Response ok = gateway.post("/v1/chat/completions", chat("test-model", 5),
                "Authorization", "Bearer " + newApiKey(ws), "x-gateway-config", id);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(UPSTREAM.last().header("authorization")).isEqualTo("Bearer " + secret);
        assertThat(admin("GET", "/admin/api/configs/" + id, null).body()).doesNotContain(secret);
    }

    @Test
    void versionsStoredInClearBeforeEncryptionAreEncryptedAtStartUp() {
        String secret = "sk-legacy-" + System.nanoTime();
        String id = "cfg-legacy-" + System.nanoTime();
        Response created = admin("POST", "/admin/api/configs", "{\"id\":\"" + id + "\",\"name\":\"legacy\","
                + "\"config\":{\"provider\":\"openai\",\"api_key\":\"sk-first\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String clear = "{\"provider\":\"openai\",\"api_key\":\"" + secret + "\"}";
        jdbc.update("UPDATE routing_config_version SET body = ? WHERE config_id = ?", clear, id); // as before

        encryptedConfigBody.run(null); // what start-up runs

        String stored = jdbc.queryForObject("SELECT body FROM routing_config_version WHERE config_id = ?",
                String.class, id);
        assertThat(stored).doesNotContain(secret).contains("\"api_key\":\"v1.");
        assertThat(encryptedConfigBody.convertToEntityAttribute(stored)).contains(secret);
    }

    @Test
    void apiKeysAreStoredAsHashesAndShownOnce() {
        String ws = newWorkspace("hashes");
        JsonNode created = ok(admin("POST", "/admin/api/workspaces/" + ws + "/api-keys", Map.of("name", "once")));
        String token = created.path("key").asText();
        String id = created.path("id").asText();
        assertThat(token).matches("lg-[0-9a-z]{8}-[A-Za-z0-9_-]{43}");
        Response get = admin("GET", "/admin/api/api-keys/" + id, null);
        Response list = admin("GET", "/admin/api/workspaces/" + ws + "/api-keys", null);
        String secretPart = token.substring(12);   // after lg-<8>-; the secret itself may contain '-'
        assertThat(get.body() + list.body()).doesNotContain(secretPart);
        assertThat(get.json().path("prefix").asText()).isEqualTo(token.substring(0, 11));
        for (String cell : everyDatabaseValue()) {
            assertThat(cell).doesNotContain(secretPart);
        }
    }

    /** Every value of every governance table, as text. */
    private List<String> everyDatabaseValue() {
        List<String> values = new ArrayList<>();
        for (String table : List.of("organization", "workspace", "app_user", "workspace_member", "api_key",
                "admin_api_key", "virtual_key", "master_key_check", "budget", "budget_spend", "budget_alert",
                "rate_limit", "audit_event")) {
            jdbc.query("SELECT * FROM " + table, rs -> {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    values.add(String.valueOf(rs.getObject(i)));
                }
            });
        }
        return values;
    }
}
