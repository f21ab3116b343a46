package io.llmgate.routes.upstream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.channel.ConnectTimeoutException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.llmgate.routes.GatewayProperties;
import io.llmgate.routes.api.Endpoint;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.api.UpstreamException;
import io.llmgate.routes.api.Usage;
import io.llmgate.routes.governance.UsageEstimator;
import io.llmgate.routes.provider.ProviderAdapter;
import io.llmgate.routes.provider.ProviderTarget;
import io.llmgate.routes.provider.UpstreamRequest;

/**
 * Sends provider requests over {@link HttpTransport} (Netty, pooled keep-alive connections). Nothing here blocks a
 * thread while a provider thinks; failures come back as {@link UpstreamException}s that tell refused, reset and
 * timed-out apart.
 */
@Component
public class UpstreamClient implements DisposableBean {

    /** Largest non-streamed provider answer the gateway buffers. */
    static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    private final HttpTransport transport;
    private final ScheduledExecutorService timer;
    private final GatewayProperties properties;
    private final InFlightCalls inFlight;
    private final UsageEstimator usageEstimator;

    public UpstreamClient(GatewayProperties properties, InFlightCalls inFlight, UsageEstimator usageEstimator) {
        this.properties = properties;
        this.inFlight = inFlight;
        this.usageEstimator = usageEstimator;
        this.transport = new HttpTransport(properties.getConnectTimeout(),
                properties.getServer().getUpstreamThreads() > 0 ? properties.getServer().getUpstreamThreads()
                        : Math.max(2, Runtime.getRuntime().availableProcessors()), trustManagers(properties));
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "upstream-timer");
            t.setDaemon(true);
            return t;
        });
        // every call arms a timeout that is almost always cancelled: drop those at once, not when they were due
        timer.setRemoveOnCancelPolicy(true);
        this.timer = timer;
    }

    /**
     * Calls the provider for one attempt.
     *
     * @param timeout time until the first byte (first event for streams); then the stream idle timeout applies
     */
    public CompletableFuture<UpstreamResult> call(ProviderAdapter adapter, Endpoint endpoint, ObjectNode body,
                                                  ProviderTarget target, Duration timeout) {
        if (inFlight.isCut()) {
            return CompletableFuture.failedFuture(Cancellations.shuttingDown(adapter.name())); // no retry past the cut
        }
        UpstreamRequest request = adapter.toUpstream(endpoint, body, target);
        long started = System.nanoTime();
        if (body.path("stream").asBoolean(false)) {
            long prompt = usageEstimator.estimate(new GatewayRequest(null, endpoint, body, java.util.Map.of(),
                    java.util.Map.of(), started), body).promptTokens();
            StreamingCall call = new StreamingCall(adapter, adapter.newStreamTranslator(endpoint, body),
                    body.path("stream_options").path("include_usage").asBoolean(false), prompt, started,
                    properties.getStreamIdleTimeout(), timer);
            HttpTransport.Exchange exchange = transport.prepare(request, call);
            call.watch(exchange, timeout);
            // tracked until the provider's stream ends, which is long after the Camel exchange has completed
            call.outcome().whenComplete((o, e) -> inFlight.remove(call));
            inFlight.add(call);
            if (!call.outcome().isDone()) {
                exchange.start(true);
            }
            return call.started();
        }
        return whole(adapter, request, timeout, bytes -> {
            ObjectNode openAi = adapter.toOpenAi(endpoint, body, bytes);
            return new UpstreamResult.Completed(adapter.name(), openAi, Usage.fromOpenAi(openAi.get("usage")),
                    System.nanoTime() - started);
        });
    }

    /** Timeouts scheduled and not yet run or cancelled: a finished call leaves none (FaultRunTest checks it). */
    /** The event loops calls to providers run on. */
    public int eventLoops() {
        return transport.eventLoops();
    }

    public int pendingTimers() {
        return ((ScheduledThreadPoolExecutor) timer).getQueue().size();
    }

    /** A plain request whose body comes back raw (model lists). */
    public CompletableFuture<byte[]> fetch(ProviderAdapter adapter, UpstreamRequest request, Duration timeout) {
        return whole(adapter, request, timeout, Function.identity());
    }

    /** Buffers a whole answer; a non-2xx status becomes the provider's error. */
    private <T> CompletableFuture<T> whole(ProviderAdapter adapter, UpstreamRequest request, Duration timeout,
                                           Function<byte[], T> onSuccess) {
        CompletableFuture<T> result = new CompletableFuture<>();
        HttpTransport.Exchange exchange = transport.send(request, new ResponseHandler() {
            private final ByteArrayOutputStream body = new ByteArrayOutputStream();
            private int status;
            private HttpHeaders headers;

            @Override
            public void onHeaders(int status, HttpHeaders headers) {
                this.status = status;
                this.headers = headers;
            }

            @Override
            public void onData(ByteBuffer data) {
                if (body.size() + data.remaining() > MAX_RESPONSE_BYTES) {
                    onError(UpstreamException.badResponse(adapter.name(), "answer larger than "
                            + MAX_RESPONSE_BYTES + " bytes"));
                    return;
                }
                try {
                    Channels.newChannel(body).write(data);
                } catch (IOException e) {
                    throw new IllegalStateException(e); // cannot happen writing to memory
                }
            }

            @Override
            public void onEnd() {
                try {
                    if (status / 100 != 2) {
                        result.completeExceptionally(adapter.toError(status, headers, body.toByteArray()));
                    } else {
                        result.complete(onSuccess.apply(body.toByteArray()));
                    }
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }

            @Override
            public void onError(Throwable failure) {
                result.completeExceptionally(classify(failure, adapter.name(), timeout));
            }
        });
        ScheduledFuture<?> guard = timer.schedule(() -> {
            if (result.completeExceptionally(UpstreamException.timeout(adapter.name(), timeout.toMillis()))) {
                exchange.cancel();
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        InFlightCalls.Cuttable cut = () -> result.completeExceptionally(Cancellations.shuttingDown(adapter.name()));
        inFlight.add(cut);
        result.whenComplete((r, e) -> {
            inFlight.remove(cut);
            guard.cancel(false);
            if (e != null) {
                exchange.cancel(); // e.g. the translation failed: do not leave the connection half-read
            }
        });
        return result;
    }

    /** The trust store configured for provider certificates (a corporate CA, a local server), or null. */
    private static TrustManagerFactory trustManagers(GatewayProperties properties) {
        String path = properties.getTrustStore();
        if (path == null || path.isBlank()) {
            return null;
        }
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            String password = properties.getTrustStorePassword();
            store.load(in, password == null ? null : password.toCharArray());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read gateway.trust-store " + path + ": " + e.getMessage(), e);
        }
    }

    /** Maps transport failures to the gateway's failure kinds. */
    public static GatewayException classify(Throwable failure, String provider, Duration timeout) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof GatewayException g) {
            return g;
        }
        if (t instanceof ConnectTimeoutException || t instanceof TimeoutException
                || t instanceof CancellationException) {
            return UpstreamException.timeout(provider, timeout.toMillis());
        }
        UnknownHostException unknownHost = cause(t, UnknownHostException.class);
        if (unknownHost != null) {
            return new UpstreamException(UpstreamException.Kind.CONNECTION_REFUSED, 502, "upstream_error",
                    "dns_resolution_failed", provider + ": cannot resolve the provider's host name ("
                    + describe(unknownHost) + ")", provider, null, t);
        }
        // an untrusted or misnamed certificate, or a plain-HTTP server behind an https:// URL (NotSslRecordException)
        SSLException tls = cause(t, SSLException.class);
        if (tls != null) {
            return new UpstreamException(UpstreamException.Kind.CONNECTION_RESET, 502, "upstream_error",
                    "tls_handshake_failed", provider + ": TLS handshake with the provider failed ("
                    + describe(tls) + ")", provider, null, t);
        }
        if (t instanceof ConnectException) {
            return UpstreamException.refused(provider, describe(t), t);
        }
        return UpstreamException.reset(provider, describe(t), t);
    }

    /**
     * A connection lost once the client had chunks: the stream is {@code stream_truncated}, as an answer that ends
     * without its last event is (before the first chunk it stays a connection failure that routing may retry).
     */
    static GatewayException midStream(GatewayException error, String provider) {
        if (error instanceof UpstreamException u && (u.kind() == UpstreamException.Kind.CONNECTION_RESET
                || u.kind() == UpstreamException.Kind.CONNECTION_REFUSED)) {
            String detail = u.getCause() == null ? null : u.getCause().getMessage();
            return UpstreamException.truncated(provider, "the connection to the provider was lost mid-stream"
                    + (detail == null || detail.isBlank() ? "" : ": " + detail));
        }
        return error;
    }

    /** The first throwable of this type in the cause chain; Netty wraps TLS failures in a DecoderException. */
    private static <E extends Throwable> E cause(Throwable t, Class<E> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? "no details from the network" : m;
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        transport.close();
    }
}
