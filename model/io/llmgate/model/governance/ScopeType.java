package io.llmgate.model.governance;

/**
 * What a budget or rate limit counts: one API key, one virtual key, the whole workspace, or one end user (from the
 * request metadata). A scope reference of {@code *} counts each API key, virtual key or user separately.
 */
public enum ScopeType {
    API_KEY, VIRTUAL_KEY, WORKSPACE, USER;

    public static ScopeType parse(String value) {
        if (value != null) {
            String v = value.trim().replace('-', '_');
            for (ScopeType s : values()) {
                if (s.name().equalsIgnoreCase(v)) {
                    return s;
                }
            }
        }
        throw GovernanceException.invalid("scope.type", "scope type must be one of api_key, virtual_key, workspace, user");
    }
}
