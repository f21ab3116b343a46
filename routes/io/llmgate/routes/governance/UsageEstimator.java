package io.llmgate.routes.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import io.llmgate.model.governance.GovernanceProperties;
import io.llmgate.routes.api.GatewayRequest;

/**
 * Estimates what a request will use before it is sent: prompt tokens from the text (about 4 characters a token,
 * plus a few per message) and completion tokens from its bound (max_completion_tokens / max_tokens times n, else
 * {@code gateway.budgets.default-completion-tokens}). Budgets hold this estimate; rate limits count it.
 */
@Component
public class UsageEstimator {

    /** @param choices answers asked for (n); completionTokens covers all of them */
    public record Estimate(long promptTokens, long completionTokens, int choices) {
        public Estimate(long promptTokens, long completionTokens) {
            this(promptTokens, completionTokens, 1);
        }

        public long total() {
            return promptTokens + completionTokens;
        }
    }

    private static final int IMAGE_TOKENS = 765; // a high-detail 512x512 tile set, OpenAI's usual upper figure

    private final GovernanceProperties properties;

    public UsageEstimator(GovernanceProperties properties) {
        this.properties = properties;
    }

    public Estimate estimate(GatewayRequest request, ObjectNode body) {
        if (body == null) {
            return new Estimate(0, 0);
        }
        long chars = 0;
        long extraTokens = 3;
        switch (request.endpoint()) {
            case CHAT_COMPLETIONS -> {
                for (JsonNode m : body.path("messages")) {
                    extraTokens += 4;
                    JsonNode content = m.path("content");
                    if (content.isTextual()) {
                        chars += content.asText().length();
                    } else if (content.isArray()) {
                        for (JsonNode part : content) {
                            if (part.path("text").isTextual()) {
                                chars += part.path("text").asText().length();
                            } else {
                                extraTokens += IMAGE_TOKENS;
                            }
                        }
                    }
                    if (m.has("tool_calls")) {
                        chars += m.get("tool_calls").toString().length();
                    }
                }
                if (body.has("tools")) {
                    chars += body.get("tools").toString().length();
                }
            }
            case COMPLETIONS -> chars += text(body.path("prompt"));
            case EMBEDDINGS -> {
                JsonNode input = body.path("input");
                if (input.isArray() && input.size() > 0 && input.get(0).isNumber()) {
                    extraTokens += input.size(); // already tokens
                } else {
                    chars += text(input);
                }
            }
            default -> {
                return new Estimate(0, 0);
            }
        }
        long prompt = (chars + 3) / 4 + extraTokens;
        long completion = 0;
        int choices = 1;
        if (request.endpoint() != io.llmgate.routes.api.Endpoint.EMBEDDINGS) {
            JsonNode max = body.hasNonNull("max_completion_tokens") ? body.get("max_completion_tokens")
                    : body.get("max_tokens");
            completion = max != null && max.canConvertToLong() && max.asLong() > 0 ? max.asLong()
                    : properties.getBudgets().getDefaultCompletionTokens();
            choices = Math.max(1, Math.min(body.path("n").asInt(1), 128));
            completion *= choices;
        }
        return new Estimate(prompt, completion, choices);
    }

    private static long text(JsonNode node) {
        if (node.isTextual()) {
            return node.asText().length();
        }
        long sum = 0;
        if (node.isArray()) {
            for (JsonNode n : node) {
                sum += n.isTextual() ? n.asText().length() : n.toString().length();
            }
        }
        return sum;
    }
}
