package io.palisade.proxy.relay;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslClosedEngineException;
import io.netty.handler.ssl.SslHandler;
import io.palisade.proxy.events.CloseReason;
import io.palisade.proxy.pipeline.ConnectionContext;

/**
 * One device connection spliced to one upstream connection, on the same event loop. Buffers are
 * passed through, never copied. Backpressure: a side whose peer is not writable stops reading
 * until the peer drains. Half-close: when one side's input ends, the other side's output is shut
 * (over TLS: a close_notify, then a TCP FIN); when both inputs have ended, both
 * channels close. Over TLS a half-close is only as good as the peer's stack: BoringSSL (as Netty
 * drives it) and the JDK answer a close_notify by closing their side too, so a device that
 * half-closes its TLS leg cannot count on receiving afterwards; over plain TCP it can. A close or error on either side closes both after what was written is flushed.
 */
final class Relay {

    private static final Logger log = LoggerFactory.getLogger(Relay.class);

    private final SocketChannel device;
    private final SocketChannel upstream;
    private final ConnectionContext conn;
    private boolean deviceInputEnded;
    private boolean upstreamInputEnded;
    private boolean failed;

    Relay(SocketChannel device, SocketChannel upstream, ConnectionContext conn) {
        this.device = requireNonNull(device, "device");
        this.upstream = requireNonNull(upstream, "upstream");
        this.conn = requireNonNull(conn, "conn");
    }

    void fromDevice(ByteBuf data) {
        conn.countFromDevice(data.readableBytes());
        upstream.write(data, upstream.voidPromise());
        if (!upstream.isWritable()) {
            device.config().setAutoRead(false);
        }
    }

    void fromUpstream(ByteBuf data) {
        conn.countToDevice(data.readableBytes());
        device.write(data).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        if (!device.isWritable()) {
            upstream.config().setAutoRead(false);
        }
    }

    void flushUpstream() {
        upstream.flush();
    }

    void flushDevice() {
        device.flush();
    }

    /** The upstream's writability changed: resume or keep pausing reads from the device. */
    void upstreamWritabilityChanged() {
        if (!deviceInputEnded) {
            device.config().setAutoRead(upstream.isWritable());
        }
    }

    /** The device's writability changed: resume or keep pausing reads from the upstream. */
    void deviceWritabilityChanged() {
        if (!upstreamInputEnded) {
            upstream.config().setAutoRead(device.isWritable());
        }
    }

    /** The device will send no more: finish sending to the upstream, then end its output. */
    void deviceInputEnded() {
        if (deviceInputEnded) {
            return;
        }
        deviceInputEnded = true;
        endOutput(upstream);
    }

    /** The upstream will send no more: finish sending to the device, then end its output. */
    void upstreamInputEnded() {
        if (upstreamInputEnded) {
            return;
        }
        upstreamInputEnded = true;
        endOutput(device);
    }

    /** Flushes what is queued for {@code side}, sends close_notify if it speaks TLS, then a TCP FIN. */
    private void endOutput(SocketChannel side) {
        side.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            SslHandler tls = side.pipeline().get(SslHandler.class);
            (tls == null ? side.newSucceededFuture() : tls.closeOutbound())
                    .addListener(n -> side.shutdownOutput().addListener(done -> closeIfBothEnded()));
        });
    }

    private void closeIfBothEnded() {
        if (deviceInputEnded && upstreamInputEnded) {
            conn.closeReason(CloseReason.FINISHED);
            device.close();
            upstream.close();
        }
    }

    /** One side closed: flush what is queued for the other, then close it. */
    void sideClosed(Channel side) {
        Channel other = side == device ? upstream : device;
        if (other.isActive()) {
            other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** An I/O error on {@code side}: logs it once (WARN, no stack, for network errors) and closes both. */
    void failed(Channel side, Throwable cause) {
        if (failed) {
            return;
        }
        failed = true;
        conn.closeReason(CloseReason.ERROR);
        if (cause instanceof ClosedChannelException || cause instanceof SslClosedEngineException) {
            log.debug("{} {}: {} side already closed", conn.listener(), conn.remote(), side == device ? "device" : "upstream");
        } else if (cause instanceof IOException || cause instanceof DecoderException && cause.getCause() instanceof IOException) {
            log.warn("{} {}: {} side: {}", conn.listener(), conn.remote(), side == device ? "device" : "upstream", cause.toString());
        } else {
            log.error("{} {}: {} side failed", conn.listener(), conn.remote(), side == device ? "device" : "upstream", cause);
        }
        device.close();
        upstream.close();
    }
}
