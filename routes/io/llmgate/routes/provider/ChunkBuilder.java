package io.llmgate.routes.provider;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmgate.routes.api.Usage;

/**
 * Builds the OpenAI chunks of one translated stream ({@code chat.completion.chunk} or {@code text_completion}),
 * all with the same id, model and creation time, as OpenAI sends them.
 */
final class ChunkBuilder {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String object;
    private final long created = Instant.now().getEpochSecond();
    private String id;
    private String model;

    private ChunkBuilder(String object, String id, String model) {
        this.object = object;
        this.id = id;
        this.model = model;
    }

    static ChunkBuilder forChat(String model) {
        return new ChunkBuilder("chat.completion.chunk", Ids.chatCompletion(), model);
    }

    static ChunkBuilder forText(String model) {
        return new ChunkBuilder("text_completion", Ids.completion(), model);
    }

    /** The provider's own response id, when it sends one. */
    void id(String providerId) {
        if (providerId != null && !providerId.isBlank()) {
            this.id = providerId;
        }
    }

    /** The model version the provider reports, when it does. */
    void model(String providerModel) {
        if (providerModel != null && !providerModel.isBlank()) {
            this.model = providerModel;
        }
    }

    /** A chat chunk carrying one choice's delta (an empty one when null), with its finish reason or null. */
    ObjectNode delta(int index, ObjectNode delta, String finishReason) {
        ObjectNode chunk = header();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", index);
        choice.set("delta", delta == null ? NODES.objectNode() : delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    /** A {@code text_completion} chunk, as OpenAI streams {@code /v1/completions}. */
    ObjectNode text(int index, String text, String finishReason) {
        ObjectNode chunk = header();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("text", text);
        choice.put("index", index);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    /** The last chunk: no choices, the usage (the gateway drops it again unless the client asked for usage). */
    ObjectNode usage(Usage usage) {
        ObjectNode chunk = header();
        chunk.putArray("choices");
        chunk.set("usage", usage.toJson());
        return chunk;
    }

    private ObjectNode header() {
        ObjectNode chunk = NODES.objectNode();
        chunk.put("id", id);
        chunk.put("object", object);
        chunk.put("created", created);
        chunk.put("model", model);
        return chunk;
    }
}
