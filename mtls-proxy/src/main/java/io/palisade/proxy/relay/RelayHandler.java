package io.palisade.proxy.relay;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayDeque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.palisade.proxy.Upstream;
import io.palisade.proxy.events.CloseReason;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.pipeline.ConnectionContext;
import io.palisade.proxy.pipeline.IdentityEstablished;
import io.palisade.proxy.transport.Transport;

/**
 * The last stage of a fixed-route listener: once the device is admitted
 * ({@link IdentityEstablished} reaches it), connects to the route's upstream on the device's own
 * event loop (over TLS when the route says so, waiting for that handshake) and splices the two
 * connections with a {@link Relay}. Reads from the device pause
 * while connecting; what arrived already is held and sent first. An unreachable upstream is
 * reported as a refusal and the device is closed.
 */
public final class RelayHandler extends ChannelInboundHandlerAdapter {

    public static final String NAME = "relay";
    /** The name of the SslHandler on an upstream channel that speaks TLS. */
    public static final String TLS = "tls";
    private static final Logger log = LoggerFactory.getLogger(RelayHandler.class);

    private final Upstream upstream;
    private final SslContext upstreamTls;
    private final Transport transport;
    private final Duration connectTimeout;
    private final ArrayDeque<ByteBuf> early = new ArrayDeque<>();
    private Relay relay;
    private boolean connecting;
    private boolean deviceInputEnded;

    /** {@code upstreamTls}: the client context towards the upstream, null for plain TCP. */
    public RelayHandler(Upstream upstream, SslContext upstreamTls, Transport transport, Duration connectTimeout) {
        this.upstream = requireNonNull(upstream, "upstream");
        if (upstream.tls().isPresent() && upstreamTls == null) {
            throw new IllegalArgumentException("upstreamTls: null (expected: a client context for " + upstream + ")");
        }
        this.upstreamTls = upstreamTls;
        this.transport = requireNonNull(transport, "transport");
        this.connectTimeout = requireNonNull(connectTimeout, "connectTimeout");
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdentityEstablished && !connecting) {
            connect(ctx);
        } else if (evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) {
            deviceInputEnded = true;
            if (relay != null) {
                relay.deviceInputEnded();
            }
        }
        ReferenceCountUtil.release(evt);
    }

    private void connect(ChannelHandlerContext ctx) {
        connecting = true;
        SocketChannel device = (SocketChannel) ctx.channel();
        ConnectionContext conn = ConnectionContext.of(device).orElseThrow();
        device.config().setAutoRead(false);
        UpstreamHandler handler = new UpstreamHandler();
        ChannelFuture connected = new Bootstrap().group(device.eventLoop()).channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (upstreamTls != null) {
                            ch.pipeline().addLast(TLS, upstreamTls.newHandler(ch.alloc(), upstream.host(), upstream.port()));
                        }
                        ch.pipeline().addLast(UpstreamHandler.NAME, handler);
                    }
                })
                .connect(upstream.host(), upstream.port());
        device.closeFuture().addListener(f -> connected.channel().close());
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                unavailable(device, conn, f.cause());
                return;
            }
            SslHandler tls = connected.channel().pipeline().get(SslHandler.class);
            if (tls == null) {
                splice(device, (SocketChannel) connected.channel(), conn, handler);
                return;
            }
            tls.handshakeFuture().addListener(h -> {
                if (h.isSuccess()) {
                    splice(device, (SocketChannel) connected.channel(), conn, handler);
                } else {
                    connected.channel().close();
                    unavailable(device, conn, h.cause());
                }
            });
        });
    }

    private void unavailable(SocketChannel device, ConnectionContext conn, Throwable cause) {
        StringBuilder why = new StringBuilder();
        for (Throwable t = cause; t != null && why.length() < 1000; t = t.getCause()) {
            why.append(why.length() == 0 ? "" : ": ").append(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
        }
        conn.refuse(RefusalReason.UPSTREAM_UNAVAILABLE, "upstream " + upstream + (upstreamTls != null ? " (tls)" : "") + ": " + why);
        releaseEarly();
        device.close();
    }

    private void splice(SocketChannel device, SocketChannel upstreamChannel, ConnectionContext conn, UpstreamHandler handler) {
        if (!device.isActive()) {
            releaseEarly();
            upstreamChannel.close();
            return;
        }
        relay = new Relay(device, upstreamChannel, conn);
        handler.relay(relay);
        while (!early.isEmpty()) {
            relay.fromDevice(early.poll());
        }
        relay.flushUpstream();
        if (deviceInputEnded) {
            relay.deviceInputEnded();
        } else {
            device.config().setAutoRead(true);
        }
        upstreamChannel.config().setAutoRead(true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf data)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (relay != null) {
            relay.fromDevice(data);
        } else if (connecting) {
            early.add(data);
        } else {
            data.release();
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (relay != null) {
            relay.flushUpstream();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (relay != null) {
            relay.deviceWritabilityChanged();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseEarly();
        if (relay != null) {
            relay.sideClosed(ctx.channel());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ConnectionContext conn = ConnectionContext.of(ctx.channel()).orElse(null);
        if (conn != null && conn.isRefused()) {
            log.debug("{}: after refusal: {}", ctx.channel(), cause.toString());
        } else if (relay != null) {
            relay.failed(ctx.channel(), cause);
            return;
        } else {
            if (conn != null) {
                conn.closeReason(CloseReason.ERROR);
            }
            log.warn("{}: {}", ctx.channel(), cause.toString());
        }
        ctx.close();
    }

    private void releaseEarly() {
        while (!early.isEmpty()) {
            early.poll().release();
        }
    }
}
