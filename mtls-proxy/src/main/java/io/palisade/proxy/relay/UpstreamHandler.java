package io.palisade.proxy.relay;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;

/** The upstream channel's only handler: hands everything that happens there to its {@link Relay}. */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "upstream";

    private Relay relay;
    private Promise<?> connecting;

    /** Set once the connection is up; nothing is asked of the upstream before that (auto-read is off). */
    void relay(Relay relay) {
        this.relay = requireNonNull(relay, "relay");
        this.connecting = null;
    }

    /**
     * The attempt this upstream belongs to until the relay is set: a failure the transport reports
     * before then (the upstream closes or resets while being connected; it is read even with
     * auto-read off) fails the attempt with its real cause, not with the "channel closed" that
     * closing it would give.
     */
    void connecting(Promise<?> attempt) {
        this.connecting = requireNonNull(attempt, "attempt");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (relay == null) { // the upstream spoke before it was spliced: nothing can have asked for it
            ReferenceCountUtil.release(msg);
            return;
        }
        relay.fromUpstream((ByteBuf) msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (relay != null) {
            relay.flushDevice();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (relay != null) {
            relay.upstreamWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if ((evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) && relay != null) {
            relay.upstreamInputEnded();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (relay != null) {
            relay.sideClosed(ctx.channel());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (relay != null) {
            relay.failed(ctx.channel(), cause);
        } else {
            if (connecting != null) {
                connecting.tryFailure(cause);
            }
            ctx.close();
        }
    }
}
