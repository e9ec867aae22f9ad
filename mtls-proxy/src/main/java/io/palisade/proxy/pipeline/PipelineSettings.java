package io.palisade.proxy.pipeline;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;

import io.netty.handler.ssl.SslContext;
import io.palisade.core.revocation.DenyList;
import io.palisade.proxy.TcpRoute;
import io.palisade.proxy.admission.DeviceAdmission;
import io.palisade.proxy.events.ProxyEvents;
import io.palisade.proxy.transport.Transport;

/**
 * Everything one listener's {@link DeviceChannelInitializer} needs, fixed when the listener binds.
 * {@code upstreamTls} is the client context towards the route's upstream, null for plain TCP.
 */
public record PipelineSettings(TcpRoute route, SslContext sslContext, SslContext upstreamTls, ProxyEvents events, DeviceAdmission admission,
                               ConnectionLimit limit, HandshakeRateLimit rateLimit, LiveConnections live, DenyList denyList, Transport transport, Clock clock,
                               Duration handshakeTimeout, Duration idleTimeout, Duration upstreamConnectTimeout) {
    public PipelineSettings {
        requireNonNull(route, "route");
        requireNonNull(sslContext, "sslContext");
        if (route.upstream().tls().isPresent() != (upstreamTls != null)) {
            throw new IllegalArgumentException("upstreamTls: " + upstreamTls + " (expected: a client context exactly when "
                    + route.upstream() + " is reached over TLS)");
        }
        requireNonNull(events, "events");
        requireNonNull(admission, "admission");
        requireNonNull(limit, "limit");
        requireNonNull(rateLimit, "rateLimit");
        requireNonNull(live, "live");
        requireNonNull(denyList, "denyList");
        requireNonNull(transport, "transport");
        requireNonNull(clock, "clock");
        requireNonNull(handshakeTimeout, "handshakeTimeout");
        requireNonNull(idleTimeout, "idleTimeout");
        requireNonNull(upstreamConnectTimeout, "upstreamConnectTimeout");
    }
}
