package io.llmgate.routes.provider;

/**
 * Turns one provider's stream events into OpenAI chunks, one stream at a time (not thread-safe, not shared).
 * Usage travels as a final chunk with empty {@code choices} and a {@code usage} object, as OpenAI sends it with
 * {@code stream_options.include_usage}; the gateway strips it again when the client did not ask for it.
 */
public interface StreamTranslator {

    /**
     * @param event the SSE event name (null when absent, and for NDJSON)
     * @param data  the SSE data payload or the NDJSON line
     */
    void onEvent(String event, String data, ChunkSink out);

    /** True once the provider signalled a proper end of the stream ({@code [DONE]}, {@code message_stop}, ...). */
    boolean finished();

    /**
     * Called when the provider closes the stream; a translator may emit what it held back. Returns normally when
     * the end was proper; otherwise the gateway sends an error event instead of {@code [DONE]}.
     */
    default void onClose(ChunkSink out) {
    }
}
