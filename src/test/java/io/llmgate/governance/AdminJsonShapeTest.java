package io.llmgate.governance;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.MethodParameter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.llmgate.support.GovernanceTestSupport;

/**
 * One JSON shape for the whole admin API, checked on every endpoint Spring has mapped: every list is
 * {@code {"object":"list","data":[...],"has_more":...}}, every name is snake_case, every write refuses a field it
 * does not know (400 naming it, nothing stored), and the OpenAPI description lists every endpoint.
 */
class AdminJsonShapeTest extends GovernanceTestSupport {

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");
    private static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    /** GET endpoints whose path names a collection but that answer one object (or a file). */
    private static final Set<String> NOT_LISTS = Set.of("/admin/api/me", "/admin/api/budgets/{id}/usage",
            "/admin/api/logs/export");
    /** Fields whose keys are the user's own (tags, provider settings, a routing config as written). */
    private static final Set<String> FREE_FORM = Set.of("metadata", "settings", "config", "errors_by_type");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Autowired
    JdbcTemplate jdbc;

    record Endpoint(String method, String pattern, HandlerMethod handler) {
    }

    List<Endpoint> endpoints() {
        List<Endpoint> all = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> m : mappings.getHandlerMethods().entrySet()) {
            for (String pattern : m.getKey().getPatternValues()) {
                if (pattern.startsWith("/admin/api/") && !pattern.contains("**")
                        && !pattern.startsWith("/admin/api/openapi")) {
                    for (RequestMethod method : m.getKey().getMethodsCondition().getMethods()) {
                        all.add(new Endpoint(method.name(), pattern, m.getValue()));
                    }
                }
            }
        }
        assertThat(all).hasSizeGreaterThan(40);
        return all;
    }

    /** A workspace with one object of each kind, a logged request in it, and the ids by collection name. */
    Map<String, String> objects() {
        long n = System.nanoTime();
        Map<String, String> ids = new HashMap<>();
        String ws = newWorkspace("shape");
        ids.put("workspaces", ws);
        ids.put("workspaceId", ws);
        JsonNode key = ok(admin("POST", "/admin/api/workspaces/" + ws + "/api-keys", Map.of("name", "shape key")));
        ids.put("api-keys", key.path("id").asText());
        ids.put("api-key-token", key.path("key").asText());
        String vk = newVirtualKey(ws, "sk-shape");
        ids.put("virtual-keys", vk);
        ids.put("budgets", ok(admin("POST", "/admin/api/workspaces/" + ws + "/budgets", Map.of("name", "shape",
                "scope_type", "workspace", "period", "month", "limit_usd", 100))).path("id").asText());
        ids.put("rate-limits", ok(admin("POST", "/admin/api/workspaces/" + ws + "/rate-limits", Map.of("name", "shape",
                "scope_type", "workspace", "metric", "requests", "window", "minute", "limit", 1000))).path("id")
                .asText());
        String config = "shape-cfg-" + n;
        ok(admin("POST", "/admin/api/configs", Map.of("id", config, "workspace_id", ws, "config", Map.of(
                "virtual_key", vk, "circuit_breaker", Map.of("minimum_calls", 5)))));
        ids.put("configs", config);
        String user = ok(admin("POST", "/admin/api/users", Map.of("username", "shape-" + n,
                "password", "a-long-enough-password"))).path("id").asText();
        ok(admin("PUT", "/admin/api/workspaces/" + ws + "/members/" + user, Map.of("role", "admin")));
        ids.put("users", user);
        ids.put("userId", user);
        ids.put("admin-keys", ok(admin("POST", "/admin/api/admin-keys", Map.of("name", "shape", "user_id", user)))
                .path("id").asText());
        UPSTREAM.then(json(200, completion(10, 5)));
        String requestId = "shape-req-" + n;
        assertThat(gateway.post("/v1/chat/completions", chat("test-model", 20), "Authorization", "Bearer "
                + ids.get("api-key-token"), "x-gateway-config", "{\"virtual_key\":\"" + vk + "\",\"circuit_breaker\":"
                + "{\"minimum_calls\":5}}", "x-request-id", requestId, "x-gateway-metadata", "{\"team\":\"a\"}")
                .status()).isEqualTo(200);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (jdbc.queryForList("SELECT id FROM request_log WHERE request_id = ?", String.class, requestId)
                .isEmpty()) {
            assertThat(System.nanoTime()).as("request logged").isLessThan(deadline);
            Thread.onSpinWait();
        }
        ids.put("logs", jdbc.queryForObject("SELECT id FROM request_log WHERE request_id = ?", String.class,
                requestId));
        return ids;
    }

    static String expand(String pattern, Map<String, String> ids) {
        Matcher m = VARIABLE.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String before = pattern.substring(0, m.start());
            String kind = m.group(1).equals("id")
                    ? before.substring(before.lastIndexOf('/', before.length() - 2) + 1, before.length() - 1)
                    : m.group(1);
            String value = ids.get(kind);
            if (value == null) {
                fail("no object for {" + m.group(1) + "} of " + pattern + ": add one to AdminJsonShapeTest");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        }
        m.appendTail(out);
        return out.toString();
    }

    @Test
    void everyListIsTheEnvelopeAndEveryNameIsSnakeCase() {
        Map<String, String> ids = objects();
        List<String> problems = new ArrayList<>();
        int lists = 0;
        for (Endpoint e : endpoints()) {
            if (!e.method().equals("GET") || e.pattern().equals("/admin/api/logs/export")) {
                continue;
            }
            String path = expand(e.pattern(), ids);
            Response r = admin("GET", path, null);
            if (r.status() != 200) {
                problems.add(path + " -> " + r);
                continue;
            }
            JsonNode body = r.json();
            String last = e.pattern().substring(e.pattern().lastIndexOf('/') + 1);
            if (!last.startsWith("{") && !NOT_LISTS.contains(e.pattern())) {
                lists++;
                if (!body.path("object").asText().equals("list") || !body.path("data").isArray()
                        || !body.path("has_more").isBoolean()) {
                    problems.add(path + " is not {object:list, data:[...], has_more}: " + abbreviate(r.body()));
                } else if (body.path("data").isEmpty()) {
                    problems.add(path + " has no rows to check");
                }
                if (body.has("page") != body.has("size")) {
                    problems.add(path + " has one of page and size");
                }
            } else if (!body.isObject()) {
                problems.add(path + " is no JSON object");
            }
            snakeCase(body, path, problems);
        }
        // paged lists say so, and count when asked
        JsonNode logs = ok(admin("GET", "/admin/api/logs?size=1&count=true&workspace_id=" + ids.get("workspaces"),
                null));
        assertThat(logs.path("page").asInt(-1)).isZero();
        assertThat(logs.path("size").asInt()).isEqualTo(1);
        assertThat(logs.path("total").asLong()).isEqualTo(1);
        assertThat(logs.path("has_more").asBoolean()).isFalse();
        assertThat(ok(admin("GET", "/admin/api/logs?size=1", null)).has("total")).isFalse();
        JsonNode audit = ok(admin("GET", "/admin/api/audit?size=1&workspace_id=" + ids.get("workspaces"), null));
        assertThat(audit.path("has_more").asBoolean()).isTrue();
        assertThat(audit.path("total").asLong()).isGreaterThan(1);
        assertThat(problems).isEmpty();
        assertThat(lists).isGreaterThanOrEqualTo(15);
    }

    @Test
    void createdKeysAreFlatAndTheReadmeFirstKeysStillWork() {
        // README "First keys": .data[0].id on workspaces, .id on a created virtual key, .key on a created API key
        String ws = ok(admin("GET", "/admin/api/workspaces", null)).at("/data/0/id").asText();
        assertThat(ws).isNotBlank();
        String vk = ok(admin("POST", "/admin/api/workspaces/" + ws + "/virtual-keys", Map.of("name", "openai",
                "provider", "openai", "secret", "sk-readme", "base_url", UPSTREAM.baseUrl() + "/v1"))).path("id")
                .asText();
        assertThat(vk).startsWith("vk");
        JsonNode created = ok(admin("POST", "/admin/api/workspaces/" + ws + "/api-keys", Map.of("name", "my app")));
        assertThat(created.path("key").asText()).startsWith("lg");
        assertThat(created.path("id").asText()).isNotBlank();
        assertThat(created.path("name").asText()).isEqualTo("my app");
        assertThat(created.path("workspace_id").asText()).isEqualTo(ws);
        assertThat(created.has("api_key")).as("no nested object").isFalse();
        JsonNode rotated = ok(admin("POST", "/admin/api/api-keys/" + created.path("id").asText() + "/rotate", null));
        assertThat(rotated.path("id").asText()).isEqualTo(created.path("id").asText());
        assertThat(rotated.path("key").asText()).isNotEqualTo(created.path("key").asText());
        JsonNode adminKey = ok(admin("POST", "/admin/api/admin-keys", Map.of("name", "flat")));
        assertThat(adminKey.path("id").asText()).isNotBlank();
        assertThat(adminKey.path("key").asText()).startsWith("lga-");
        assertThat(adminKey.has("admin_key")).isFalse();
        UPSTREAM.then(json(200, completion(1, 1)));
        assertThat(gateway.post("/v1/chat/completions", chat("test-model", 5), bearer(created.path("key").asText(),
                vk)).status()).as("the old key was rotated away").isEqualTo(401);
        UPSTREAM.then(json(200, completion(1, 1)));
        assertThat(gateway.post("/v1/chat/completions", chat("test-model", 5), bearer(rotated.path("key").asText(),
                vk)).status()).isEqualTo(200);
    }

    /** A valid body for each write endpoint that takes one; a new one without an entry fails the test. */
    Map<String, Object> validBody(String method, String pattern, long n) {
        return switch (method + " " + pattern) {
            case "POST /admin/api/workspaces" -> Map.of("name", "bogus-" + n);
            case "PATCH /admin/api/workspaces/{id}" -> Map.of("description", "x");
            case "PUT /admin/api/workspaces/{id}/members/{userId}" -> Map.of("role", "viewer");
            case "POST /admin/api/users" -> Map.of("username", "bogus-" + n, "password", "a-long-enough-password");
            case "PATCH /admin/api/users/{id}" -> Map.of("display_name", "x");
            case "POST /admin/api/admin-keys" -> Map.of("name", "bogus");
            case "POST /admin/api/workspaces/{workspaceId}/api-keys", "PATCH /admin/api/api-keys/{id}"
                    -> Map.of("name", "bogus");
            case "POST /admin/api/workspaces/{workspaceId}/virtual-keys" -> Map.of("name", "bogus", "provider",
                    "openai", "secret", "sk-bogus");
            case "PATCH /admin/api/virtual-keys/{id}" -> Map.of("name", "bogus");
            case "POST /admin/api/virtual-keys/{id}/rotate" -> Map.of("secret", "sk-bogus");
            case "POST /admin/api/workspaces/{workspaceId}/budgets" -> Map.of("name", "bogus", "scope_type",
                    "workspace", "period", "month", "limit_usd", 5);
            case "PATCH /admin/api/budgets/{id}" -> Map.of("name", "bogus");
            case "POST /admin/api/workspaces/{workspaceId}/rate-limits" -> Map.of("name", "bogus", "scope_type",
                    "workspace", "metric", "requests", "window", "minute", "limit", 5);
            case "PATCH /admin/api/rate-limits/{id}" -> Map.of("name", "bogus");
            case "POST /admin/api/configs" -> Map.of("id", "bogus-" + n, "config", Map.of("provider", "openai"));
            case "PUT /admin/api/configs/{id}" -> Map.of("config", Map.of("provider", "anthropic"));
            case "POST /admin/api/configs/{id}/rollback" -> Map.of("version", 1);
            case "PUT /admin/api/pricing" -> Map.of("provider", "openai", "model", "bogus-" + n, "input", 1,
                    "output", 2);
            default -> null;
        };
    }

    @Test
    void everyWriteRefusesAnUnknownFieldAndStoresNothing() {
        Map<String, String> ids = objects();
        long n = System.nanoTime();
        List<String> problems = new ArrayList<>();
        Set<String> checked = new TreeSet<>();
        String pricesBefore = admin("GET", "/admin/api/pricing", null).body();
        auditService.flush();
        long changesBefore = changes();
        for (Endpoint e : endpoints()) {
            boolean hasBody = false;
            for (MethodParameter p : e.handler().getMethodParameters()) {
                hasBody |= p.hasParameterAnnotation(RequestBody.class);
            }
            if (!hasBody || e.pattern().equals("/admin/api/configs/validate")) {
                continue; // validate's body is a routing config, whose keys the validator itself checks
            }
            Map<String, Object> valid = validBody(e.method(), e.pattern(), n);
            if (valid == null) {
                problems.add(e.method() + " " + e.pattern() + " takes a body: add a valid one to validBody");
                continue;
            }
            Map<String, Object> body = new LinkedHashMap<>(valid);
            body.put("bogus_field", "x");
            String path = expand(e.pattern(), ids);
            Response r = admin(e.method(), path, body);
            checked.add(e.method() + " " + e.pattern());
            if (r.status() != 400 || !r.json().at("/error/param").asText().equals("bogus_field")
                    || !r.json().at("/error/message").asText().contains("bogus_field")
                    || !r.json().at("/error/type").asText().equals("invalid_request_error")) {
                problems.add(e.method() + " " + path + " with an unknown field -> " + r);
            }
        }
        // the camelCase spelling of the routing config API is an unknown field too, not an organisation-wide config
        Response camel = admin("POST", "/admin/api/configs", Map.of("id", "camel-" + n, "workspaceId",
                ids.get("workspaces"), "config", Map.of("provider", "openai")));
        assertThat(camel.status()).as(camel.toString()).isEqualTo(400);
        assertThat(camel.json().at("/error/param").asText()).isEqualTo("workspaceId");
        assertThat(admin("GET", "/admin/api/configs/camel-" + n, null).status()).isEqualTo(404);

        assertThat(problems).isEmpty();
        assertThat(checked).hasSizeGreaterThanOrEqualTo(19);
        auditService.flush();
        assertThat(changes()).as("changes recorded in the audit trail").isEqualTo(changesBefore);
        assertThat(admin("GET", "/admin/api/pricing", null).body()).isEqualTo(pricesBefore);
    }

    private long changes() {
        return jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE outcome = 'SUCCESS'", Long.class);
    }

    @Test
    void theOpenApiDescriptionListsEveryEndpointInSnakeCase() {
        JsonNode doc = admin(null, "GET", "/admin/api/openapi", null).json();
        List<String> missing = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            if (doc.path("paths").path(e.pattern()).path(e.method().toLowerCase()).isMissingNode()) {
                missing.add(e.method() + " " + e.pattern());
            }
        }
        assertThat(missing).isEmpty();
        JsonNode schemas = doc.at("/components/schemas");
        assertThat(schemas.at("/ConfigView/properties").has("workspace_id")).isTrue();
        assertThat(schemas.at("/BreakerView/properties").has("failure_rate")).isTrue();
        assertThat(schemas.at("/CreatedApiKey/properties").has("key")).isTrue();
        assertThat(schemas.at("/CreatedApiKey/properties").has("api_key")).isFalse();
        List<String> camel = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = schemas.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            s.getValue().path("properties").fieldNames().forEachRemaining(f -> {
                if (!SNAKE.matcher(f).matches()) {
                    camel.add(s.getKey() + "." + f);
                }
            });
        }
        assertThat(camel).isEmpty();
        assertThat(doc.at("/paths/~1admin~1api~1logs/get/parameters").findValuesAsText("name"))
                .contains("workspace_id");
    }

    static void snakeCase(JsonNode node, String where, List<String> problems) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if (!SNAKE.matcher(f.getKey()).matches()) {
                    problems.add(where + ": '" + f.getKey() + "' is not snake_case");
                }
                if (!FREE_FORM.contains(f.getKey())) {
                    snakeCase(f.getValue(), where + "." + f.getKey(), problems);
                }
            });
        } else if (node.isArray()) {
            node.forEach(v -> snakeCase(v, where + "[]", problems));
        }
    }

    private static String abbreviate(String s) {
        return s == null || s.length() < 300 ? s : s.substring(0, 300) + "...";
    }
}
