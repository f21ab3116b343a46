package io.llmgate.model.logs;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.springframework.stereotype.Component;

/** Turns a request or response body into the text the log keeps: redacted, then cut at the size cap. */
@Component
public class LogBodies {

    static final String REDACTED = "[REDACTED]";

    private final boolean enabled;
    private final int maxChars;
    private final Set<String> redact;

    public LogBodies(LogProperties properties) {
        this.enabled = properties.getBodies().isEnabled();
        this.maxChars = properties.getBodies().getMaxChars();
        this.redact = properties.getBodies().getRedactFields().stream()
                .map(f -> f.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public boolean enabled() {
        return enabled;
    }

    /** The stored text, or null when bodies are off or there is none. */
    public String render(JsonNode body) {
        if (!enabled || body == null || body.isMissingNode() || body.isNull()) {
            return null;
        }
        String text = (redact.isEmpty() ? body : redacted(body.deepCopy())).toString();
        if (text.length() <= maxChars) {
            return text;
        }
        return text.substring(0, maxChars) + "...[truncated " + (text.length() - maxChars) + " chars]";
    }

    private JsonNode redacted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (redact.contains(f.getKey().toLowerCase(Locale.ROOT))) {
                    f.setValue(TextNode.valueOf(REDACTED));
                } else {
                    redacted(f.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(this::redacted);
        }
        return node;
    }
}
