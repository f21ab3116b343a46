package io.llmgate.model.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.llmgate.support.TestDatabase;

/**
 * PostgreSQL's V41 moves metadata tags from request_log_tag rows into the jsonb metadata column: a log table written
 * by the earlier schema keeps every tag, also where its text metadata had been cut to invalid JSON. Runs on the
 * machine's PostgreSQL in a schema of its own; skipped, with a message, when no server answers.
 */
class TagsToJsonbMigrationTest {

    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() { };
    private final String schema = "llmgate_mig_" + UUID.randomUUID().toString().substring(0, 8);
    private final ObjectMapper json = new ObjectMapper();
    private Connection connection;

    @BeforeEach
    void schema() {
        try {
            connection = DriverManager.getConnection(TestDatabase.PG_BASE + "?connectTimeout=3",
                    TestDatabase.pgUser(), "");
        } catch (SQLException e) {
            Assumptions.abort("PostgreSQL migration test skipped: no server at " + TestDatabase.PG_BASE + " ("
                    + e.getMessage() + ")");
        }
    }

    @AfterEach
    void dropSchema() throws SQLException {
        if (connection != null) {
            try (Statement s = connection.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
            connection.close();
        }
    }

    private Flyway flyway(String target) {
        return Flyway.configure()
                .dataSource(TestDatabase.PG_BASE + "?currentSchema=" + schema, TestDatabase.pgUser(), "")
                .schemas(schema)
                .locations("classpath:db/migration", "classpath:db/vendor/postgresql")
                .target(target)
                .load();
    }

    @Test
    void tagRowsEndUpInTheJsonbMetadataAndNothingIsLost() throws Exception {
        flyway("40").migrate();
        String longNote = "n".repeat(300);
        try (Statement s = connection.createStatement()) {
            s.execute("SET search_path TO " + schema);
            insert(s, "whole", "'{\"team\":\"ml\",\"user\":\"alice\"}'");
            tag(s, "whole", "team", "ml");
            tag(s, "whole", "user", "alice");
            // text metadata over 4,000 characters was cut: not JSON any more, but its tag rows are whole
            insert(s, "cut", "'{\"team\":\"ml\",\"note\":\"nnnn'");
            tag(s, "cut", "team", "ml");
            tag(s, "cut", "note", longNote.substring(0, 256));
            insert(s, "untagged", "NULL");
        }

        flyway("latest").migrate();

        assertThat(metadata("whole")).isEqualTo(Map.of("team", "ml", "user", "alice"));
        assertThat(metadata("cut")).isEqualTo(Map.of("team", "ml", "note", longNote.substring(0, 256)));
        assertThat(metadata("untagged")).isNull();
        try (Statement s = connection.createStatement()) {
            s.execute("SET search_path TO " + schema);
            var rs = s.executeQuery("SELECT count(*) FROM request_log WHERE metadata @> '{\"team\":\"ml\"}'");
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
            rs = s.executeQuery("SELECT to_regclass('request_log_tag') IS NULL, "
                    + "to_regclass('ix_request_log_metadata') IS NOT NULL");
            rs.next();
            assertThat(rs.getBoolean(1)).as("request_log_tag dropped").isTrue();
            assertThat(rs.getBoolean(2)).as("GIN index created").isTrue();
        }
    }

    private static void insert(Statement s, String id, String metadata) throws SQLException {
        s.execute("INSERT INTO request_log (id, request_id, created_at, created_hour, status, streamed, cache_hit, "
                + "attempt_count, latency_ms, prompt_tokens, completion_tokens, cached_tokens, usage_estimated, "
                + "metadata) VALUES ('" + id + "', 'req-" + id + "', now(), 1, 200, false, false, 1, 1.0, 1, 1, 0, "
                + "false, " + metadata + ")");
    }

    private static void tag(Statement s, String id, String key, String value) throws SQLException {
        s.execute("INSERT INTO request_log_tag (log_id, tag_key, tag_value, created_at) VALUES ('" + id + "', '"
                + key + "', '" + value + "', now())");
    }

    private Map<String, String> metadata(String id) throws Exception {
        try (Statement s = connection.createStatement()) {
            var rs = s.executeQuery("SELECT metadata::text FROM " + schema + ".request_log WHERE id = '" + id + "'");
            rs.next();
            String text = rs.getString(1);
            return text == null ? null : json.readValue(text, MAP);
        }
    }
}
