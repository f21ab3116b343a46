package io.llmgate.routes.upstream;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.llmgate.routes.GatewayProperties;
import io.llmgate.routes.api.Endpoint;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.UpstreamException;
import io.llmgate.routes.api.Usage;
import io.llmgate.routes.provider.ProviderAdapter;
import io.llmgate.routes.provider.ProviderTarget;
import io.llmgate.routes.provider.UpstreamRequest;

/**
 * Sends provider requests with the JDK's non-blocking HTTP client. Nothing here blocks a thread while waiting for
 * a provider; failures come back as {@link UpstreamException}s that tell refused, reset and timed-out apart.
 */
@Component
public class UpstreamClient implements DisposableBean {

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient http;
    private final ExecutorService executor;
    private final ScheduledExecutorService timer;
    private final ObjectMapper json;
    private final GatewayProperties properties;

    public UpstreamClient(ObjectMapper json, GatewayProperties properties) {
        this.json = json;
        this.properties = properties;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "upstream-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "upstream-timer");
            t.setDaemon(true);
            return t;
        });
        // every call arms a timeout that is almost always cancelled: drop those at once, not when they were due
        timer.setRemoveOnCancelPolicy(true);
        this.timer = timer;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.getConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    /**
     * Calls the provider for one attempt.
     *
     * @param timeout time until the first byte (first event for streams); then the stream idle timeout applies
     */
    public CompletableFuture<UpstreamResult> call(ProviderAdapter adapter, Endpoint endpoint, ObjectNode body,
                                                  ProviderTarget target, Duration timeout) {
        UpstreamRequest request = adapter.toUpstream(endpoint, body, target);
        boolean stream = body.path("stream").asBoolean(false);
        long started = System.nanoTime();
        if (stream) {
            StreamingCall call = new StreamingCall(adapter, adapter.newStreamTranslator(endpoint, body),
                    includeUsage(body), started, properties.getStreamIdleTimeout(), timer);
            CompletableFuture<HttpResponse<Void>> sent = http.sendAsync(toHttp(request, timeout), call);
            call.watch(sent, timeout);
            return call.started().thenApply(s -> s);
        }
        CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(toHttp(request, timeout),
                HttpResponse.BodyHandlers.ofByteArray());
        CompletableFuture<UpstreamResult> result = sent.handle((response, failure) -> {
            if (failure != null) {
                throw classify(failure, adapter.name(), timeout);
            }
            if (response.statusCode() / 100 != 2) {
                throw adapter.toError(response.statusCode(), response.headers(), response.body());
            }
            ObjectNode openAi = adapter.toOpenAi(endpoint, body, response.body());
            Usage usage = Usage.fromOpenAi(openAi.get("usage"));
            return new UpstreamResult.Completed(adapter.name(), openAi, usage, System.nanoTime() - started);
        });
        return withTimeout(result, sent, adapter.name(), timeout);
    }

    /** A plain GET/POST whose body comes back raw (model lists). */
    public CompletableFuture<byte[]> fetch(ProviderAdapter adapter, UpstreamRequest request, Duration timeout) {
        CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(toHttp(request, timeout),
                HttpResponse.BodyHandlers.ofByteArray());
        CompletableFuture<byte[]> result = sent.handle((response, failure) -> {
            if (failure != null) {
                throw classify(failure, adapter.name(), timeout);
            }
            if (response.statusCode() / 100 != 2) {
                throw adapter.toError(response.statusCode(), response.headers(), response.body());
            }
            return response.body();
        });
        return withTimeout(result, sent, adapter.name(), timeout);
    }

    private <T> CompletableFuture<T> withTimeout(CompletableFuture<T> result, CompletableFuture<?> sent,
                                                 String provider, Duration timeout) {
        // the JDK's own request timeout covers the headers only; this covers a body that stalls as well
        ScheduledFuture<?> guard = timer.schedule(() -> {
            if (result.completeExceptionally(UpstreamException.timeout(provider, timeout.toMillis()))) {
                sent.cancel(true);
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((r, e) -> guard.cancel(false));
        return result;
    }

    private HttpRequest toHttp(UpstreamRequest request, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri()).timeout(timeout);
        URI uri = request.uri();
        if ("http".equals(uri.getScheme())) {
            // cleartext: no h2c upgrade dance, providers and local servers speak HTTP/1.1
            b.version(HttpClient.Version.HTTP_1_1);
        }
        request.headers().forEach((name, value) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                b.header(name, value);
            }
        });
        if (request.body() == null) {
            b.method(request.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            b.method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        }
        return b.build();
    }

    private static boolean includeUsage(ObjectNode body) {
        return body.path("stream_options").path("include_usage").asBoolean(false);
    }

    /** Maps what the JDK client throws to the gateway's failure kinds. */
    public static GatewayException classify(Throwable failure, String provider, Duration timeout) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof GatewayException g) {
            return g;
        }
        if (t instanceof HttpConnectTimeoutException || t instanceof HttpTimeoutException) {
            return UpstreamException.timeout(provider, timeout.toMillis());
        }
        if (t instanceof CancellationException) {
            return UpstreamException.timeout(provider, timeout.toMillis());
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof ConnectException) {
                break;
            }
            root = root.getCause();
        }
        if (t instanceof ConnectException || root instanceof ConnectException) {
            return UpstreamException.refused(provider, describe(root), t);
        }
        if (t instanceof EOFException || t instanceof ClosedChannelException || t instanceof IOException) {
            return UpstreamException.reset(provider, describe(t), t);
        }
        return UpstreamException.reset(provider, describe(t), t);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? "no details from the network" : m;
    }

    ObjectMapper json() {
        return json;
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        executor.shutdownNow();
    }
}
