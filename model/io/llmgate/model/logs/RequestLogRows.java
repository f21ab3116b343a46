package io.llmgate.model.logs;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The request log's tables: their columns, and how a {@link LogEntry} fills each row, in the same order. Text is cut
 * to its column's width here, so no value can fail a batch.
 */
final class RequestLogRows {

    // a factory is thread-safe once built; the writer calls json() for every request with tags
    private static final JsonFactory JSON = new JsonFactory();

    record Table(String name, String columns) {
        String insert() {
            int n = columns.split(",").length;
            return "INSERT INTO " + name + " (" + columns + ") VALUES (" + "?,".repeat(n - 1) + "?)";
        }
    }

    static final Table LOG = new Table("request_log", "id, request_id, trace_id, created_at, "
            + "created_hour, endpoint, api_key_id, api_key_name, workspace_id, organization_id, virtual_key, "
            + "config_id, provider, model, status, error_type, error_code, error_message, streamed, cache_hit, "
            + "attempt_count, latency_ms, ttft_ms, upstream_ms, prompt_tokens, completion_tokens, cached_tokens, "
            + "usage_estimated, cost, metadata");
    static final Table ATTEMPT = new Table("request_log_attempt", "log_id, attempt_index, request_id, "
            + "created_at, option_path, provider, model, status, outcome, error_type, error_message, latency_ms");
    static final Table TAG = new Table("request_log_tag", "log_id, tag_key, tag_value, created_at");
    static final Table BODY = new Table("request_log_body", "log_id, request_body, response_body");

    /** An entry's rows in one table (none, one or several). */
    @FunctionalInterface
    interface EntryRows {
        void write(LogEntry e, RowSink row) throws SQLException;
    }

    record TableRows(Table table, EntryRows rows) {
    }

    private RequestLogRows() {
    }

    /**
     * The tables a batch writes, in order (attempts after their log row), and each entry's rows in them.
     *
     * @param tagRows a row per tag in request_log_tag and metadata as text (else metadata is jsonb and holds them)
     */
    static List<TableRows> tables(boolean tagRows, LogBodies bodies) {
        List<TableRows> tables = new ArrayList<>(4);
        tables.add(new TableRows(LOG, (e, row) -> log(e, !tagRows, row)));
        tables.add(new TableRows(ATTEMPT, (e, row) -> {
            for (LogEntry.AttemptEntry a : e.attempts()) {
                attempt(e, a, row);
            }
        }));
        if (tagRows) {
            tables.add(new TableRows(TAG, (e, row) -> {
                for (Map.Entry<String, String> tag : e.metadata().entrySet()) {
                    tag(e, tag, row);
                }
            }));
        }
        if (bodies.enabled()) {
            tables.add(new TableRows(BODY, (e, row) -> {
                String request = bodies.render(e.requestBody());
                String response = bodies.render(e.responseBody());
                if (request != null || response != null) {
                    body(e, request, response, row);
                }
            }));
        }
        return List.copyOf(tables);
    }

    /**
     * The metadata column's value as a string: null without tags; JSON text cut to the column's 4,000 characters
     * next to tag rows; complete for jsonb, where it is the only copy of the tags.
     */
    static String metadataText(Map<String, String> tags, boolean jsonb) {
        if (tags.isEmpty()) {
            return null;
        }
        String json = json(tags);
        return jsonb ? json : cut(json, 4000);
    }

    /** @param jsonb the metadata column is jsonb (PostgreSQL), not text */
    static void log(LogEntry e, boolean jsonb, RowSink row) throws SQLException {
        row.text(e.id());
        row.text(cut(e.requestId(), 128));
        row.text(e.traceId());
        row.timestamptz(e.createdAt());
        row.int8(e.createdHour());
        row.text(e.endpoint());
        row.text(cut(e.apiKeyId(), 64));
        row.text(cut(e.apiKeyName(), 128));
        row.text(cut(e.workspaceId(), 64));
        row.text(cut(e.organizationId(), 64));
        row.text(cut(e.virtualKey(), 128));
        row.text(cut(e.configId(), 128));
        row.text(cut(e.provider(), 64));
        row.text(cut(e.model(), 128));
        row.int4(e.status());
        row.text(cut(e.errorType(), 64));
        row.text(cut(e.errorCode(), 64));
        row.text(cut(e.errorMessage(), 1000));
        row.bool(e.streamed());
        row.bool(e.cacheHit());
        row.int4(e.attemptCount());
        row.float8(e.latencyMs());
        row.float8(e.ttftMs());
        row.float8(e.upstreamMs());
        row.int8(e.promptTokens());
        row.int8(e.completionTokens());
        row.int8(e.cachedTokens());
        row.bool(e.usageEstimated());
        row.numeric(e.cost());
        row.json(e.metadata(), jsonb);
        row.endRow();
    }

    static void attempt(LogEntry e, LogEntry.AttemptEntry a, RowSink row) throws SQLException {
        row.text(e.id());
        row.int4(a.index());
        row.text(cut(e.requestId(), 128));
        row.timestamptz(e.createdAt());
        row.text(cut(a.optionPath(), 128));
        row.text(cut(a.provider(), 64));
        row.text(cut(a.model(), 128));
        row.int4(a.status());
        row.text(a.outcome());
        row.text(cut(a.errorType(), 64));
        row.text(cut(a.errorMessage(), 1000));
        row.float8(a.latencyMs());
        row.endRow();
    }

    static void tag(LogEntry e, Map.Entry<String, String> tag, RowSink row) throws SQLException {
        row.text(e.id());
        row.text(cut(tag.getKey(), 64));
        row.text(cut(tag.getValue(), 256));
        row.timestamptz(e.createdAt());
        row.endRow();
    }

    static void body(LogEntry e, String request, String response, RowSink row) throws SQLException {
        row.text(e.id());
        row.text(request);
        row.text(response);
        row.endRow();
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /**
     * The metadata as a JSON object of strings (a null value as empty). NUL becomes U+FFFD: PostgreSQL's jsonb
     * refuses it, and one refused value would fail the whole batch's COPY.
     */
    static String json(Map<String, String> metadata) {
        StringWriter out = new StringWriter(16 + metadata.size() * 32);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, String> tag : metadata.entrySet()) {
                g.writeFieldName(jsonbSafe(tag.getKey()));
                g.writeString(jsonbSafe(tag.getValue()));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return out.toString();
    }

    private static String jsonbSafe(String s) {
        return s == null ? "" : s.replace('\0', '\uFFFD');
    }
}
