package io.llmgate.routing;

import static io.llmgate.support.FakeProvider.json;

import org.junit.jupiter.api.BeforeEach;

import io.llmgate.support.FakeProvider;
import io.llmgate.support.GatewayClient;
import io.llmgate.support.GatewayTestSupport;

/** Three OpenAI-format providers A, B, C that say who they are, and helpers to write configs for them. */
abstract class RoutingTestSupport extends GatewayTestSupport {

    static final FakeProvider A = new FakeProvider("A");
    static final FakeProvider B = new FakeProvider("B");
    static final FakeProvider C = new FakeProvider("C");

    static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @BeforeEach
    void resetFakes() {
        for (FakeProvider p : new FakeProvider[] {A, B, C}) {
            p.reset().always(answer(p == A ? "A" : p == B ? "B" : "C"));
        }
    }

    /** A chat completion whose content names the provider that answered. */
    static FakeProvider.Responder answer(String who) {
        return json(200, "{\"id\":\"c-" + who + "\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + who + "\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}");
    }

    /** A target JSON for a fake provider; extra is more JSON fields, e.g. {@code "weight":0.9}. */
    static String target(FakeProvider p, String extra) {
        return "{\"provider\":\"openai\",\"api_key\":\"sk-" + p.port() + "\",\"custom_host\":\"" + p.baseUrl() + "/v1\""
                + (extra == null || extra.isEmpty() ? "" : "," + extra) + "}";
    }

    static String target(FakeProvider p) {
        return target(p, null);
    }

    GatewayClient.Response chat(String config, String... moreHeaders) {
        String[] headers = new String[moreHeaders.length + 2];
        headers[0] = "x-gateway-config";
        headers[1] = config;
        System.arraycopy(moreHeaders, 0, headers, 2, moreHeaders.length);
        return gateway.post("/v1/chat/completions", CHAT, headers);
    }

    static String who(GatewayClient.Response r) {
        return r.json().at("/choices/0/message/content").asText();
    }
}
