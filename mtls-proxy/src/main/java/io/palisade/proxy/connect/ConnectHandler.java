package io.palisade.proxy.connect;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.Request.Connect;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.relay.UpstreamOutcome;
import io.palisade.proxy.service.ServiceContext;

/**
 * Turns one {@code CONNECT host:port HTTP/1.1} into a tunnel, or refuses it. Only CONNECT is
 * served ({@code 405} otherwise), one per connection, without a body; a request the decoder could
 * not read, or a target that is not {@code host:port}, is a {@code 400}. The policy judges the
 * name first; the gateway then resolves it itself (never on the event loop) and the policy judges
 * the addresses, so a name resolving into a denied range is refused too ({@code 403}). A name that
 * does not resolve or a target that refuses is a {@code 502}, one that does not answer in time a
 * {@code 504}; the tunnel is a {@code 200}, then bytes are relayed both ways. Each decision is
 * reported, each refusal once, with the deciding rule. Bytes the device sends ahead of the answer
 * are held (reads pause meanwhile) and go through the tunnel first.
 */
public final class ConnectHandler extends ChannelInboundHandlerAdapter {

    public static final String NAME = "connect";
    private static final Logger log = LoggerFactory.getLogger(ConnectHandler.class);

    private enum State { REQUEST, END_OF_REQUEST, DECIDING, DONE }

    private final ServiceContext services;
    private final HostResolver resolver;
    private final TunnelOpener tunnels;
    private final String decoder;
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    private State state = State.REQUEST;
    private ConnectTarget target;
    private Object inputEnded;

