package io.llmgate.console.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Every list of the admin API: {@code {"object":"list","data":[...],"has_more":false}}, plus {@code page} and
 * {@code size} where the list is paged and {@code total} when it was counted.
 */
@Schema(description = "Every list of the admin API: object, data, has_more; page and size when "
        + "paged; total when counted")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"object", "data", "has_more", "page", "size", "total"})
public record ApiList<T>(@Schema(allowableValues = "list") String object, List<T> data, boolean hasMore,
                         Integer page, Integer size, Long total) {

    public static final String OBJECT = "list";

    /** A whole list, not paged. */
    public static <T> ApiList<T> of(List<T> data) {
        return new ApiList<>(OBJECT, data, false, null, null, null);
    }

    public static <T> ApiList<T> page(List<T> data, int page, int size, boolean hasMore, Long total) {
        return new ApiList<>(OBJECT, data, hasMore, page, size, total);
    }

    /** The envelope as a map, for lists that carry more fields (the range of a usage report, say). */
    public static Map<String, Object> withFields(List<?> data, Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", OBJECT);
        body.put("data", data);
        body.put("has_more", false);
        body.putAll(fields);
        return body;
    }
}
