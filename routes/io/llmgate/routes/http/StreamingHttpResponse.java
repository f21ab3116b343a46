package io.llmgate.routes.http;

import java.io.InputStream;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;

import org.apache.camel.component.netty.http.OutboundStreamHttpResponse;

/**
 * Camel's Netty HTTP pipeline writes an {@link OutboundStreamHttpResponse} as headers followed by chunks; this one
 * takes its chunks from an {@link SseStream} without blocking instead of from an InputStream.
 */
final class StreamingHttpResponse extends OutboundStreamHttpResponse {

    private final SseStream stream;

    StreamingHttpResponse(SseStream stream, DefaultHttpResponse head) {
        super(InputStream.nullInputStream(), head);
        this.stream = stream;
        headers().set(head.headers());
    }

    @Override
    public boolean isEndOfInput() {
        return stream.isEndOfInput();
    }

    @Override
    public void close() {
        stream.close();
    }

    @Override
    @Deprecated
    public HttpContent readChunk(ChannelHandlerContext ctx) {
        return stream.readChunk(ctx.alloc());
    }

    @Override
    public HttpContent readChunk(ByteBufAllocator allocator) {
        return stream.readChunk(allocator);
    }

    @Override
    public long length() {
        return -1;
    }

    @Override
    public long progress() {
        return stream.progress();
    }
}
