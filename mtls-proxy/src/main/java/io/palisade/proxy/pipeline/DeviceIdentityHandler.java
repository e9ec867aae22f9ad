package io.palisade.proxy.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

import javax.net.ssl.SSLSession;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.palisade.core.identity.Refusal;
import io.palisade.core.revocation.DenyList;
import io.palisade.proxy.DeviceAttributes;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.tls.SessionIdentity;

/**
 * Establishes who the device is, once, when its TLS handshake completes. On success it takes the
 * identity the trust manager verified (for a fresh or a resumed session), sets it as the
 * immutable {@link DeviceAttributes#IDENTITY} channel attribute, files the channel under the
 * device id, reports the handshake, fires {@link IdentityEstablished} and removes itself. On
 * failure it reports one refusal with its classified reason; the TLS handler closes the channel.
 * A device that shuts its output before the handshake completes is refused at once. Fails
 * closed: a completed handshake without a verified identity is refused, and no byte gets
 * past this handler before the identity is set.
 */
public final class DeviceIdentityHandler extends ChannelInboundHandlerAdapter {

    public static final String NAME = "identity";

    private final LiveConnections live;
    private final DenyList denyList;

    /**
     * {@code denyList}: the one the verifier reads; checked once more after the channel is filed
     * under its device, so a device cut off while its handshake was in flight cannot slip past
     * {@link LiveConnections#closeDevice}.
     */
    public DeviceIdentityHandler(LiveConnections live, DenyList denyList) {
        this.live = requireNonNull(live, "live");
        this.denyList = requireNonNull(denyList, "denyList");
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
            // With half-closure allowed, a device that gives up mid-handshake would linger until the timeout.
            ConnectionContext.of(ctx.channel()).ifPresent(c ->
                    c.refuse(RefusalReason.TLS_HANDSHAKE, "connection closed before the handshake completed"));
            ctx.close();
            return;
        }
        if (!(evt instanceof SslHandshakeCompletionEvent handshake)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        ConnectionContext conn = ConnectionContext.of(ctx.channel()).orElseThrow();
        if (!handshake.isSuccess()) {
            HandshakeFailure f = HandshakeFailure.of(handshake.cause());
            conn.refuse(f.reason(), f.certificateRefusal(), f.detail(), f.device());
            ctx.close();
            return;
        }
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        SSLSession session = tls.engine().getSession();
        Optional<SessionIdentity> verified = SessionIdentity.forConnection(session);
        if (verified.isEmpty()) {
            conn.refuse(RefusalReason.TLS_HANDSHAKE, "handshake completed without a verified device identity");
            ctx.close();
            return;
        }
        SessionIdentity s = verified.get();
        live.identify(s.identity().id(), ctx.channel());
        if (denyList.contains(s.identity().id())) {
            conn.refuse(RefusalReason.CERTIFICATE, Optional.of(Refusal.REVOKED), "device " + s.identity().id()
                    + " was put on the deny list during its handshake", Optional.of(s.identity().id()));
            ctx.close();
            return;
        }
        ctx.channel().attr(DeviceAttributes.IDENTITY).set(s.identity());
        conn.verified(s.identity(), session.getProtocol(), session.getCipherSuite(),
                Optional.ofNullable(tls.applicationProtocol()), s.resumed());
        ctx.pipeline().remove(this);
        ctx.fireUserEventTriggered(new IdentityEstablished(s.identity()));
    }

    /** Nothing is read before the handshake completes; anything that arrives anyway is dropped. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        ConnectionContext.of(ctx.channel()).ifPresent(c -> c.refuse(RefusalReason.TLS_HANDSHAKE, "data before a verified identity"));
        ctx.close();
    }
}
