package io.llmgate.governance;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.llmgate.model.governance.Actor;
import io.llmgate.model.governance.AdminKeyService;
import io.llmgate.model.governance.ApiKeyService;
import io.llmgate.model.governance.Role;
import io.llmgate.model.routing.GovernedRoutingConfigs;
import io.llmgate.support.GovernanceTestSupport;

/**
 * Workspace isolation of the whole admin API: every endpoint (read from Spring's handler mappings, so a new one is
 * walked too), called by a user of every role in workspace A and by a user of no workspace, with workspace B named
 * in every spelling a request can carry it (path, {@code workspace_id}, {@code workspace}, {@code workspaceId},
 * two that disagree, body fields). No answer may hold B's data and nothing of B may change.
 */
class AdminScopeTest extends GovernanceTestSupport {

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ApiKeyService apiKeys;
    @Autowired
    AdminKeyService adminKeys;
    @Autowired
    GovernedRoutingConfigs configs;

    /** One workspace's objects, one of each kind a path can name. */
    record Objects(String workspace, Map<String, String> byKind, String requestId, String apiKey, String vk) {
        String id(String kind) {
            return byKind.get(kind);
        }
    }

    @Test
    void noUserOfAnotherWorkspaceSeesOrChangesAnythingOfB() {
        long n = System.nanoTime();
        Objects a = objects("scope-a", "openai", n);
        Objects b = objects("scope-b", "openai-compatible", n);
        traffic(a, "alpha-req-" + n);
        traffic(b, b.requestId());
        awaitLogs(a.workspace(), b.workspace());
        String bLog = jdbc.queryForObject("SELECT id FROM request_log WHERE request_id = ?", String.class,
                b.requestId());
        b.byKind().put("logs", bLog);
        a.byKind().put("logs", jdbc.queryForObject("SELECT id FROM request_log WHERE workspace_id = ? FETCH FIRST 1 "
                + "ROWS ONLY", String.class, a.workspace()));

        // what of B shows that B's data leaked: ids, names, its request and provider
        Set<String> markers = new java.util.HashSet<>(b.byKind().values());
        markers.add(b.requestId());
        markers.add("openai-compatible");
        markers.add(b.id("username"));

        // the markers are visible to one who may see B: the check below can find a leak
        assertThat(ok(admin("GET", "/admin/api/logs?workspace_id=" + b.workspace(), null)).toString())
                .contains(b.requestId());
        assertThat(admin("GET", "/admin/api/circuit-breakers", null).body()).contains("vk:" + b.vk());

        Map<String, String> before = snapshot(b);
        Map<String, String> actors = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            actors.put(role.name().toLowerCase(), userKey(role.name().toLowerCase() + "-" + n, a.workspace(),
                    role.name().toLowerCase()));
        }
        actors.put("no workspace", userKey("outsider-" + n, null, null));

