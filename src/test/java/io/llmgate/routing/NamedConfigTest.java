package io.llmgate.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.llmgate.support.FakeProvider;
import io.llmgate.support.GatewayClient;

/** Named configs: every save a version, effective on the next request, rollback, in-flight requests unaffected. */
class NamedConfigTest extends RoutingTestSupport {

    @LocalServerPort
    int adminPort;

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                .header("content-type", "application/json").header("Authorization", "Bearer " + ADMIN_KEY);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void editAndRollbackTakeEffectOnTheNextRequest() throws Exception {
        String id = "pc-support-" + System.nanoTime();
        HttpResponse<String> created = admin("POST", "/admin/api/configs",
                "{\"id\":\"" + id + "\",\"name\":\"Support bot\",\"config\":" + target(A) + "}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(GatewayClient.parse(created.body()).path("active_version").asInt()).isEqualTo(1);
        assertThat(who(chat(id))).isEqualTo("A");

        HttpResponse<String> edited = admin("PUT", "/admin/api/configs/" + id,
                "{\"comment\":\"move to B\",\"config\":" + target(B) + "}");
        assertThat(edited.statusCode()).isEqualTo(200);
        assertThat(who(chat(id))).isEqualTo("B");

        JsonNode versions = GatewayClient.parse(admin("GET", "/admin/api/configs/" + id + "/versions", null).body())
                .path("data");
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).path("version").asInt()).isEqualTo(2);
        assertThat(versions.get(0).path("active").asBoolean()).isTrue();
        assertThat(versions.get(0).path("comment").asText()).isEqualTo("move to B");

        assertThat(admin("POST", "/admin/api/configs/" + id + "/rollback", "{\"version\":1}").statusCode()).isEqualTo(200);
        assertThat(who(chat(id))).isEqualTo("A");
    }

    @Test
    void inFlightRequestsFinishOnTheVersionTheyStartedWith() throws Exception {
        String id = "pc-inflight-" + System.nanoTime();
        // v1: fallback A -> B; A is slow then fails, so the request is still routing v1 when v2 is saved
        CountDownLatch saved = new CountDownLatch(1);
        A.then(exchange -> {
            saved.await(10, TimeUnit.SECONDS);
            FakeProvider.json(503, "{\"error\":{\"message\":\"A down\"}}").respond(exchange);
        });
        admin("POST", "/admin/api/configs", "{\"id\":\"" + id + "\",\"config\":{\"strategy\":{\"mode\":\"fallback\"},"
                + "\"targets\":[" + target(A) + "," + target(B) + "]}}");
        CompletableFuture<GatewayClient.Response> inFlight = CompletableFuture.supplyAsync(() -> chat(id));
        while (A.count() == 0) {
            Thread.sleep(10);
        }
        admin("PUT", "/admin/api/configs/" + id, "{\"config\":" + target(C) + "}");
        saved.countDown();
        assertThat(who(inFlight.get(10, TimeUnit.SECONDS))).isEqualTo("B"); // v1's fallback, not v2's C
        assertThat(who(chat(id))).isEqualTo("C");
    }

    @Test
    void invalidConfigsAreRejectedOnSaveAndNothingIsStored() throws Exception {
        String id = "pc-bad-" + System.nanoTime();
        HttpResponse<String> r = admin("POST", "/admin/api/configs", "{\"id\":\"" + id + "\",\"config\":"
                + "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[" + target(A, "\"retry\":{\"attempts\":0}") + "]}}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(GatewayClient.parse(r.body()).at("/error/errors/0").asText())
                .isEqualTo("targets[0].retry.attempts: must be 1..10");
        assertThat(admin("GET", "/admin/api/configs/" + id, null).statusCode()).isEqualTo(404);

        admin("POST", "/admin/api/configs", "{\"id\":\"" + id + "\",\"config\":" + target(A) + "}");
        HttpResponse<String> badEdit = admin("PUT", "/admin/api/configs/" + id, "{\"config\":{\"provider\":\"nope\"}}");
        assertThat(badEdit.statusCode()).isEqualTo(400);
        assertThat(GatewayClient.parse(admin("GET", "/admin/api/configs/" + id, null).body()).path("active_version").asInt())
                .isEqualTo(1);
        assertThat(admin("POST", "/admin/api/configs", "{\"id\":\"" + id + "\"").statusCode()).isEqualTo(400);
    }

    @Test
    void validateEndpointAnswersWithoutSaving() throws Exception {
        JsonNode ok = GatewayClient.parse(admin("POST", "/admin/api/configs/validate", target(A)).body());
        assertThat(ok.path("valid").asBoolean()).isTrue();
        JsonNode bad = GatewayClient.parse(admin("POST", "/admin/api/configs/validate",
                "{\"strategy\":{\"mode\":\"loadbalance\"},\"targets\":[" + target(A, "\"weight\":0") + "]}").body());
        assertThat(bad.path("valid").asBoolean()).isFalse();
        assertThat(bad.path("errors").get(0).asText()).contains("every weight is 0");
    }
}
