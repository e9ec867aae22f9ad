package io.palisade.proxy.haproxy;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.handler.codec.haproxy.HAProxyTLV;
import io.netty.util.NetUtil;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.proxy.DeviceAttributes;
import io.palisade.proxy.pipeline.ConnectionContext;

/**
 * Tells an upstream who is behind a relayed connection: the first bytes on the upstream
 * connection, before any TLS, are a PROXY protocol v2 header (Netty's
 * {@link HAProxyMessageEncoder}) stating the device's source address, the address it connected to
 * (as a load balancer in front of the gateway stated them, or as the gateway saw them), and its
 * verified device id in a TLV of type {@link #DEVICE_ID_TLV}. Addresses of mixed families are sent
 * as IPv6 (an IPv4 one in its mapped form). Sent once, ahead of whatever is written first (the
 * relay's bytes or a TLS ClientHello); the writer and the encoder then leave the pipeline.
 */
public final class ProxyHeaderWriter extends ChannelDuplexHandler {

    public static final String NAME = "proxy-header";
    /** The name of Netty's encoder in front of this handler on the upstream channel. */
    public static final String ENCODER = "proxy-encoder";
    /**
     * The TLV type of the device id: {@code 0xE0}, the first of the range the PROXY protocol
     * leaves to applications ({@code PP2_TYPE_MIN_CUSTOM 0xE0} to {@code PP2_TYPE_MAX_CUSTOM 0xEF}).
     * Its value is the device id as written everywhere else: 64 lowercase hex characters, US-ASCII.
     */
    public static final byte DEVICE_ID_TLV = (byte) 0xE0;

    private final InetSocketAddress source;
    private final InetSocketAddress destination;
    private final DeviceId device;
    private boolean sent;

    public ProxyHeaderWriter(InetSocketAddress source, InetSocketAddress destination, DeviceId device) {
        this.source = resolved(source, "source");
        this.destination = resolved(destination, "destination");
        this.device = requireNonNull(device, "device");
    }

    /**
     * The header for a verified device's connection: its {@link ConnectionContext#remote()}, the
     * destination a load balancer stated or else the listener's own address, and its identity.
     */
    public static ProxyHeaderWriter forDevice(Channel deviceChannel) {
        ConnectionContext conn = ConnectionContext.of(deviceChannel)
                .orElseThrow(() -> new IllegalStateException("device: " + deviceChannel + " (expected: a gateway connection)"));
        DeviceIdentity identity = deviceChannel.attr(DeviceAttributes.IDENTITY).get();
        if (identity == null) {
            throw new IllegalStateException("device: " + conn.remote() + " (expected: a verified identity)");
        }
        InetSocketAddress destination = conn.statedDestination().orElse((InetSocketAddress) deviceChannel.localAddress());
        return new ProxyHeaderWriter(conn.remote(), destination, identity.id());
    }

    /** Puts the encoder and this writer at the front of an upstream pipeline (before its TLS, if any). */
    public void addTo(ChannelPipeline pipeline) {
        pipeline.addFirst(NAME, this);
        pipeline.addFirst(ENCODER, HAProxyMessageEncoder.INSTANCE);
    }

    /** The header this writer sends (the caller releases it, or a write does). */
    public HAProxyMessage header() {
        InetAddress src = source.getAddress();
        InetAddress dst = destination.getAddress();
        boolean ipv4 = src instanceof Inet4Address && dst instanceof Inet4Address;
        HAProxyTLV id = new HAProxyTLV(DEVICE_ID_TLV, Unpooled.copiedBuffer(device.value(), StandardCharsets.US_ASCII));
        return new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY,
                ipv4 ? HAProxyProxiedProtocol.TCP4 : HAProxyProxiedProtocol.TCP6,
                literal(src, ipv4), literal(dst, ipv4), source.getPort(), destination.getPort(), List.of(id));
    }

    /**
     * The connect promise completes before channelActive fires, so the relay may write first:
     * whichever comes first, a write or channelActive, sends the header ahead of it.
     */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        sendHeader(ctx);
        ctx.write(msg, promise);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        sendHeader(ctx);
        ctx.flush();
        ctx.fireChannelActive(); // TLS, when the upstream has it, starts its handshake after the header
        ctx.pipeline().remove(this);
    }

    private void sendHeader(ChannelHandlerContext ctx) {
        if (sent) {
            return;
        }
        sent = true;
        ctx.write(header()).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess() && ctx.pipeline().get(ENCODER) != null) {
                ctx.pipeline().remove(ENCODER);
            } else if (!f.isSuccess()) {
                ctx.fireExceptionCaught(f.cause());
            }
        });
    }

    private static String literal(InetAddress address, boolean ipv4) {
        if (ipv4 || !(address instanceof Inet4Address)) {
            return NetUtil.toAddressString(address);
        }
        return "::ffff:" + address.getHostAddress();
    }

    private static InetSocketAddress resolved(InetSocketAddress address, String name) {
        requireNonNull(address, name);
        if (address.getAddress() == null) {
            throw new IllegalArgumentException(name + ": " + address + " (expected: an IP address)");
        }
        return address;
    }
}
