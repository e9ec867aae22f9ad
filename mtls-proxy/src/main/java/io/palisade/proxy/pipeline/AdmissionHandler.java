package io.palisade.proxy.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.palisade.proxy.TcpRoute;
import io.palisade.proxy.admission.AdmissionDecision;
import io.palisade.proxy.admission.DeviceAdmission;
import io.palisade.proxy.events.RefusalReason;

/**
 * Asks the {@link DeviceAdmission} (the policy stage) whether the verified device may use this
 * listener's route. Admitted: passes {@link IdentityEstablished} on and removes itself. Refused,
 * or the decision failed: one refusal event and the connection is closed before any byte is
 * relayed.
 */
public final class AdmissionHandler extends ChannelInboundHandlerAdapter {

    public static final String NAME = "admission";
    private static final Logger log = LoggerFactory.getLogger(AdmissionHandler.class);

    private final DeviceAdmission admission;
    private final TcpRoute route;

    public AdmissionHandler(DeviceAdmission admission, TcpRoute route) {
        this.admission = requireNonNull(admission, "admission");
        this.route = requireNonNull(route, "route");
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof IdentityEstablished established)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        AdmissionDecision decision;
        try {
            decision = requireNonNull(admission.decide(established.identity(), route), "decision");
        } catch (RuntimeException e) {
            log.error("{}: admission of device {} failed; refusing", route.name(), established.identity().id(), e);
            decision = AdmissionDecision.refuse("admission failed: " + e);
        }
        if (!decision.admitted()) {
            ConnectionContext.of(ctx.channel()).orElseThrow().refuse(RefusalReason.NOT_ADMITTED, Optional.empty(),
                    decision.reason(), Optional.of(established.identity().id()));
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireUserEventTriggered(established);
    }

    /** No byte passes before the decision. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        ctx.close();
    }
}
