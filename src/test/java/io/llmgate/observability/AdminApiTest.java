package io.llmgate.observability;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The observability admin API over HTTP: search, paging, export, roll-ups, statistics, prices, bad input. */
class AdminApiTest extends H2ObservabilityTest {

    String tag;

    @BeforeEach
    void threeRequests() {
        OPENAI.reset();
        tag = "admin-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            OPENAI.then(json(200, RequestLogScenarios.COMPLETION));
            String requestId = newRequestId();
            gateway().post("/v1/chat/completions", RequestLogScenarios.CHAT, openAi("x-request-id", requestId,
                    "x-gateway-metadata", "{\"suite\":\"" + tag + "\",\"user\":\"u" + i + "\"}"));
            awaitLog(requestId);
        }
    }

    @Test
    void searchFiltersAndPages() {
        JsonNode first = get("/admin/api/logs?metadata=suite:" + tag + "&size=2&count=true").json();
        assertThat(first.path("data")).hasSize(2);
        assertThat(first.path("has_more").asBoolean()).isTrue();
        assertThat(first.path("total").asLong()).isEqualTo(3);
        JsonNode second = get("/admin/api/logs?metadata=suite:" + tag + "&size=2&page=1").json();
        assertThat(second.path("data")).hasSize(1);
        assertThat(second.path("has_more").asBoolean()).isFalse();
        // newest first
        assertThat(first.path("data").get(0).path("created_at").asText())
                .isGreaterThanOrEqualTo(first.path("data").get(1).path("created_at").asText());

        assertThat(get("/admin/api/logs?metadata.suite=" + tag + "&metadata.user=u1").json().path("data"))
                .hasSize(1);
        assertThat(get("/admin/api/logs?metadata=suite:" + tag + "&provider=openai&model=gpt-4o-mini&status=200"
                + "&from=2020-01-01&to=2999-01-01T00:00:00Z").json().path("data")).hasSize(3);
        assertThat(get("/admin/api/logs?metadata=suite:" + tag + "&errors=true").json().path("data")).isEmpty();
        assertThat(get("/admin/api/logs?metadata=suite:" + tag + "&provider=anthropic").json().path("data"))
                .isEmpty();
        assertThat(get("/admin/api/logs?metadata=suite:" + tag + "&to=2020-01-01").json().path("data")).isEmpty();
    }

    @Test
    void exportsCsvAndJsonLines() {
        ObservabilityTestSupport.Admin csv = get("/admin/api/logs/export?format=csv&metadata=suite:" + tag);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        String[] lines = csv.body().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).startsWith("id,request_id,trace_id,created_at,");
        assertThat(lines[1]).contains(",openai,gpt-4o-mini,200,").contains("\"\"suite\"\":"); // metadata key order is not fixed

        ObservabilityTestSupport.Admin jsonl = get("/admin/api/logs/export?format=jsonl&limit=2&metadata=suite:"
                + tag);
        assertThat(jsonl.contentType()).startsWith("application/jsonl");
        String[] rows = jsonl.body().split("\n");
        assertThat(rows).hasSize(2);
        JsonNode row = ObservabilityTestSupport.JSON.valueToTree(parse(rows[0]));
        assertThat(row.path("metadata").path("suite").asText()).isEqualTo(tag);
        assertThat(row.path("cost").asDouble()).isEqualTo(0.00024);
    }

    @Test
    void usageAndProviderStatistics() {
        JsonNode usage = get("/admin/api/usage?group_by=provider&granularity=day&metadata=suite:" + tag).json();
        assertThat(usage.path("data")).hasSize(1);
        JsonNode row = usage.path("data").get(0);
        assertThat(row.path("key").asText()).isEqualTo("openai");
        assertThat(row.path("requests").asLong()).isEqualTo(3);
        assertThat(row.path("total_tokens").asLong()).isEqualTo(3600);
        assertThat(row.path("bucket").asText()).endsWith("T00:00:00Z");

        JsonNode byUser = get("/admin/api/usage?group_by=tag:user&granularity=hour&metadata=suite:" + tag).json();
        assertThat(byUser.path("data").findValuesAsText("key")).containsExactlyInAnyOrder("u0", "u1", "u2");

        JsonNode stats = get("/admin/api/stats/providers").json().path("data");
        JsonNode openai = null;
        for (JsonNode p : stats) {
            if (p.path("provider").asText().equals("openai")) {
                openai = p;
            }
        }
        assertThat(openai).isNotNull();
        assertThat(openai.path("attempts").path("count").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(openai.path("attempts").path("latency_p95_ms").isNumber()).isTrue();
        assertThat(openai.path("requests").path("latency_p99_ms").asDouble())
                .isGreaterThanOrEqualTo(openai.path("requests").path("latency_p50_ms").asDouble());
        assertThat(openai.path("requests").path("error_rate").isNumber()).isTrue();
    }

    @Test
    void opsOverrideAPriceAndTheNextRequestsCostFollows() {
        String model = "my-priced-model-" + UUID.randomUUID().toString().substring(0, 8);
        ObservabilityTestSupport.Admin put = admin("PUT", "/admin/api/pricing",
                "{\"provider\":\"openai\",\"model\":\"" + model + "\",\"input\":1,\"output\":2}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(get("/admin/api/pricing").body()).contains(model);

        OPENAI.then(json(200, RequestLogScenarios.COMPLETION.replace("gpt-4o-mini", model)));
        String requestId = newRequestId();
        gateway().post("/v1/chat/completions", RequestLogScenarios.CHAT.replace("gpt-4o-mini", model),
                openAi("x-request-id", requestId));
        // 1000 prompt tokens at $1 (no cached price: input price) + 200 at $2, per 1M
        assertThat(new BigDecimal(awaitLog(requestId).path("cost").asText())).isEqualByComparingTo("0.0014");

        assertThat(admin("DELETE", "/admin/api/pricing?provider=openai&model=" + model, null).status())
                .isEqualTo(204);
        assertThat(admin("DELETE", "/admin/api/pricing?provider=openai&model=" + model, null).status())
                .isEqualTo(404);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/admin/api/logs?from=yesterday|from",
            "/admin/api/logs?from=2025-02-01&to=2025-01-01|from",
            "/admin/api/logs?size=0|size",
            "/admin/api/logs?size=5000|size",
            "/admin/api/logs?page=-1|page",
            "/admin/api/logs?status=abc|status",
            "/admin/api/logs?status=42|status",
            "/admin/api/logs?errors=maybe|errors",
            "/admin/api/logs?metadata=novalue|metadata",
            "/admin/api/logs/export?format=xml|format",
            "/admin/api/logs/export?limit=0|limit",
            "/admin/api/usage?group_by=bogus|group_by",
            "/admin/api/usage?granularity=minute|granularity",
            "/admin/api/usage?granularity=hour&from=2020-01-01&to=2025-01-01|granularity",
            "/admin/api/stats/providers?to=nope|to",
            "/admin/api/pricing?provider=openai|model"})
    void badInputIsA400WithAJsonError(String path, String param) {
        ObservabilityTestSupport.Admin r = path.startsWith("/admin/api/pricing")
                ? admin("DELETE", path, null) : get(path);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json().path("error").path("param").asText()).isEqualTo(param);
        assertThat(r.json().path("error").path("message").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void badBodiesAndUnknownIdsAreJsonErrors() {
        assertThat(admin("PUT", "/admin/api/pricing", "{\"provider\":\"openai\",\"model\":\"m\",\"input\":-1,"
                + "\"output\":1}").status()).isEqualTo(400);
        assertThat(admin("PUT", "/admin/api/pricing", "{\"provider\":\"openai\"}").status()).isEqualTo(400);
        ObservabilityTestSupport.Admin broken = admin("PUT", "/admin/api/pricing", "{not json");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().path("error").path("message").asText()).isNotBlank();
        ObservabilityTestSupport.Admin missing = get("/admin/api/logs/no-such-id");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("error").path("message").asText()).contains("no-such-id");
    }

    private static Object parse(String json) {
        try {
            return ObservabilityTestSupport.JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }
}
