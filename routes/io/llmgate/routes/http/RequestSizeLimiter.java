package io.llmgate.routes.http;


import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

import org.apache.camel.component.netty.ChannelHandlerFactory;

/**
 * Rejects request bodies over the configured limit with 413 in OpenAI's error shape, before they are buffered:
 * on the declared Content-Length, or while counting a chunked body. Netty's own aggregator would answer with an
 * empty 413 instead.
 */
public class RequestSizeLimiter extends ChannelInboundHandlerAdapter implements ChannelHandlerFactory {

    private final long limit;
    private long seen;
    private boolean rejecting;

    public RequestSizeLimiter(long limit) {
        this.limit = limit;
    }

    @Override
    public ChannelHandler newChannelHandler() {
        return new RequestSizeLimiter(limit);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request && request.decoderResult().isFailure()) {
            ctx.fireChannelRead(msg); // ConnectionGuard answers it; its headers may not even parse
            return;
        }
        if (msg instanceof HttpRequest request) {
            seen = 0;
            rejecting = false;
            if (HttpUtil.getContentLength(request, -1L) > limit) {
                reject(ctx, msg);
                return;
            }
        }
        if (rejecting) {
            boolean last = msg instanceof io.netty.handler.codec.http.LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (last) {
                ctx.close(); // the whole body was read: closing now cannot reset the answer away
            }
            return;
        }
        if (msg instanceof HttpContent content) {
            seen += content.content().readableBytes();
            if (seen > limit) {
                reject(ctx, msg);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void reject(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        rejecting = true;
        FullHttpResponse response = ClosingJsonResponse.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "invalid_request_error", "request_too_large", "request body exceeds the limit of " + limit + " bytes");
        // from the channel, not ctx: the response encoder sits behind this handler in the pipeline. The client may
        // still be sending the body; closing with unread bytes would make the kernel send a reset that can destroy
        // the 413 before the client reads it. So: answer, then read and drop the rest of the body, then close.
        ctx.channel().writeAndFlush(response);
        ctx.executor().schedule(() -> ctx.close(), 5, java.util.concurrent.TimeUnit.SECONDS);
    }
}
