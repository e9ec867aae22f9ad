package io.palisade.app.admin;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Answers each aggregated admin request with {@link AdminRoutes}; a request the codec could not
 * decode (malformed, or larger than the aggregator allows) gets 400 and the connection is closed.
 * Stateless, so one instance serves every connection.
 */
@Sharable
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String NAME = "admin-routes";

    private final AdminRoutes routes;

    AdminHandler(AdminRoutes routes) {
        this.routes = requireNonNull(routes, "routes");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            reply(ctx, new AdminResponse(400, AdminResponse.TEXT, "bad request\n"), false);
            return;
        }
        AdminResponse answer;
        try {
            answer = routes.respond(request.method().name(), request.uri());
        } catch (RuntimeException e) {
            ctx.fireExceptionCaught(e);
            answer = new AdminResponse(500, AdminResponse.TEXT, "internal error\n");
        }
        reply(ctx, answer, HttpUtil.isKeepAlive(request));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            reply(ctx, new AdminResponse(400, AdminResponse.TEXT, "request too large\n"), false);
        } else {
            ctx.close();
        }
    }

    private static void reply(ChannelHandlerContext ctx, AdminResponse answer, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(answer.bytes()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (answer.status() == 405) {
            response.headers().set(HttpHeaderNames.ALLOW, "GET");
        }
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
