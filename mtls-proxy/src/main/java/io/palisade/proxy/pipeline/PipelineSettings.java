package io.palisade.proxy.pipeline;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;

import io.netty.handler.ssl.SslContext;
import io.palisade.core.policy.PolicyEngine;
import io.palisade.core.revocation.DenyList;
import io.palisade.proxy.TcpRoute;
import io.palisade.proxy.admission.DeviceAdmission;
import io.palisade.proxy.events.ProxyEvents;
import io.palisade.proxy.service.ServiceListener;
import io.palisade.proxy.transport.Transport;

/**
 * Everything one listener's {@link DeviceChannelInitializer} needs, fixed when the listener binds.
 * A listener is either a fixed {@code route} or a {@code service} listener (the other is null).
 * {@code upstreamTls} is the client context towards the route's upstream, null for plain TCP and
 * for a service listener. {@code policy} sets the per-device connection limit and decides for
 * services.
 */
public record PipelineSettings(TcpRoute route, SslContext sslContext, SslContext upstreamTls, ProxyEvents events, DeviceAdmission admission,
                               ConnectionLimit limit, HandshakeRateLimit rateLimit, LiveConnections live, DenyList denyList, Transport transport, Clock clock,
                               Duration handshakeTimeout, Duration idleTimeout, Duration upstreamConnectTimeout, PolicyEngine policy,
                               ServiceListener service) {
    public PipelineSettings {
        if ((route == null) == (service == null)) {
            throw new IllegalArgumentException("route: " + route + ", service: " + service + " (expected: exactly one of them)");
        }
        requireNonNull(sslContext, "sslContext");
        boolean tlsUpstream = route != null && route.upstream().tls().isPresent();
        if (tlsUpstream != (upstreamTls != null)) {
            throw new IllegalArgumentException("upstreamTls: " + upstreamTls + " (expected: a client context exactly when "
                    + (route != null ? route.upstream() : "a route") + " is reached over TLS)");
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
        requireNonNull(policy, "policy");
    }

    /** The listener's name. */
    public String listener() {
        return route != null ? route.name() : service.name();
    }
}
