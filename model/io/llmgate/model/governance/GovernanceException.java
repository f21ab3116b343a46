package io.llmgate.model.governance;

/**
 * A refused governance operation, with the HTTP status family it maps to. Messages are meant for the caller and
 * never contain secrets.
 */
public class GovernanceException extends RuntimeException {

    public enum Kind {
        INVALID(400, "invalid_request_error"),
        UNAUTHORIZED(401, "authentication_error"),
        FORBIDDEN(403, "permission_error"),
        NOT_FOUND(404, "not_found_error"),
        CONFLICT(409, "conflict_error");

        private final int status;
        private final String type;

        Kind(int status, String type) {
            this.status = status;
            this.type = type;
        }

        public int status() { return status; }
        public String type() { return type; }
    }

    private final Kind kind;
    private final String code;
    private final String param;

    public GovernanceException(Kind kind, String code, String param, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
        this.param = param;
    }

    public static GovernanceException invalid(String param, String message) {
        return new GovernanceException(Kind.INVALID, "invalid_value", param, message);
    }

    public static GovernanceException notFound(String what, String id) {
        return new GovernanceException(Kind.NOT_FOUND, "not_found", null, what + " '" + id + "' not found");
    }

    public static GovernanceException forbidden(String message) {
        return new GovernanceException(Kind.FORBIDDEN, "forbidden", null, message);
    }

    public static GovernanceException conflict(String message) {
        return new GovernanceException(Kind.CONFLICT, "conflict", null, message);
    }

    public Kind kind() { return kind; }
    public String code() { return code; }
    public String param() { return param; }
}
