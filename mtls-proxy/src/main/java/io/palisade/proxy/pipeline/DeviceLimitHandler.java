package io.palisade.proxy.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.policy.DeviceContext;
import io.palisade.core.policy.PolicyEngine;
import io.palisade.proxy.events.RefusalReason;

/**
 * Enforces the policy's per-device connection limit ({@code limits.connections}): once the
 * device is known, counts its open connections over every listener of the gateway (this one
 * included, since the identity stage filed it) and refuses the connection as
 * {@link RefusalReason#NOT_ADMITTED} when they are more than the limit. Within the limit, or with
 * no limit set, passes {@link IdentityEstablished} on and removes itself. Fails closed: a policy
 * that throws refuses the connection.
 */
public final class DeviceLimitHandler extends ChannelInboundHandlerAdapter {

    public static final String NAME = "device-limit";
    private static final Logger log = LoggerFactory.getLogger(DeviceLimitHandler.class);

    private final PolicyEngine policy;
    private final LiveConnections live;

    public DeviceLimitHandler(PolicyEngine policy, LiveConnections live) {
        this.policy = requireNonNull(policy, "policy");
        this.live = requireNonNull(live, "live");
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof IdentityEstablished established)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        DeviceId id = established.identity().id();
        String refusal;
        try {
            refusal = overLimit(id, policy.limitsFor(DeviceContext.of(established.identity())).connections());
        } catch (RuntimeException e) {
            log.error("{}: limits of device {} could not be read; refusing", ctx.channel(), id, e);
            refusal = "limits of the policy could not be read: " + e;
        }
        if (refusal != null) {
            ConnectionContext.of(ctx.channel()).orElseThrow().refuse(RefusalReason.NOT_ADMITTED, refusal);
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireUserEventTriggered(established);
    }

    private String overLimit(DeviceId id, OptionalInt limit) {
        if (limit.isEmpty()) {
            return null;
        }
        int open = live.count(id);
        return open <= limit.getAsInt() ? null
                : "device " + id + " has " + open + " connections open (connections limit " + limit.getAsInt()
                        + " of its policy, generation " + policy.generation() + ")";
    }

    /** No byte passes before the decision. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        ctx.close();
    }
}