        List<String> leaks = new ArrayList<>();
        int calls = 0;
        for (Map.Entry<RequestMappingInfo, HandlerMethod> m : mappings.getHandlerMethods().entrySet()) {
            for (String pattern : m.getKey().getPatternValues()) {
                if (!pattern.startsWith("/admin/api/") || pattern.contains("**") || pattern.startsWith(
                        "/admin/api/openapi")) {
                    continue;
                }
                for (RequestMethod method : m.getKey().getMethodsCondition().getMethods()) {
                    for (Map.Entry<String, String> actor : actors.entrySet()) {
                        for (Call call : calls(method.name(), pattern, a, b)) {
                            Response r = admin(actor.getValue(), call.method(), call.path(), call.body());
                            calls++;
                            String what = actor.getKey() + ": " + call.method() + " " + call.path()
                                    + (call.body() == null ? "" : " " + call.body()) + " -> " + r.status();
                            if (r.status() >= 200 && r.status() < 300) {
                                for (String marker : markers) {
                                    if (r.body() != null && r.body().contains(marker)) {
                                        leaks.add(what + " shows B's " + marker);
                                    }
                                }
                            } else if (!Set.of(400, 403, 404).contains(r.status())) {
                                leaks.add(what + " (expected 2xx without B's data, or 400/403/404) " + r.body());
                            }
                        }
                    }
                }
            }
        }
        assertThat(leaks).as("answers to users of workspace A that hold or touch B").isEmpty();
        assertThat(calls).isGreaterThan(500);
        assertThat(snapshot(b)).as("B after the walk").isEqualTo(before);
    }

    @Test
    void workspaceSpellingsThatDisagreeAre400AndMissingOrForeignWorkspacesAre403() {
        long n = System.nanoTime();
        String wsA = newWorkspace("spell-a");
        String wsB = newWorkspace("spell-b");
        String member = userKey("spell-member-" + n, wsA, "member");
        Response both = admin(member, "GET", "/admin/api/logs?workspace_id=" + wsA + "&workspace=" + wsB, null);
        assertThat(both.status()).as(both.toString()).isEqualTo(400);
        assertThat(both.json().at("/error/message").asText()).contains("workspace_id").contains("workspace")
                .contains(wsA).contains(wsB);
        assertThat(both.json().at("/error/param").asText()).isEqualTo("workspace_id");
        assertThat(admin("GET", "/admin/api/usage?workspace=" + wsA + "&workspace_id=" + wsB, null).status())
                .as("organisation admins too").isEqualTo(400);
        assertThat(admin(member, "GET", "/admin/api/configs?workspaceId=" + wsA, null).status()).isEqualTo(400);
        for (String path : List.of("/admin/api/logs", "/admin/api/logs/export", "/admin/api/usage?group_by=workspace",
                "/admin/api/stats/providers", "/admin/api/circuit-breakers")) {
            String sep = path.contains("?") ? "&" : "?";
            assertThat(admin(member, "GET", path, null).status()).as("no workspace: " + path).isEqualTo(403);
            assertThat(admin(member, "GET", path + sep + "workspace_id=" + wsB, null).status())
                    .as("not a member: " + path).isEqualTo(403);
            assertThat(admin(member, "GET", path + sep + "workspace_id=no-such-" + n, null).status())
                    .as("unknown workspaces look like foreign ones: " + path).isEqualTo(403);
            assertThat(admin(member, "GET", path + sep + "workspace=" + wsA, null).status())
                    .as("the alias is the same scope: " + path).isEqualTo(200);
        }
    }

    record Call(String method, String path, Object body) {
    }

    /** The ways a request can name B on this endpoint: B in the path, and B in parameters and body fields. */
    List<Call> calls(String method, String pattern, Objects a, Objects b) {
        List<Call> calls = new ArrayList<>();
        String pathB = expand(pattern, b);
        String wsA = a.workspace();
        String wsB = b.workspace();
        List<String> queries = List.of("", "workspace_id=" + wsB, "workspace=" + wsB, "workspaceId=" + wsB,
                "workspace_id=" + wsA + "&workspace=" + wsB, "workspace=" + wsA + "&workspace_id=" + wsB,
                "workspace_id=" + wsA + "&workspace_id=" + wsB, "group_by=workspace&workspace_id=" + wsA
                        + "&workspace=" + wsB);
        boolean write = !method.equals("GET");
        Map<String, Object> body = write && !method.equals("DELETE") ? Map.of("name", "scope-walk", "workspace_id",
                wsB, "workspace", wsB, "workspaceId", wsB) : null;
        for (String q : queries) {
            calls.add(new Call(method, pathB + (q.isEmpty() ? "" : "?" + q), body));
            if (!write && !pathB.equals(pattern)) {
                // A's own object in the path, B in the parameters
                calls.add(new Call(method, expand(pattern, a) + (q.isEmpty() ? "" : "?" + q), null));
            }
        }
        if (body != null) {
            calls.add(new Call(method, pathB, Map.of("workspace_id", wsB, "name", "scope-walk")));
            calls.add(new Call(method, pathB + "?workspace_id=" + wsA, Map.of("workspace_id", wsB, "id",
                    "scope-walk-" + System.nanoTime(), "config", Map.of("provider", "openai"))));
        }
        return calls;
    }

    /** The pattern with this workspace's objects for its variables; a new kind of path variable fails here. */
    static String expand(String pattern, Objects o) {
        Matcher m = VARIABLE.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String before = pattern.substring(0, m.start());
            String kind = switch (m.group(1)) {
                case "workspaceId" -> "workspace";
                case "userId" -> "user";
                // the collection the id is in: /admin/api/budgets/{id} -> budgets
                case "id" -> before.substring(before.lastIndexOf('/', before.length() - 2) + 1, before.length() - 1);
                default -> null;
            };
            String value = kind == null ? null : o.id(kind);
            if (value == null) {
                fail("no object for path variable {" + m.group(1) + "} (kind " + kind + ") of " + pattern
                        + ": add one to AdminScopeTest.objects so the endpoint is walked");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A workspace with one object of every kind, made by the organisation admin. */
    Objects objects(String name, String provider, long n) {
        String ws = newWorkspace(name);
        Map<String, String> ids = new TreeMap<>();
        ids.put("workspace", ws);
        ids.put("workspaces", ws);
        String apiKey = newApiKey(ws);
        String keyId = apiKeys.list(Actor.system("test"), ws).get(0).id();
        ids.put("api-keys", keyId);
        String vk = ok(admin("POST", "/admin/api/workspaces/" + ws + "/virtual-keys", Map.of("name", name + "-vk-" + n,
                "provider", provider, "secret", "sk-" + name, "base_url", UPSTREAM.baseUrl() + "/v1"))).path("id")
                .asText();
        ids.put("virtual-keys", vk);
        ids.put("budgets", ok(admin("POST", "/admin/api/workspaces/" + ws + "/budgets", Map.of("name", name + "-budget",
                "scope_type", "workspace", "period", "month", "limit_usd", 100))).path("id").asText());
        ids.put("rate-limits", ok(admin("POST", "/admin/api/workspaces/" + ws + "/rate-limits", Map.of("name",
                name + "-limit", "scope_type", "workspace", "metric", "requests", "window", "minute", "limit",
                1000))).path("id").asText());
        String config = name + "-cfg-" + n;
        configs.create(Actor.system("test"), ws, config, name + " config", "{\"virtual_key\":\"" + vk + "\"}");
        ids.put("configs", config);
        String username = name + "-owner-" + n;
        String user = ok(admin("POST", "/admin/api/users", Map.of("username", username,
                "password", "a-long-enough-password"))).path("id").asText();
        ok(admin("PUT", "/admin/api/workspaces/" + ws + "/members/" + user, Map.of("role", "owner")));
        ids.put("user", user);
        ids.put("users", user);
        ids.put("username", username);
        ids.put("admin-keys", adminKeys.create(Actor.system("test"), name + "-adminkey", user, null).adminKey().id());
        return new Objects(ws, ids, name + "-req-" + n, apiKey, vk);
    }

    /** A request through the gateway with the workspace's key, vk and a breaker on the vk (so B has one). */
    void traffic(Objects o, String requestId) {
        UPSTREAM.then(json(200, completion(10, 5)));
        var r = gateway.post("/v1/chat/completions", chat("test-model", 20), "Authorization", "Bearer " + o.apiKey(),
                "x-request-id", requestId, "x-gateway-config", "{\"virtual_key\":\"" + o.vk() + "\","
                        + "\"circuit_breaker\":{\"minimum_calls\":5,\"sliding_window_size\":5}}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    void awaitLogs(String... workspaces) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        for (String ws : workspaces) {
            while (jdbc.queryForObject("SELECT count(*) FROM request_log WHERE workspace_id = ?", Long.class, ws) == 0) {
                if (System.nanoTime() > deadline) {
                    fail("no request log of " + ws);
                }
                Thread.onSpinWait();
            }
        }
    }

    /** B's state as the organisation admin sees it. */
    Map<String, String> snapshot(Objects b) {
        Map<String, String> s = new LinkedHashMap<>();
        String ws = "/admin/api/workspaces/" + b.workspace();
        for (String path : List.of(ws, ws + "/members", ws + "/api-keys", ws + "/virtual-keys", ws + "/budgets",
                ws + "/rate-limits", "/admin/api/configs/" + b.id("configs"), "/admin/api/users/" + b.id("user"),
                "/admin/api/pricing", "/admin/api/configs/" + b.id("configs") + "/versions")) {
            s.put(path, admin("GET", path, null).body());
        }
        s.put("admin keys of B's user", String.valueOf(jdbc.queryForList("SELECT id, revoked_at FROM admin_api_key "
                + "WHERE user_id = ? ORDER BY id", b.id("user"))));
        s.put("request log of B", String.valueOf(jdbc.queryForObject("SELECT count(*) FROM request_log WHERE "
                + "workspace_id = ?", Long.class, b.workspace())));
        s.put("breakers", String.valueOf(admin("GET", "/admin/api/circuit-breakers", null).body()
                .replaceAll("\"(failure_rate|failureRate|slow_call_rate|slowCallRate|latency_millis|latencyMillis|"
                        + "buffered_calls|bufferedCalls|failed_calls|failedCalls|not_permitted_calls|"
                        + "notPermittedCalls|in_flight|inFlight|consecutive_failures|last_failure_at)\":[^,}]+", "")));
        return s;
    }

    /** A user (with a role in the workspace, if given) and an admin API key acting as them. */
    String userKey(String username, String ws, String role) {
        String id = ok(admin("POST", "/admin/api/users", Map.of("username", username,
                "password", "a-long-enough-password"))).path("id").asText();
        if (ws != null) {
            ok(admin("PUT", "/admin/api/workspaces/" + ws + "/members/" + id, Map.of("role", role)));
        }
        return adminKeys.create(Actor.system("test"), "walk", id, null).key();
    }
}
