package io.llmgate.routes.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** An error the Netty handlers answer themselves, before Camel sees the request: JSON, then the connection closes. */
final class ClosingJsonResponse {

    // a factory is thread-safe once built; a streaming generator keeps this path free of object mapping
    private static final JsonFactory JSON = new JsonFactory();

    private ClosingJsonResponse() {
    }

    /** An OpenAI-style error, {@code {"error":{"message","type","code","param":null}}}, answered and closed. */
    static FullHttpResponse error(HttpResponseStatus status, String type, String code, String message) {
        return of(status, errorBody(type, code, message));
    }

    /** The error's JSON, for handlers that write the same answer often and so keep the bytes. */
    static byte[] errorBody(String type, String code, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + message.length());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("message", message);
            g.writeStringField("type", type);
            g.writeStringField("code", code);
            g.writeNullField("param");
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return out.toByteArray();
    }

    static FullHttpResponse of(HttpResponseStatus status, byte[] json) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(json));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, json.length);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
