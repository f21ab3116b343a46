package io.llmgate.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.llmgate.support.GatewayClient;

/**
 * A java.lang.Error (not an Exception) thrown in the request path, here by an integration team's step: the client
 * gets a 500 in OpenAI's error shape, not a hang (Camel's onException(Exception) does not match an Error).
 */
class FatalErrorTest extends RoutingTestSupport {

    @Test
    void anErrorInAStepIsA500NotAHang() {
        GatewayClient.Response r = chat(target(A), "x-gateway-metadata", "{\"team-step\":\"error\"}");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.json().at("/error/type").asText()).isNotEmpty();
        assertThat(r.body()).doesNotContain("AssertionError").doesNotContain("at io.llmgate");
        assertThat(A.count()).isZero();
        // the gateway still serves the next request
        assertThat(who(chat(target(A)))).isEqualTo("A");
    }

    @Test
    void anErrorOnTheUpstreamThreadIsA500NotAHang() {
        // A fails; the fallback's attempt on B starts from A's response, on the upstream client's thread
        A.then(io.llmgate.support.FakeProvider.json(503, "{\"error\":{\"message\":\"down\"}}"));
        GatewayClient.Response r = chat("{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[" + target(A) + ","
                + target(B) + "]}", "x-gateway-metadata", "{\"team-step\":\"error-on-fallback\"}");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).doesNotContain("AssertionError");
        assertThat(A.count()).isEqualTo(1);
        assertThat(B.count()).isZero();
    }
}
