package io.llmgate.routes.provider;

/** How a provider frames its streamed events. */
public enum StreamFraming {
    /** Server-Sent Events: {@code event:} / {@code data:} lines separated by a blank line. */
    SSE,
    /** One JSON object per line (Ollama). */
    NDJSON
}