    /** {@code decoder}: the name of the HTTP request decoder before this handler, removed once the request is read. */
    ConnectHandler(ServiceContext services, HostResolver resolver, TunnelOpener tunnels, String decoder) {
        this.services = requireNonNull(services, "services");
        this.resolver = requireNonNull(resolver, "resolver");
        this.tunnels = requireNonNull(tunnels, "tunnels");
        this.decoder = requireNonNull(decoder, "decoder");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (state == State.REQUEST && msg instanceof HttpRequest request) {
                read(ctx, request);
            }
            if (state == State.END_OF_REQUEST && msg instanceof LastHttpContent) {
                decideName(ctx);
            } else if (state == State.DECIDING && msg instanceof ByteBuf data) {
                held.add(data.retain());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void read(ChannelHandlerContext ctx, HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            reject(ctx, ConnectResponse.BAD_REQUEST, RefusalReason.NOT_ADMITTED, "CONNECT: unreadable request: " + cause.getMessage());
        } else if (!HttpMethod.CONNECT.equals(request.method())) {
            reject(ctx, ConnectResponse.METHOD_NOT_ALLOWED, RefusalReason.NOT_ADMITTED,
                    "CONNECT: method " + request.method() + " (expected: CONNECT)");
        } else if (hasBody(request)) {
            reject(ctx, ConnectResponse.BAD_REQUEST, RefusalReason.NOT_ADMITTED, "CONNECT " + request.uri() + ": a request body (expected: none)");
        } else {
            try {
                target = ConnectTarget.parse(request.uri());
                state = State.END_OF_REQUEST;
            } catch (IllegalArgumentException e) {
                reject(ctx, ConnectResponse.BAD_REQUEST, RefusalReason.NOT_ADMITTED, "CONNECT: " + e.getMessage());
            }
        }
    }

    private static boolean hasBody(HttpRequest request) {
        try {
            return HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) != 0;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** The request is complete: stop decoding HTTP (what follows is tunnel bytes) and judge the name. */
    private void decideName(ChannelHandlerContext ctx) {
        state = State.DECIDING;
        ctx.channel().config().setAutoRead(false);
        if (ctx.pipeline().context(decoder) != null) {
            ctx.pipeline().remove(decoder); // hands over the bytes it buffered after the request
        }
        Connect request = Connect.tcp(target.host(), target.port());
        if (!allowed(ctx, request)) {
            return;
        }
        Optional<InetAddress> literal = target.literal();
        CompletionStage<List<InetAddress>> lookup;
        if (literal.isPresent()) {
            lookup = CompletableFuture.completedFuture(List.of(literal.get()));
        } else {
            try {
                lookup = requireNonNull(resolver.resolve(target.host()), "resolve");
            } catch (RuntimeException e) {
                lookup = CompletableFuture.failedFuture(e);
            }
        }
        lookup.whenComplete((addresses, error) -> ctx.executor().execute(() -> resolved(ctx, request, addresses, error)));
    }

    private void resolved(ChannelHandlerContext ctx, Connect request, List<InetAddress> addresses, Throwable error) {
        if (state != State.DECIDING || !ctx.channel().isActive()) {
            releaseHeld();
            return;
        }
        if (error != null || addresses == null || addresses.isEmpty()) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            reject(ctx, ConnectResponse.BAD_GATEWAY, RefusalReason.UPSTREAM_UNAVAILABLE, "CONNECT " + target + ": " + target.host()
                    + " did not resolve" + (cause != null ? ": " + cause : ""));
            return;
        }
        Connect judged = request.resolvedTo(addresses);
        if (!allowed(ctx, judged)) {
            return;
        }
        state = State.DONE;
        tunnels.open(ctx, new InetSocketAddress(addresses.get(0), target.port()), new Answer());
        while (!held.isEmpty()) {
            ctx.fireChannelRead(held.poll());
        }
        if (inputEnded != null) {
            ctx.fireUserEventTriggered(inputEnded);
        }
        ctx.pipeline().remove(this);
        ctx.channel().config().setAutoRead(true);
    }

    private boolean allowed(ChannelHandlerContext ctx, Connect request) {
        Decision decision;
        try {
            decision = requireNonNull(services.policy().decide(services.device(), request), "decision");
        } catch (RuntimeException e) {
            log.error("{}: policy failed on {}; refusing", ctx.channel(), request, e);
            reject(ctx, ConnectResponse.FORBIDDEN, RefusalReason.NOT_ADMITTED, request + ": policy failed: " + e);
            return false;
        }
        services.decided(request, decision);
        if (decision.allowed()) {
            return true;
        }
        reject(ctx, ConnectResponse.FORBIDDEN, RefusalReason.NOT_ADMITTED, request + " denied by " + decision.ruleName()
                + " (generation " + decision.generation() + "): " + decision.reason());
        return false;
    }

    /** One refusal event, one answer to the device, then closed. */
    private void reject(ChannelHandlerContext ctx, ConnectResponse response, RefusalReason reason, String detail) {
        state = State.DONE;
        releaseHeld();
        services.refuse(reason, detail);
        ctx.writeAndFlush(response.encode(ctx.alloc())).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) {
            if (state == State.DECIDING) {
                inputEnded = evt; // passed on to the tunnel once it is open
                return;
            }
            if (state != State.DONE) {
                ctx.close(); // the device stopped before its request was complete
                return;
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseHeld();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("{}: {}", ctx.channel(), cause.toString());
        releaseHeld();
        ctx.close();
    }

    private void releaseHeld() {
        while (!held.isEmpty()) {
            held.poll().release();
        }
    }

    /** Answers the device once the relay has reached the target, or failed to. */
    private static final class Answer implements UpstreamOutcome {
        @Override
        public void reached(Channel device) {
            device.writeAndFlush(ConnectResponse.ESTABLISHED.encode(device.alloc()));
        }

        @Override
        public void unreachable(Channel device, Throwable cause) {
            ConnectResponse response = cause instanceof ConnectTimeoutException ? ConnectResponse.GATEWAY_TIMEOUT : ConnectResponse.BAD_GATEWAY;
            device.writeAndFlush(response.encode(device.alloc()));
        }
    }
}
