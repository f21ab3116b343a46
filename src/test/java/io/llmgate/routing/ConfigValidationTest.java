package io.llmgate.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.llmgate.support.GatewayClient;

/** Bad configs are rejected whole, with the path of every bad field, before anything is called. */
class ConfigValidationTest extends RoutingTestSupport {

    GatewayClient.Response send(String config) {
        return chat(config);
    }

    @Test
    void namesThePathOfTheBadField() {
        GatewayClient.Response r = send("{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[" + target(A) + ","
                + target(B, "\"retry\":{\"attempts\":50}") + "]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("invalid_config");
        assertThat(r.json().at("/error/message").asText()).contains("targets[1].retry.attempts: must be 1..10");
        assertThat(A.count() + B.count()).isZero();
    }

    @Test
    void listsEveryProblem() {
        GatewayClient.Response r = send("{\"strategy\":{\"mode\":\"sideways\"},\"request_timeout\":-5,\"targets\":["
                + "{\"provider\":\"acme\"},{\"strategy\":{\"mode\":\"conditional\",\"conditions\":[{\"query\":"
                + "{\"metadata.x\":{\"$between\":1}},\"then\":\"nobody\"}]},\"targets\":[" + target(A, "\"name\":\"a\"")
                + "]},{\"custom_host\":\"not a url\",\"provider\":\"openai\",\"weight\":-1}]}");
        String message = r.json().at("/error/message").asText();
        assertThat(r.status()).isEqualTo(400);
        assertThat(message).contains("strategy.mode: must be one of")
                .contains("request_timeout: must be 1..3600000")
                .contains("targets[0].provider: unknown provider 'acme'")
                .contains("targets[1].strategy.conditions[0].query.metadata.x.$between: unknown operator")
                .contains("targets[1].strategy.conditions[0].then: must name one of the targets")
                .contains("targets[2].custom_host: must be an http(s) URL")
                .contains("targets[2].weight: must be a number >= 0");
    }

    @Test
    void inlineConfigThatIsNotJson() {
        GatewayClient.Response r = send("{not json");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/error/param").asText()).isEqualTo("x-gateway-config");
    }

    @Test
    void targetsWithoutStrategyAndTargetsWithoutProvider() {
        assertThat(send("{\"targets\":[" + target(A) + "]}").json().at("/error/message").asText())
                .contains("strategy: required when targets are given");
        assertThat(send("{\"strategy\":{\"mode\":\"single\"},\"targets\":[{\"api_key\":\"x\"}]}").json()
                .at("/error/message").asText()).contains("targets[0]: a target needs a provider or a virtual_key");
    }

    @Test
    void unknownNamedConfigIs404() {
        GatewayClient.Response r = send("pc-does-not-exist");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().at("/error/message").asText()).contains("pc-does-not-exist");
    }
}
