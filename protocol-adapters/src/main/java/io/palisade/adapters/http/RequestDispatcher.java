package io.palisade.adapters.http;

import static java.util.Objects.requireNonNull;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.palisade.proxy.service.ServiceContext;

/**
 * Hands each complete request to the {@link HttpRoutes} serving its path, one at a time: on an
 * HTTP/1.1 connection, reading pauses until the answer is written, so pipelined requests are
 * answered in order; on HTTP/2 each stream has its own dispatcher. A request the codec could not
 * read is a {@code 400}, a path nobody serves a {@code 404}. When the device ends its output, the
 * connection closes once the answer in progress is written. A file answer in progress is resumed
 * when the channel becomes writable again and aborted when it closes.
 */
final class RequestDispatcher extends ChannelInboundHandlerAdapter {

    static final String NAME = "http-dispatch";
    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

    private final List<HttpRoutes> routes;
    private final ServiceContext services;
    private boolean busy;
    private boolean inputEnded;
    /** The file answer being streamed, if any. */
    private FileBody body;

    RequestDispatcher(List<HttpRoutes> routes, ServiceContext services) {
        this.routes = List.copyOf(requireNonNull(routes, "routes"));
        this.services = requireNonNull(services, "services");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        busy = true;
        ctx.channel().config().setAutoRead(false);
        HttpExchange exchange = new HttpExchange(ctx, request, services, pathOf(request.uri()), () -> answered(ctx),
                b -> body = b);
        if (request.decoderResult().isFailure()) {
            exchange.text(HttpResponseStatus.BAD_REQUEST, "unreadable request: " + request.decoderResult().cause().getMessage());
            return;
        }
        for (HttpRoutes r : routes) {
            if (r.serves(exchange.path())) {
                try {
                    r.handle(exchange);
                } catch (RuntimeException e) {
                    log.error("{}: {} failed", ctx.channel(), exchange, e);
                    exchange.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
                }
                return;
            }
        }
        exchange.text(HttpResponseStatus.NOT_FOUND, "no such resource: " + exchange.path());
    }

    private void answered(ChannelHandlerContext ctx) {
        busy = false;
        body = null;
        if (inputEnded) {
            ctx.close();
        } else if (ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        }
    }

    /** The path of a request target: origin form up to {@code ?} or {@code #}; an absolute form's path. */
    static String pathOf(String uri) {
        String u = uri;
        int scheme = u.indexOf("://");
        if (scheme > 0 && scheme < u.indexOf('/') + 1) {
            int slash = u.indexOf('/', scheme + 3);
            u = slash < 0 ? "/" : u.substring(slash);
        }
        int end = u.length();
        for (char c : new char[] {'?', '#'}) {
            int i = u.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return u.substring(0, end);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) {
            inputEnded = true;
            if (!busy) {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (body != null && ctx.channel().isWritable()) {
            body.resume();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (body != null) {
            body.abort();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("{}: {}", ctx.channel(), cause.toString());
        ctx.close();
    }
}
