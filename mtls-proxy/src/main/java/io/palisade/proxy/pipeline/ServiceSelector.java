package io.palisade.proxy.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.service.DeviceService;
import io.palisade.proxy.service.ServiceListener;

/**
 * The last fixed stage of a service listener: once the device is admitted, picks the
 * {@link DeviceService} that answers the ALPN protocol the device agreed (or the listener's
 * default when it agreed none), lets it install its handlers, removes itself and passes
 * {@link IdentityEstablished} on to them. A protocol no service of this listener answers, no
 * default, or a service that fails to install: one refusal event and the connection is closed.
 */
public final class ServiceSelector extends ChannelInboundHandlerAdapter {

    public static final String NAME = "service";
    private static final Logger log = LoggerFactory.getLogger(ServiceSelector.class);

    private final PipelineSettings settings;

    public ServiceSelector(PipelineSettings settings) {
        this.settings = requireNonNull(settings, "settings");
        requireNonNull(settings.service(), "settings.service");
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof IdentityEstablished established)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        ServiceListener listener = settings.service();
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        Optional<String> protocol = Optional.ofNullable(tls == null ? null : tls.applicationProtocol());
        Optional<DeviceService> service = listener.serviceFor(protocol);
        ConnectionContext conn = ConnectionContext.of(ctx.channel()).orElseThrow();
        if (service.isEmpty()) {
            conn.refuse(RefusalReason.NOT_ADMITTED, protocol.map(p -> "ALPN " + p + ": no service of listener " + listener.name()
                    + " answers it").orElse("no ALPN protocol agreed and listener " + listener.name() + " has no default service"));
            ctx.close();
            return;
        }
        DeviceService chosen = service.get();
        try {
            chosen.install(ctx.pipeline(), new ConnectionServices(ctx.channel(), established.identity(), protocol, chosen.name(), settings));
        } catch (RuntimeException e) {
            log.error("{}: service {} failed to install for device {}", ctx.channel(), chosen.name(), established.identity().id(), e);
            conn.refuse(RefusalReason.NOT_ADMITTED, "service " + chosen.name() + " failed to install: " + e);
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireUserEventTriggered(established);
    }

    /** No byte passes before a service is installed. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        ctx.close();
    }
}
