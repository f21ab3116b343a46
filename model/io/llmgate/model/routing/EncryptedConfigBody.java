package io.llmgate.model.routing;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.llmgate.model.crypto.SecretCipher;

/**
 * Inline {@code api_key}s of stored routing configs are encrypted at rest with the master key, like virtual-key
 * secrets (AES-256-GCM): every version's body is written with each key replaced by its ciphertext and read back
 * with the key, so readers of {@link RoutingConfigVersion#getBody()} see the config as it was saved. Bodies stored
 * in clear before this are encrypted at start-up.
 */
@Component
@Converter
public class EncryptedConfigBody implements AttributeConverter<String, String>, ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(EncryptedConfigBody.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIELD = ConfigSecrets.FIELD;
    /** Binds the ciphertext to its use: a virtual key's ciphertext pasted here does not open. */
    static final String ASSOCIATED_DATA = "routing_config_version.api_key";
    private static final String CIPHERTEXT = "v1.";

    // providers, not beans: Hibernate makes this converter while it builds the entity manager factory, which the
    // cipher's own repository (the master key check) needs first
    private final ObjectProvider<SecretCipher> cipher;
    private final ObjectProvider<JdbcTemplate> jdbc;

    public EncryptedConfigBody(ObjectProvider<SecretCipher> cipher, ObjectProvider<JdbcTemplate> jdbc) {
        this.cipher = cipher;
        this.jdbc = jdbc;
    }

    @Override
    public String convertToDatabaseColumn(String body) {
        return keys(body, key -> key.startsWith(CIPHERTEXT) ? key : cipher.getObject().encrypt(key, ASSOCIATED_DATA));
    }

    @Override
    public String convertToEntityAttribute(String stored) {
        return keys(stored, key -> key.startsWith(CIPHERTEXT) ? cipher.getObject().decrypt(key, ASSOCIATED_DATA) : key);
    }

    /** Encrypts the keys of versions saved in clear (before encryption at rest); each row once. */
    @Override
    public void run(ApplicationArguments args) {
        List<Map<String, Object>> rows = jdbc.getObject().queryForList("SELECT config_id, version, body FROM "
                + "routing_config_version WHERE body LIKE ?", "%\"" + FIELD + "\"%");
        int migrated = 0;
        for (Map<String, Object> row : rows) {
            String body = (String) row.get("body");
            String encrypted = convertToDatabaseColumn(body);
            if (!encrypted.equals(body)) {
                migrated += jdbc.getObject().update("UPDATE routing_config_version SET body = ? WHERE config_id = ? AND "
                        + "version = ?", encrypted, row.get("config_id"), row.get("version"));
            }
        }
        if (migrated > 0) {
            LOG.info("encrypted the inline api_keys of {} stored routing config versions", migrated);
        }
    }

    private static String keys(String body, UnaryOperator<String> change) {
        if (body == null || !body.contains("\"" + FIELD + "\"")) {
            return body;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return body; // not JSON: nothing of ours to find in it
        }
        boolean[] changed = {false};
        ConfigSecrets.walk(tree, object -> {
            JsonNode key = object.get(FIELD);
            if (key != null && key.isTextual() && !ConfigSecrets.REDACTED.equals(key.asText())) {
                String next = change.apply(key.asText());
                if (!next.equals(key.asText())) {
                    object.put(FIELD, next);
                    changed[0] = true;
                }
            }
        });
        return changed[0] ? tree.toString() : body;
    }
}
