package io.llmgate.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.llmgate.support.GatewayClient;

class ConditionalRoutingTest extends RoutingTestSupport {

    String conditional(String conditions, String dflt) {
        return "{\"strategy\":{\"mode\":\"conditional\",\"conditions\":[" + conditions + "]"
                + (dflt == null ? "" : ",\"default\":\"" + dflt + "\"") + "},\"targets\":["
                + target(A, "\"name\":\"a\"") + "," + target(B, "\"name\":\"b\"") + "," + target(C, "\"name\":\"c\"") + "]}";
    }

    GatewayClient.Response send(String config, String body, String metadata) {
        return metadata == null ? gateway.post("/v1/chat/completions", body, "x-gateway-config", config)
                : gateway.post("/v1/chat/completions", body, "x-gateway-config", config, "x-gateway-metadata", metadata);
    }

    @Test
    void selectsByMetadataWithDefaultOtherwise() {
        String config = conditional("{\"query\":{\"metadata.tier\":{\"$eq\":\"paid\"}},\"then\":\"a\"},"
                + "{\"query\":{\"$or\":[{\"metadata.region\":\"eu\"},{\"metadata.region\":{\"$regex\":\"^eu-\"}}]},\"then\":\"b\"}", "c");
        assertThat(who(send(config, CHAT, "{\"tier\":\"paid\",\"region\":\"eu\"}"))).isEqualTo("A");
        assertThat(who(send(config, CHAT, "{\"tier\":\"free\",\"region\":\"eu-west-1\"}"))).isEqualTo("B");
        assertThat(who(send(config, CHAT, "{\"tier\":\"free\",\"region\":\"us\"}"))).isEqualTo("C");
        assertThat(who(send(config, CHAT, null))).isEqualTo("C");
    }

    @Test
    void selectsByModelAndNumbers() {
        String config = conditional("{\"query\":{\"params.model\":{\"$in\":[\"gpt-4o\",\"gpt-4.1\"]}},\"then\":\"a\"},"
                + "{\"query\":{\"params.max_tokens\":{\"$gte\":1000}},\"then\":\"b\"}", "c");
        assertThat(who(send(config, "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", null)))
                .isEqualTo("A");
        assertThat(who(send(config, "{\"model\":\"m\",\"max_tokens\":2000,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                null))).isEqualTo("B");
        assertThat(who(send(config, "{\"model\":\"m\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                null))).isEqualTo("C");
    }

    @Test
    void selectsByNestedParamsAtAnyDepth() {
        String config = conditional("{\"query\":{\"$and\":[{\"params.response_format.json_schema.name\":\"invoice\"},"
                + "{\"params.messages.0.role\":{\"$ne\":\"system\"}}]},\"then\":\"b\"}", "a");
        String nested = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"invoice\",\"schema\":{}}}}";
        assertThat(who(send(config, nested, null))).isEqualTo("B");
        assertThat(who(send(config, nested.replace("\"role\":\"user\"", "\"role\":\"system\""), null))).isEqualTo("A");
    }

    @Test
    void selectsByHeader() {
        String config = conditional("{\"query\":{\"headers.x-team\":{\"$nin\":[\"ml\",\"ops\"]}},\"then\":\"b\"}", "a");
        assertThat(who(gateway.post("/v1/chat/completions", CHAT, "x-gateway-config", config, "x-team", "web")))
                .isEqualTo("B");
        assertThat(who(gateway.post("/v1/chat/completions", CHAT, "x-gateway-config", config, "x-team", "ml")))
                .isEqualTo("A");
    }

    @Test
    void noMatchAndNoDefaultIsAClearError() {
        String config = conditional("{\"query\":{\"metadata.tier\":\"paid\"},\"then\":\"a\"}", null);
        GatewayClient.Response r = send(config, CHAT, "{\"tier\":\"free\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("no_matching_target");
    }
}
