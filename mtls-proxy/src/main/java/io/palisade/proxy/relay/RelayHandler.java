package io.palisade.proxy.relay;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslContext;
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
 * connections with a {@link Relay}. While connecting, what the device sends is held (reads
 * pause past {@link #EARLY_LIMIT}) and sent first. An unreachable upstream is
 * reported as a refusal and the device is closed. A protocol stage (CONNECT) installs it once it
 * knows the target, fires {@link #CONNECT_NOW} and hears back through its {@link UpstreamOutcome}.
 *
 * <p>An idle spliced connection holds only this handler, its {@link Relay} and the connector it
 * shares with every connection of its route ({@link #forRoute}); the queue for early bytes exists
 * only while the upstream is being reached and something arrived.
 */
public final class RelayHandler extends ChannelInboundHandlerAdapter {

    public static final String NAME = "relay";
    /**
     * How much a device may send while its upstream is being reached before reads pause. Reads go
     * on until then so that a device that resets or closes is noticed at once.
     */
    static final int EARLY_LIMIT = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(RelayHandler.class);

    /** The user event that makes a relay installed by a protocol stage connect now. */
    public static final Object CONNECT_NOW = new Object() {
        @Override
        public String toString() {
            return "RelayHandler.CONNECT_NOW";
        }
    };

    private final UpstreamConnector connector;
    private final UpstreamOutcome outcome;
    private ArrayDeque<ByteBuf> early; // only while connecting, once the device sent something
    private int earlyBytes;
    private Relay relay;
    private boolean connecting;
    private boolean deviceInputEnded;

    /**
     * The relays of a fixed route, one per device connection, all sharing one immutable connector;
     * {@code upstreamTls}: the client context towards the upstream, null for plain TCP.
     */
    public static Supplier<RelayHandler> forRoute(Upstream upstream, SslContext upstreamTls, Transport transport,
                                                  Duration connectTimeout) {
        UpstreamConnector connector = new UpstreamConnector(upstream, upstreamTls, transport, connectTimeout);
        return () -> new RelayHandler(connector, UpstreamOutcome.SILENT);
    }

    private RelayHandler(UpstreamConnector connector, UpstreamOutcome outcome) {
        this.connector = connector;
        this.outcome = outcome;
    }

    /**
     * A relay to {@code upstream} over plain TCP, connected with {@code outbound} (a bootstrap on
     * the device's event loop, e.g. {@link io.palisade.proxy.service.ServiceContext#outbound()})
     * when {@link #CONNECT_NOW} reaches it; {@code outcome} answers the device.
     */
    public RelayHandler(Upstream upstream, Bootstrap outbound, UpstreamOutcome outcome) {
        this(new UpstreamConnector(upstream, null, outboundOf(outbound)), requireNonNull(outcome, "outcome"));
    }

    private static Function<Channel, Bootstrap> outboundOf(Bootstrap outbound) {
        requireNonNull(outbound, "outbound");
        return device -> outbound;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if ((evt instanceof IdentityEstablished || evt == CONNECT_NOW) && !connecting) {
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
        UpstreamHandler handler = new UpstreamHandler();
        connector.connect(device, handler).addListener(f -> {
            if (f.isSuccess()) {
                splice(device, (SocketChannel) f.getNow(), conn, handler);
            } else if (device.isActive()) {
                unavailable(device, conn, f.cause());
            } else {
                releaseEarly(); // the device left first: its leaving closed the upstream, nothing was refused
            }
        });
    }

    private void unavailable(SocketChannel device, ConnectionContext conn, Throwable cause) {
        StringBuilder why = new StringBuilder();
        for (Throwable t = cause; t != null && why.length() < 1000; t = t.getCause()) {
            why.append(why.length() == 0 ? "" : ": ").append(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
        }
        conn.refuse(RefusalReason.UPSTREAM_UNAVAILABLE, connector.describe() + ": " + why);
        releaseEarly();
        outcome.unreachable(device, cause);
        device.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void splice(SocketChannel device, SocketChannel upstreamChannel, ConnectionContext conn, UpstreamHandler handler) {
        if (!device.isActive()) {
            releaseEarly();
            upstreamChannel.close();
            return;
        }
        relay = new Relay(device, upstreamChannel, conn);
        handler.relay(relay);
        outcome.reached(device);
        if (early != null) {
            while (!early.isEmpty()) {
                relay.fromDevice(early.poll());
            }
            early = null;
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
            if (early == null) {
                early = new ArrayDeque<>(4);
            }
            early.add(data);
            earlyBytes += data.readableBytes();
            if (earlyBytes >= EARLY_LIMIT) {
                ctx.channel().config().setAutoRead(false);
            }
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
        if (early == null) {
            return;
        }
        while (!early.isEmpty()) {
            early.poll().release();
        }
        early = null;
    }
}
