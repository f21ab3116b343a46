package io.llmgate.routes.api;

/** The OpenAI API operations the gateway proxies. */
public enum Endpoint {
    CHAT_COMPLETIONS("/v1/chat/completions"),
    COMPLETIONS("/v1/completions"),
    EMBEDDINGS("/v1/embeddings"),
    MODELS("/v1/models");

    private final String path;

    Endpoint(String path) {
        this.path = path;
    }

    public String path() { return path; }

    /** Scope name used by API key scopes and logs, e.g. {@code chat.completions}. */
    public String scope() {
        return path.substring(4).replace('/', '.');
    }
}
