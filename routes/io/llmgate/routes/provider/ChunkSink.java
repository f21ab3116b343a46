package io.llmgate.routes.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Receives OpenAI {@code chat.completion.chunk} (or {@code text_completion}) objects from a {@link StreamTranslator}. */
@FunctionalInterface
public interface ChunkSink {
    void chunk(ObjectNode chunk);
}
