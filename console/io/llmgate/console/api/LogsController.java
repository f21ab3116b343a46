package io.llmgate.console.api;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.llmgate.model.governance.GovernanceException;
import io.llmgate.model.governance.WorkspaceScope;
import io.llmgate.model.logs.LogFilter;
import io.llmgate.model.logs.LogProperties;
import io.llmgate.model.logs.LogQueryService;

/**
 * Request log search, one request in detail, and export as CSV or JSON lines. Each reads only the request's
 * resolved {@link WorkspaceScope}: {@code workspace_id} (alias {@code workspace}), every workspace for
 * organisation admins naming none.
 */
@RestController
@RequestMapping("/admin/api/logs")
public class LogsController {

    /** CSV columns, in order; the names of the JSON fields as well. */
    static final List<String> CSV_COLUMNS = List.of("id", "request_id", "trace_id", "created_at", "endpoint",
            "api_key_id", "api_key_name", "workspace_id", "organization_id", "virtual_key", "config_id", "provider",
            "model", "status", "error_type", "error_code", "error_message", "streamed", "cache_hit", "attempt_count",
            "latency_ms", "ttft_ms", "upstream_ms", "prompt_tokens", "completion_tokens", "cached_tokens",
            "usage_estimated", "cost", "metadata");

    private final LogQueryService logs;
    private final ObjectMapper json;
    private final int exportMax;
    private final Clock clock;

    public LogsController(LogQueryService logs, ObjectMapper json, LogProperties properties,
                          ObjectProvider<Clock> clock) {
        this.logs = logs;
        this.json = json;
        this.exportMax = properties.getExportMaxRows();
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** Newest first; {@code page} from 0, {@code size} up to 1000; {@code count=true} adds the total. */
    @GetMapping
    public ApiList<Map<String, Object>> search(WorkspaceScope scope,
                                               @RequestParam MultiValueMap<String, String> params) {
        LogFilter filter = LogParams.filter(params, null, null);
        int page = LogParams.integer(params.getFirst("page"), "page", 0, 0, 1_000_000);
        int size = LogParams.integer(params.getFirst("size"), "size", 50, 1, 1000);
        LogQueryService.Page result = logs.search(scope, filter, page, size);
        Long total = "true".equalsIgnoreCase(params.getFirst("count")) ? logs.count(scope, filter) : null;
        return ApiList.page(result.items(), result.page(), result.size(), result.hasMore(), total);
    }

    /** One request with its attempts (and bodies, when they were stored). */
    @GetMapping("/{id}")
    public Map<String, Object> get(WorkspaceScope scope, @PathVariable String id) {
        Map<String, Object> row = logs.find(scope, id);
        if (row == null) {
            throw GovernanceException.notFound("log", id); // also outside the scope: no hint that it exists
        }
        row.put("attempts", logs.attempts(scope, id));
        Map<String, Object> bodies = logs.bodies(scope, id);
        row.put("request_body", bodies.get("request_body"));
        row.put("response_body", bodies.get("response_body"));
        return row;
    }

    /** Streams the matching rows, newest first: {@code format=csv} (default) or {@code jsonl}; {@code limit}. */
    @GetMapping("/export")
    public ResponseEntity<StreamingResponseBody> export(WorkspaceScope scope,
                                                        @RequestParam MultiValueMap<String, String> params) {
        String format = params.getFirst("format") == null ? "csv" : params.getFirst("format").trim().toLowerCase();
        if (!format.equals("csv") && !format.equals("jsonl")) {
            throw GovernanceException.invalid("format", "'format' must be csv or jsonl");
        }
        LogFilter filter = LogParams.filter(params, null, null);
        int limit = LogParams.integer(params.getFirst("limit"), "limit", exportMax, 1, exportMax);
        boolean csv = format.equals("csv");
        String file = "llmgate-logs-" + Instant.now(clock).getEpochSecond() + "." + format;
        StreamingResponseBody body = out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            if (csv) {
                w.write(String.join(",", CSV_COLUMNS));
                w.write("\n");
            }
            logs.export(scope, filter, limit, row -> {
                try {
                    if (csv) {
                        writeCsv(w, row);
                    } else {
                        w.write(json.writeValueAsString(row));
                        w.write("\n");
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            w.flush();
        };
        return ResponseEntity.ok()
                .contentType(csv ? new MediaType("text", "csv", StandardCharsets.UTF_8)
                        : new MediaType("application", "jsonl", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"")
                .body(body);
    }

    private void writeCsv(Writer w, Map<String, Object> row) throws IOException {
        for (int i = 0; i < CSV_COLUMNS.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            Object v = row.get(CSV_COLUMNS.get(i));
            if (v instanceof Map<?, ?> m) {
                v = m.isEmpty() ? null : json.writeValueAsString(m);
            }
            w.write(csvCell(v));
        }
        w.write('\n');
    }

    static String csvCell(Object value) {
        if (value == null) {
            return "";
        }
        String s = value instanceof Number || value instanceof Boolean ? String.valueOf(value)
                : String.valueOf(value);
        if (!(value instanceof Number) && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s; // a spreadsheet must not run a cell as a formula
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
