package io.llmgate.routing;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.llmgate.support.GatewayClient;

/**
 * A config as a Portkey user writes it (fallback + loadbalance + conditional nesting, Portkey header names), pasted
 * unchanged, routes as Portkey documents.
 */
class PortkeyCompatibilityTest extends RoutingTestSupport {

    String portkeyConfig() {
        return """
                {
                  "strategy": {
                    "mode": "conditional",
                    "conditions": [
                      {"query": {"metadata.user_plan": {"$eq": "paid"}}, "then": "premium"},
                      {"query": {"$and": [{"metadata.user_plan": "free"}, {"params.model": {"$ne": "gpt-4o"}}]}, "then": "basic"}
                    ],
                    "default": "basic"
                  },
                  "targets": [
                    {
                      "name": "premium",
                      "strategy": {"mode": "fallback", "on_status_codes": [429, 503]},
                      "targets": [
                        %s,
                        {
                          "strategy": {"mode": "loadbalance"},
                          "targets": [%s, %s]
                        }
                      ]
                    },
                    %s
                  ]
                }""".formatted(
                target(A, "\"override_params\":{\"model\":\"gpt-4o\"}"),
                target(B, "\"weight\":0.7"),
                target(C, "\"weight\":0.3"),
                target(C, "\"name\":\"basic\",\"override_params\":{\"model\":\"gpt-4o-mini\"}"))
                .replaceAll("\\s*\n\\s*", " "); // a header value is one line
    }

    GatewayClient.Response send(String plan) {
        return gateway.post("/v1/chat/completions", CHAT, "x-portkey-config", portkeyConfig(),
                "x-portkey-metadata", "{\"user_plan\":\"" + plan + "\"}");
    }

    @Test
    void paidUsersGetThePremiumFallbackChain() {
        GatewayClient.Response r = send("paid");
        assertThat(who(r)).isEqualTo("A");
        assertThat(A.last().json().path("model").asText()).isEqualTo("gpt-4o");
        assertThat(r.header("x-gateway-last-used-option-index")).isEqualTo("config.targets[0].targets[0]");
    }

    @Test
    void premiumFallsBackIntoTheLoadBalancedPair() {
        A.always(json(429, "{\"error\":{\"message\":\"rate limited\"}}"));
        int b = 0;
        for (int i = 0; i < 40; i++) {
            GatewayClient.Response r = send("paid");
            assertThat(who(r)).isIn("B", "C");
            assertThat(r.header("x-gateway-last-used-option-index")).startsWith("config.targets[0].targets[1].targets[");
            b += who(r).equals("B") ? 1 : 0;
        }
        assertThat(b).isBetween(16, 38); // 0.7 of 40, loosely
    }

    @Test
    void aStatusOutsideOnStatusCodesIsNotFallenBack() {
        A.always(json(500, "{\"error\":{\"message\":\"boom\"}}"));
        assertThat(send("paid").status()).isEqualTo(500);
        assertThat(B.count() + C.count()).isZero();
    }

    @Test
    void freeAndUnknownUsersGetBasic() {
        GatewayClient.Response r = send("free");
        assertThat(who(r)).isEqualTo("C");
        assertThat(C.last().json().path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(r.header("x-gateway-last-used-option-index")).isEqualTo("config.targets[1]");
        assertThat(who(send("trial"))).isEqualTo("C");
    }
}
