package io.llmgate.routes.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.stream.ChunkedWriteHandler;

import org.apache.camel.Message;
import org.apache.camel.component.netty.NettyConstants;
import org.apache.camel.component.netty.http.DefaultNettyHttpBinding;
import org.apache.camel.component.netty.http.NettyHttpConfiguration;

/** Camel's binding, plus responses whose body is an {@link SseStream}: written chunk by chunk as it fills. */
public class StreamingHttpBinding extends DefaultNettyHttpBinding {

    @Override
    public HttpResponse toNettyResponse(Message message, NettyHttpConfiguration configuration) throws Exception {
        if (!(message.getBody() instanceof SseStream stream)) {
            return super.toNettyResponse(message, configuration);
        }
        // let Camel build status and headers from an empty body, then swap in the stream
        message.setBody(new byte[0]);
        HttpResponse head = super.toNettyResponse(message, configuration);
        if (head instanceof FullHttpResponse full) {
            full.release();
        }
        DefaultHttpResponse streamHead = new DefaultHttpResponse(head.protocolVersion(), head.status());
        streamHead.headers().set(head.headers());
        streamHead.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        streamHead.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);

        // Camel would close the connection when the headers are written; close after the last chunk instead
        boolean close = Boolean.TRUE.equals(message.removeHeader(NettyConstants.NETTY_CLOSE_CHANNEL_WHEN_COMPLETE));
        ChannelHandlerContext ctx = message.getExchange().getIn()
                .getHeader(NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT, ChannelHandlerContext.class);
        if (ctx != null) {
            stream.attach(ctx.channel(), (ChunkedWriteHandler) ctx.pipeline().get("outbound-streamer"), close);
        }
        message.setBody(stream);
        return new StreamingHttpResponse(stream, streamHead);
    }
}
