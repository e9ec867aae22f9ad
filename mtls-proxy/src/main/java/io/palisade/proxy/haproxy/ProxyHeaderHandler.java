package io.palisade.proxy.haproxy;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.pipeline.ConnectionContext;
import io.palisade.proxy.pipeline.HandshakeRateLimit;

/**
 * Reads the PROXY protocol v2 header a trusted load balancer writes first, before the device's
 * TLS: installed (after Netty's {@link HAProxyMessageDecoder}) only for a peer that
 * {@link ProxyProtocol#trusts}. A {@code PROXY} header over TCP4/TCP6 makes its source the
 * connection's {@link ConnectionContext#remote() remote}, then the handshake rate limit is taken
 * for that address, and this handler removes itself so the TLS handler sees what follows. A
 * {@code LOCAL} header (health check) closes the connection without an event. Anything else — no
 * header, a malformed or v1 header, UDP or UNIX addresses, a close before the header — is refused
 * ({@link RefusalReason#PROXY_HEADER}); bytes after a refusal are dropped.
 */
public final class ProxyHeaderHandler extends ChannelInboundHandlerAdapter {

    public static final String NAME = "proxy-header";
    /** The name of Netty's decoder in front of this handler. */
    public static final String DECODER = "proxy-decoder";
    /** Most bytes of TLVs a header may carry beyond its addresses (more is refused). */
    static final int MAX_TLV_BYTES = 2048;

    private final HandshakeRateLimit rateLimit;
    private boolean judged;

    /** {@code rateLimit}: taken for the stated client's address, not the balancer's. */
    public ProxyHeaderHandler(HandshakeRateLimit rateLimit) {
        this.rateLimit = requireNonNull(rateLimit, "rateLimit");
    }

    /** Puts the decoder and a fresh handler at the front of a trusted peer's pipeline, before TLS. */
    public static void addTo(ChannelPipeline pipeline, HandshakeRateLimit rateLimit) {
        pipeline.addFirst(NAME, new ProxyHeaderHandler(rateLimit));
        pipeline.addFirst(DECODER, new HAProxyMessageDecoder(MAX_TLV_BYTES));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HAProxyMessage header) {
            try {
                judge(ctx, header);
            } finally {
                header.release();
            }
        } else if (judged) {
            ReferenceCountUtil.release(msg); // after a refusal: dropped, never reaches TLS
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void judge(ChannelHandlerContext ctx, HAProxyMessage header) {
        judged = true;
        ConnectionContext conn = ConnectionContext.of(ctx.channel()).orElseThrow();
        if (header.protocolVersion() != HAProxyProtocolVersion.V2) {
            refuse(ctx, "a PROXY protocol v1 text header (expected: v2, as HAProxy send-proxy-v2 sends)");
            return;
        }
        if (header.command() == HAProxyCommand.LOCAL) {
            conn.untold();
            ctx.close();
            return;
        }
        HAProxyProxiedProtocol protocol = header.proxiedProtocol();
        if (protocol != HAProxyProxiedProtocol.TCP4 && protocol != HAProxyProxiedProtocol.TCP6) {
            refuse(ctx, "PROXY header for " + protocol + " (expected: TCP4 or TCP6)");
            return;
        }
        conn.proxied(address(header.sourceAddress(), header.sourcePort()),
                address(header.destinationAddress(), header.destinationPort()));
        if (!rateLimit.admit(conn)) {
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof HAProxyProtocolException && !judged) {
            judged = true;
            refuse(ctx, "no valid PROXY protocol v2 header first (a trusted balancer must send one): " + cause.getMessage());
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent && !judged) {
            judged = true;
            refuse(ctx, "connection closed before its PROXY header");
            ReferenceCountUtil.release(evt);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!judged) {
            judged = true;
            ConnectionContext.of(ctx.channel()).ifPresent(c ->
                    c.refuse(RefusalReason.PROXY_HEADER, "connection closed before its PROXY header"));
        }
        ctx.fireChannelInactive();
    }

    private static void refuse(ChannelHandlerContext ctx, String detail) {
        ConnectionContext.of(ctx.channel()).ifPresent(c -> c.refuse(RefusalReason.PROXY_HEADER, detail));
        ctx.close();
    }

    /** The decoder wrote {@code literal} from the header's raw bytes: an address literal, no DNS. */
    private static InetSocketAddress address(String literal, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(NetUtil.createByteArrayFromIpAddressString(literal)), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address: " + literal + " (expected: an IP address literal)", e);
        }
    }
}
