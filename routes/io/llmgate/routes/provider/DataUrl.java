package io.llmgate.routes.provider;

/**
 * A base64 {@code data:} URL split into media type and payload. Providers without URL fetching (Gemini inline data,
 * Ollama images) only take images this way.
 */
record DataUrl(String mimeType, String base64) {

    private static final String MARKER = ";base64,";

    /** The parts of a {@code data:<type>;base64,<data>} URL, or null when {@code url} is something else. */
    static DataUrl parse(String url) {
        if (url == null || !url.startsWith("data:")) {
            return null;
        }
        int marker = url.indexOf(MARKER);
        if (marker < 0) {
            return null;
        }
        String type = url.substring(5, marker);
        int parameters = type.indexOf(';'); // data:image/png;name=x;base64,...
        if (parameters >= 0) {
            type = type.substring(0, parameters);
        }
        return new DataUrl(type.isBlank() ? "application/octet-stream" : type, url.substring(marker + MARKER.length()));
    }
}
