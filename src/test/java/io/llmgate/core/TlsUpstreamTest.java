package io.llmgate.core;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.llmgate.support.FakeProvider;
import io.llmgate.support.GatewayClient;
import io.llmgate.support.GatewayTestSupport;
import io.llmgate.support.TestTls;

/** Providers over HTTPS: the chain is checked against the configured trust store and the host name is verified. */
class TlsUpstreamTest extends GatewayTestSupport {

    static final FakeProvider HTTPS = new FakeProvider("https", TestTls.server("loopback"));
    static final FakeProvider WRONG_NAME = new FakeProvider("wrong-name", TestTls.server("wrong"));

    static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    GatewayClient.Response send(FakeProvider provider) {
        return gateway.post("/v1/chat/completions", CHAT, "x-gateway-provider", "openai", "Authorization", "Bearer k",
                "x-gateway-custom-host", provider.baseUrl() + "/v1");
    }

    @Test
    void trustedCertificateForTheHostWorks() {
        HTTPS.reset().then(json(200, "{\"id\":\"tls\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"secure\"}}]}"));
        assertThat(HTTPS.baseUrl()).startsWith("https://");
        GatewayClient.Response r = send(HTTPS);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/choices/0/message/content").asText()).isEqualTo("secure");
        assertThat(HTTPS.last().header("authorization")).isEqualTo("Bearer k");
    }

    @Test
    void certificateForAnotherHostIsRefused() {
        WRONG_NAME.reset().always(json(200, "{}"));
        GatewayClient.Response r = send(WRONG_NAME);
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.json().at("/error/type").asText()).isEqualTo("upstream_error");
        assertThat(WRONG_NAME.count()).isZero();
    }
}
