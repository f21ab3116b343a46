package io.llmgate.routes.api;

/**
 * A provider call that failed. {@link Kind} tells a provider's own HTTP error apart from refused, reset and timed-out
 * connections, because routing decides on it (fallback on 429/5xx, answer a 400 at once).
 */
public class UpstreamException extends GatewayException {

    public enum Kind { HTTP_ERROR, CONNECTION_REFUSED, CONNECTION_RESET, TIMEOUT, STREAM_TRUNCATED, BAD_RESPONSE }

    private final Kind kind;

    public UpstreamException(Kind kind, int status, String type, String code, String message, String provider,
                             Long retryAfterSeconds, Throwable cause) {
        super(status, type, code, null, message, provider, retryAfterSeconds, cause);
        this.kind = kind;
    }

    public static UpstreamException refused(String provider, String detail, Throwable cause) {
        return new UpstreamException(Kind.CONNECTION_REFUSED, 502, "upstream_error", "connection_refused",
                provider + ": connection refused (" + detail + ")", provider, null, cause);
    }

    public static UpstreamException reset(String provider, String detail, Throwable cause) {
        return new UpstreamException(Kind.CONNECTION_RESET, 502, "upstream_error", "connection_reset",
                provider + ": connection closed by the provider (" + detail + ")", provider, null, cause);
    }

    public static UpstreamException timeout(String provider, long millis) {
        // 408, as Portkey answers a request_timeout, so a timeout can trigger fallback like any listed status code
        return new UpstreamException(Kind.TIMEOUT, 408, "timeout_error", "request_timeout",
                provider + ": no response within " + millis + " ms", provider, null, null);
    }

    public static UpstreamException truncated(String provider, String detail) {
        return new UpstreamException(Kind.STREAM_TRUNCATED, 502, "upstream_error", "stream_truncated",
                provider + ": stream ended before completion (" + detail + ")", provider, null, null);
    }

    public static UpstreamException badResponse(String provider, String detail) {
        return new UpstreamException(Kind.BAD_RESPONSE, 502, "upstream_error", "bad_upstream_response",
                provider + ": unreadable response (" + detail + ")", provider, null, null);
    }

    public Kind kind() { return kind; }

    /** Status that routing rules ({@code on_status_codes}) match against; connection failures count as 502. */
    public int routingStatus() { return status(); }
}
