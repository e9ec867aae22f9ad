package io.palisade.proxy.connect;

import java.net.InetSocketAddress;

import io.netty.channel.ChannelHandlerContext;
import io.palisade.proxy.Upstream;
import io.palisade.proxy.relay.RelayHandler;
import io.palisade.proxy.relay.UpstreamOutcome;
import io.palisade.proxy.service.ServiceContext;

/**
 * Opens the tunnel of an allowed CONNECT: installs, right after the {@link ConnectHandler}, what
 * connects to the resolved address and relays bytes both ways. Tests replace it to observe the
 * target without sockets.
 */
@FunctionalInterface
interface TunnelOpener {

    /** Installs the tunnel to {@code target} after {@code ctx}'s handler; {@code outcome} answers the device. */
    void open(ChannelHandlerContext ctx, InetSocketAddress target, UpstreamOutcome outcome);

    /**
     * The gateway's relay ({@link RelayHandler}: backpressure, half-close, byte counts) over a
     * connection from {@link ServiceContext#outbound()}, to the address literal (never the name
     * again: what was judged is what is reached).
     */
    static TunnelOpener relay(ServiceContext services) {
        return (ctx, target, outcome) -> {
            Upstream upstream = Upstream.of(target.getAddress().getHostAddress(), target.getPort());
            ctx.pipeline().addAfter(ctx.name(), RelayHandler.NAME, new RelayHandler(upstream, services.outbound(), outcome));
            ctx.fireUserEventTriggered(RelayHandler.CONNECT_NOW);
        };
    }
}
