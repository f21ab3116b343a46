package io.llmgate.routes.provider;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmgate.routes.api.Endpoint;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.UpstreamException;
import io.llmgate.routes.api.Usage;

/**
 * Anthropic's Messages API: system prompt apart, {@code max_tokens} required, content blocks, {@code tool_use} /
 * {@code tool_result} blocks for tools, and its own SSE event types.
 */
public class AnthropicAdapter extends AdapterSupport {

    public static final String NAME = "anthropic";
    static final String DEFAULT_VERSION = "2023-06-01";
    /** Anthropic requires max_tokens; OpenAI clients often leave it out. */
    static final int DEFAULT_MAX_TOKENS = 4096;

    public AnthropicAdapter(ObjectMapper json, String defaultBaseUrl) {
        super(json, defaultBaseUrl);
    }

    @Override
    protected String versionPath() {
        return "/v1";
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(Endpoint endpoint) {
        return endpoint == Endpoint.CHAT_COMPLETIONS || endpoint == Endpoint.MODELS;
    }

    @Override
    public UpstreamRequest toUpstream(Endpoint endpoint, ObjectNode body, ProviderTarget target) {
        if (endpoint != Endpoint.CHAT_COMPLETIONS) {
            throw unsupported(endpoint);
        }
        Map<String, String> headers = headers(target);
        authenticate(headers, target);
        return new UpstreamRequest("POST", uri(target, "/messages"), headers, write(toMessagesRequest(body)));
    }

    private void authenticate(Map<String, String> headers, ProviderTarget target) {
        if (target.apiKey() != null) {
            headers.put("x-api-key", target.apiKey());
        }
        String version = target.setting("anthropic_version");
        headers.put("anthropic-version", version != null ? version : DEFAULT_VERSION);
        if (target.setting("anthropic_beta") != null) {
            headers.put("anthropic-beta", target.setting("anthropic_beta"));
        }
    }

    ObjectNode toMessagesRequest(ObjectNode body) {
        ObjectNode out = json.createObjectNode();
        out.put("model", body.path("model").asText());
        JsonNode max = body.hasNonNull("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
        out.put("max_tokens", max != null && max.canConvertToInt() ? max.asInt() : DEFAULT_MAX_TOKENS);

        StringBuilder system = new StringBuilder();
        ArrayNode messages = out.putArray("messages");
        JsonNode in = body.path("messages");
        for (int i = 0; i < in.size(); i++) {
            JsonNode m = in.get(i);
            String role = m.path("role").asText();
            switch (role) {
                case "system", "developer" -> {
                    if (system.length() > 0) {
                        system.append("\n\n");
                    }
                    system.append(ChatMessages.text(m.get("content")));
                }
                case "user" -> append(messages, "user", userBlocks(m.get("content"), "messages[" + i + "].content"));
                case "assistant" -> append(messages, "assistant", assistantBlocks(m, i));
                case "tool", "function" -> {
                    ObjectNode result = json.createObjectNode();
                    result.put("type", "tool_result");
                    result.put("tool_use_id", m.path("tool_call_id").asText(m.path("name").asText()));
                    result.put("content", ChatMessages.text(m.get("content")));
                    append(messages, "user", json.createArrayNode().add(result));
                }
                default -> throw GatewayException.invalidRequest("unknown role '" + role + "'", "messages[" + i + "].role");
            }
        }
        if (system.length() > 0) {
            out.put("system", system.toString());
        }
        copy(body, "temperature", out, "temperature");
        copy(body, "top_p", out, "top_p");
        copy(body, "top_k", out, "top_k");
        JsonNode stop = body.get("stop");
        if (stop != null && stop.isTextual()) {
            out.putArray("stop_sequences").add(stop.asText());
        } else if (stop != null && stop.isArray()) {
            out.set("stop_sequences", stop);
        }
        if (body.path("stream").asBoolean(false)) {
            out.put("stream", true);
        }
        if (body.hasNonNull("user")) {
            out.putObject("metadata").put("user_id", body.get("user").asText());
        }
        JsonNode tools = body.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            ArrayNode outTools = out.putArray("tools");
            for (JsonNode t : tools) {
                JsonNode f = t.path("function");
                ObjectNode tool = outTools.addObject();
                tool.put("name", f.path("name").asText());
                if (f.hasNonNull("description")) {
                    tool.put("description", f.get("description").asText());
                }
                tool.set("input_schema", f.hasNonNull("parameters") ? f.get("parameters")
                        : json.createObjectNode().put("type", "object"));
            }
            ObjectNode choice = toolChoice(body.get("tool_choice"));
            if (choice != null) {
                if (body.has("parallel_tool_calls") && !body.get("parallel_tool_calls").asBoolean(true)
                        && !"none".equals(choice.path("type").asText())) {
                    choice.put("disable_parallel_tool_use", true);
                }
                out.set("tool_choice", choice);
            }
        }
        return out;
    }

    private ObjectNode toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return null;
        }
        ObjectNode out = json.createObjectNode();
        if (choice.isTextual()) {
            switch (choice.asText()) {
                case "none" -> out.put("type", "none");
                case "required" -> out.put("type", "any");
                default -> out.put("type", "auto");
            }
        } else {
            out.put("type", "tool");
            out.put("name", choice.path("function").path("name").asText());
        }
        return out;
    }

    /** Anthropic wants strictly alternating roles: consecutive messages of one role are merged. */
    private void append(ArrayNode messages, String role, ArrayNode blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && role.equals(last.path("role").asText())) {
            ((ArrayNode) last.get("content")).addAll(blocks);
        } else {
            ObjectNode m = messages.addObject();
            m.put("role", role);
            m.set("content", blocks);
        }
    }

    private ArrayNode userBlocks(JsonNode content, String path) {
        ArrayNode blocks = json.createArrayNode();
        if (content == null || content.isNull()) {
            return blocks;
        }
        if (content.isTextual()) {
            blocks.addObject().put("type", "text").put("text", content.asText());
            return blocks;
        }
        for (JsonNode part : content) {
            String type = part.path("type").asText();
            if ("text".equals(type)) {
                blocks.addObject().put("type", "text").put("text", part.path("text").asText());
            } else if ("image_url".equals(type)) {
                String url = ChatMessages.imageUrl(part);
                ObjectNode image = blocks.addObject().put("type", "image");
                ObjectNode source = image.putObject("source");
                if (url.startsWith("data:") && url.contains(";base64,")) {
                    source.put("type", "base64");
                    source.put("media_type", url.substring(5, url.indexOf(';')));
                    source.put("data", url.substring(url.indexOf(";base64,") + 8));
                } else {
                    source.put("type", "url").put("url", url);
                }
            } else {
                throw GatewayException.invalidRequest("content part type '" + type + "' is not supported by anthropic", path);
            }
        }
        return blocks;
    }

    private ArrayNode assistantBlocks(JsonNode m, int index) {
        ArrayNode blocks = json.createArrayNode();
        String text = ChatMessages.text(m.get("content"));
        if (!text.isEmpty()) {
            blocks.addObject().put("type", "text").put("text", text);
        }
        for (JsonNode call : m.path("tool_calls")) {
            ObjectNode use = blocks.addObject();
            use.put("type", "tool_use");
            use.put("id", call.path("id").asText());
            use.put("name", call.path("function").path("name").asText());
            use.set("input", ChatMessages.arguments(json, call, "messages[" + index + "].tool_calls"));
        }
        return blocks;
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        if (from.hasNonNull(field)) {
            to.set(as, from.get(field));
        }
    }

    @Override
    public ObjectNode toOpenAi(Endpoint endpoint, ObjectNode requestBody, byte[] responseBody) {
        ObjectNode in = requireArray(read(responseBody), "content");
        ObjectNode out = json.createObjectNode();
        out.put("id", in.path("id").asText());
        out.put("object", "chat.completion");
        out.put("created", Instant.now().getEpochSecond());
        out.put("model", in.path("model").asText(requestBody.path("model").asText()));
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        StringBuilder text = new StringBuilder();
        ArrayNode calls = null;
        for (JsonNode block : in.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" -> {
                    if (calls == null) {
                        calls = json.createArrayNode();
                    }
                    ObjectNode call = calls.addObject();
                    call.put("id", block.path("id").asText());
                    call.put("type", "function");
                    call.putObject("function").put("name", block.path("name").asText())
                            .put("arguments", block.path("input").toString());
                }
                default -> {
                    // thinking and other blocks have no OpenAI counterpart
                }
            }
        }
        if (text.length() > 0 || calls == null) {
            message.put("content", text.toString());
        } else {
            message.putNull("content");
        }
        if (calls != null) {
            message.set("tool_calls", calls);
        }
        choice.put("finish_reason", finishReason(in.path("stop_reason").asText(null)));
        out.set("usage", usage(in.path("usage"), 0).toJson());
        return out;
    }

    static String finishReason(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "max_tokens" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop";
        };
    }

    private static Usage usage(JsonNode u, long knownInput) {
        long cacheRead = u.path("cache_read_input_tokens").asLong(0);
        long input = u.has("input_tokens") ? u.path("input_tokens").asLong(0)
                + cacheRead + u.path("cache_creation_input_tokens").asLong(0) : knownInput;
        return new Usage(input, u.path("output_tokens").asLong(0), cacheRead);
    }

    @Override
    public StreamTranslator newStreamTranslator(Endpoint endpoint, ObjectNode requestBody) {
        return new MessagesStream(requestBody.path("model").asText());
    }

    @Override
    public UpstreamRequest listModels(ProviderTarget target) {
        Map<String, String> headers = headers(target);
        headers.remove("content-type");
        authenticate(headers, target);
        return new UpstreamRequest("GET", uri(target, "/models?limit=1000"), headers, null);
    }

    @Override
    public ObjectNode toOpenAiModelList(byte[] responseBody) {
        ObjectNode in = requireArray(read(responseBody), "data");
        ObjectNode out = json.createObjectNode().put("object", "list");
        ArrayNode data = out.putArray("data");
        for (JsonNode m : in.path("data")) {
            long created = 0;
            try {
                created = Instant.parse(m.path("created_at").asText()).getEpochSecond();
            } catch (DateTimeParseException e) {
                // leave 0
            }
            data.addObject().put("id", m.path("id").asText()).put("object", "model").put("created", created)
                    .put("owned_by", NAME);
        }
        return out;
    }

    /** Anthropic's stream events, as OpenAI chunks. */
    private final class MessagesStream implements StreamTranslator {
        private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
        private String id = "msg";
        private String model;
        private final long created = Instant.now().getEpochSecond();
        private Usage usage = Usage.NONE;
        private boolean done;

        MessagesStream(String model) {
            this.model = model;
        }

        @Override
        public void onEvent(String event, String data, ChunkSink out) {
            JsonNode e;
            try {
                e = json.readTree(data);
            } catch (IOException ex) {
                throw UpstreamException.badResponse(NAME, "unreadable event " + preview(data.getBytes()));
            }
            String type = event != null ? event : e.path("type").asText();
            switch (type) {
                case "message_start" -> {
                    JsonNode msg = e.path("message");
                    id = msg.path("id").asText(id);
                    model = msg.path("model").asText(model);
                    usage = usage(msg.path("usage"), 0);
                    ObjectNode chunk = chunk();
                    delta(chunk).put("role", "assistant").put("content", "");
                    out.chunk(chunk);
                }
                case "content_block_start" -> {
                    JsonNode block = e.path("content_block");
                    if ("tool_use".equals(block.path("type").asText())) {
                        int toolIndex = toolIndexByBlock.size();
                        toolIndexByBlock.put(e.path("index").asInt(), toolIndex);
                        ObjectNode chunk = chunk();
                        ObjectNode call = delta(chunk).putArray("tool_calls").addObject();
                        call.put("index", toolIndex).put("id", block.path("id").asText()).put("type", "function");
                        call.putObject("function").put("name", block.path("name").asText()).put("arguments", "");
                        out.chunk(chunk);
                    } else if ("text".equals(block.path("type").asText()) && !block.path("text").asText().isEmpty()) {
                        ObjectNode chunk = chunk();
                        delta(chunk).put("content", block.path("text").asText());
                        out.chunk(chunk);
                    }
                }
                case "content_block_delta" -> {
                    JsonNode d = e.path("delta");
                    String kind = d.path("type").asText();
                    if ("text_delta".equals(kind)) {
                        ObjectNode chunk = chunk();
                        delta(chunk).put("content", d.path("text").asText());
                        out.chunk(chunk);
                    } else if ("input_json_delta".equals(kind)) {
                        Integer toolIndex = toolIndexByBlock.get(e.path("index").asInt());
                        if (toolIndex != null) {
                            ObjectNode chunk = chunk();
                            ObjectNode call = delta(chunk).putArray("tool_calls").addObject();
                            call.put("index", toolIndex);
                            call.putObject("function").put("arguments", d.path("partial_json").asText());
                            out.chunk(chunk);
                        }
                    }
                }
                case "message_delta" -> {
                    JsonNode u = e.path("usage");
                    if (u.has("output_tokens")) {
                        Usage late = usage(u, usage.promptTokens());
                        usage = new Usage(u.has("input_tokens") ? late.promptTokens() : usage.promptTokens(),
                                late.completionTokens(), Math.max(usage.cachedTokens(), late.cachedTokens()));
                    }
                    String reason = finishReason(e.path("delta").path("stop_reason").asText(null));
                    if (reason != null) {
                        ObjectNode chunk = chunk();
                        delta(chunk);
                        ((ObjectNode) chunk.get("choices").get(0)).put("finish_reason", reason);
                        out.chunk(chunk);
                    }
                }
                case "message_stop" -> {
                    ObjectNode chunk = json.createObjectNode();
                    header(chunk);
                    chunk.putArray("choices");
                    chunk.set("usage", usage.toJson());
                    out.chunk(chunk);
                    done = true;
                }
                case "error" -> {
                    JsonNode err = e.path("error");
                    String errType = err.path("type").asText("api_error");
                    int status = switch (errType) {
                        case "overloaded_error" -> 529;
                        case "rate_limit_error" -> 429;
                        case "invalid_request_error" -> 400;
                        default -> 500;
                    };
                    throw new UpstreamException(UpstreamException.Kind.HTTP_ERROR, status, errType, errType,
                            NAME + " error: " + err.path("message").asText(), NAME, null, null);
                }
                default -> {
                    // ping, content_block_stop: nothing to send
                }
            }
        }

        private ObjectNode chunk() {
            ObjectNode chunk = json.createObjectNode();
            header(chunk);
            ObjectNode choice = chunk.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putNull("finish_reason");
            return chunk;
        }

        private void header(ObjectNode chunk) {
            chunk.put("id", id);
            chunk.put("object", "chat.completion.chunk");
            chunk.put("created", created);
            chunk.put("model", model);
        }

        private ObjectNode delta(ObjectNode chunk) {
            return ((ObjectNode) chunk.get("choices").get(0)).putObject("delta");
        }

        @Override
        public boolean finished() {
            return done;
        }
    }
}
