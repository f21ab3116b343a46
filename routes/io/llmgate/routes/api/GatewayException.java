package io.llmgate.routes.api;

/**
 * A failure that becomes an OpenAI-style error response: {@code {"error":{"message","type","code","param","provider"}}}.
 * Every error the gateway answers with passes through this type, so no stack trace ever reaches a client.
 */
public class GatewayException extends RuntimeException {

    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final String provider;
    private final Long retryAfterSeconds;

    public GatewayException(int status, String type, String code, String message) {
        this(status, type, code, null, message, null, null, null);
    }

    public GatewayException(int status, String type, String code, String param, String message, String provider,
                            Long retryAfterSeconds, Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.provider = provider;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static GatewayException invalidRequest(String message, String param) {
        return new GatewayException(400, "invalid_request_error", "invalid_request", param, message, null, null, null);
    }

    public static GatewayException notFound(String message) {
        return new GatewayException(404, "invalid_request_error", "not_found", message);
    }

    public int status() { return status; }
    public String type() { return type; }
    public String code() { return code; }
    public String param() { return param; }
    public String provider() { return provider; }
    public Long retryAfterSeconds() { return retryAfterSeconds; }
}
