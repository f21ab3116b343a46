package io.llmgate.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.llmgate.support.TestExtensions;

/** What the README shows integration teams: a step bean before the upstream call, and a wire tap of attempts. */
class ExtensionPointTest extends RoutingTestSupport {

    @Test
    void aTeamStepBeanRunsBeforeTheUpstreamCall() {
        chat(target(A), "x-gateway-metadata", "{\"team-step\":\"yes\"}");
        assertThat(A.last().header("x-team-step")).isEqualTo("seen");
        chat(target(A));
        assertThat(A.last().header("x-team-step")).isNull();
    }

    @Test
    void everyAttemptIsWireTappedToTheConfiguredEndpoint() throws Exception {
        A.then(io.llmgate.support.FakeProvider.json(503, "{\"error\":{\"message\":\"down\"}}"));
        String marker = "tap-" + System.nanoTime();
        gateway.post("/v1/chat/completions", "{\"model\":\"" + marker + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "x-gateway-config", "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[" + target(A) + "," + target(B) + "]}");
        long deadline = System.currentTimeMillis() + 5000;
        while (TestExtensions.TAPPED.stream().filter(t -> t.contains(marker)).count() < 2
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(TestExtensions.TAPPED.stream().filter(t -> t.contains(marker))).hasSize(2);
    }
}
