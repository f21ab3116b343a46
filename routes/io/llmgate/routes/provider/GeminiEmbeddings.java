package io.llmgate.routes.provider;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmgate.routes.api.Usage;

/** OpenAI embeddings as Gemini's {@code batchEmbedContents}: one request per input text, one vector back for each. */
final class GeminiEmbeddings {

    private final ObjectMapper json;

    GeminiEmbeddings(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode request(ObjectNode body, String modelPath) {
        ObjectNode out = json.createObjectNode();
        ArrayNode requests = out.putArray("requests");
        for (String text : Embeddings.texts(body, GeminiAdapter.NAME)) {
            ObjectNode r = requests.addObject();
            r.put("model", modelPath);
            r.putObject("content").putArray("parts").addObject().put("text", text);
            if (body.hasNonNull("dimensions")) {
                r.set("outputDimensionality", body.get("dimensions"));
            }
        }
        return out;
    }

    /** Gemini reports no token count for embeddings: usage stays 0. */
    ObjectNode response(ObjectNode requestBody, ObjectNode in) {
        List<JsonNode> vectors = new ArrayList<>();
        for (JsonNode e : in.path("embeddings")) {
            vectors.add(e.path("values"));
        }
        return Embeddings.list(requestBody, vectors, Usage.NONE);
    }
}
