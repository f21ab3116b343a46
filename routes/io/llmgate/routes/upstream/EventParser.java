package io.llmgate.routes.upstream;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.llmgate.routes.provider.StreamFraming;

/**
 * Splits a provider's byte stream into events: SSE ({@code event:}/{@code data:} lines ending in a blank line) or
 * NDJSON (one event per line). Lines are cut on bytes before decoding, so a UTF-8 character split across network
 * reads stays whole.
 */
final class EventParser {

    interface Listener {
        void onEvent(String event, String data);
    }

    private final StreamFraming framing;
    private final Listener listener;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private String event;
    private StringBuilder data;

    EventParser(StreamFraming framing, Listener listener) {
        this.framing = framing;
        this.listener = listener;
    }

    void feed(ByteBuffer buffer) {
        while (buffer.hasRemaining()) {
            byte b = buffer.get();
            if (b == '\n') {
                int len = line.size();
                byte[] bytes = line.toByteArray();
                line.reset();
                if (len > 0 && bytes[len - 1] == '\r') {
                    len--;
                }
                onLine(new String(bytes, 0, len, StandardCharsets.UTF_8));
            } else {
                line.write(b);
            }
        }
    }

    /** The provider closed the stream: a last line without newline still counts. */
    void close() {
        if (line.size() > 0) {
            onLine(line.toString(StandardCharsets.UTF_8));
            line.reset();
        }
        if (framing == StreamFraming.SSE) {
            dispatch();
        }
    }

    private void onLine(String text) {
        if (framing == StreamFraming.NDJSON) {
            if (!text.isBlank()) {
                listener.onEvent(null, text);
            }
            return;
        }
        if (text.isEmpty()) {
            dispatch();
        } else if (text.startsWith(":")) {
            // comment / keep-alive
        } else if (text.startsWith("data:")) {
            if (data == null) {
                data = new StringBuilder();
            } else {
                data.append('\n');
            }
            data.append(stripSpace(text.substring(5)));
        } else if (text.startsWith("event:")) {
            event = stripSpace(text.substring(6));
        }
        // id: and retry: are not used by any provider stream
    }

    private void dispatch() {
        if (data != null) {
            String d = data.toString();
            String e = event;
            data = null;
            event = null;
            listener.onEvent(e, d);
        } else {
            event = null;
        }
    }

    private static String stripSpace(String s) {
        return s.startsWith(" ") ? s.substring(1) : s;
    }
}
