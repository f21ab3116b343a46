package io.llmgate.model.governance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Lists and maps stored as JSON text, so the schema stays portable between H2 and PostgreSQL. */
public final class JsonColumns {

    static final ObjectMapper JSON = new ObjectMapper();

    private JsonColumns() {
    }

    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON column", e);
        }
    }

    @Converter
    public static class StringList implements AttributeConverter<List<String>, String> {
        @Override
        public String convertToDatabaseColumn(List<String> value) {
            return value == null ? null : write(value);
        }

        @Override
        public List<String> convertToEntityAttribute(String column) {
            if (column == null || column.isBlank()) {
                return null;
            }
            try {
                return List.copyOf(JSON.readValue(column, new TypeReference<List<String>>() { }));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable JSON list column", e);
            }
        }
    }

    @Converter
    public static class StringMap implements AttributeConverter<Map<String, String>, String> {
        @Override
        public String convertToDatabaseColumn(Map<String, String> value) {
            return value == null ? null : write(value);
        }

        @Override
        public Map<String, String> convertToEntityAttribute(String column) {
            if (column == null || column.isBlank()) {
                return null;
            }
            try {
                return new LinkedHashMap<>(JSON.readValue(column, new TypeReference<Map<String, String>>() { }));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable JSON map column", e);
            }
        }
    }
}
