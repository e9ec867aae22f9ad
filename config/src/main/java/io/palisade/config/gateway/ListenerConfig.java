package io.palisade.config.gateway;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * An address where devices connect over mutual TLS, and what they reach through it.
 *
 * @param name unique among the listeners; a DNS label (names metrics and logs)
 * @param bind the address to listen on; port 0 picks a free port
 * @param serve what the listener serves; empty exactly when it has a {@code route}
 * @param route where every admitted device is relayed, for a listener with a fixed route
 * @param proxyProtocol the load balancers whose PROXY protocol v2 headers state the device's address
 */
public record ListenerConfig(String name, HostPort bind, Set<Service> serve, Optional<RouteConfig> route,
                             Optional<ProxyProtocolConfig> proxyProtocol) {

    /** What a listener can serve. */
    public enum Service {
        /** HTTP CONNECT egress: devices open TCP tunnels to destinations their policy allows. */
        CONNECT,
        /** The update relay: manifests and images, verified before they reach devices. */
        UPDATES,
        /** Certificate enrollment and renewal (EST, RFC 7030). */
        EST,
        /** MQTT: devices connect as if the gateway were the broker. */
        MQTT,
        /** CoAP over DTLS (UDP). */
        COAP
    }

    public ListenerConfig {
        requireNonNull(name, "name");
        requireNonNull(bind, "bind");
        requireNonNull(serve, "serve");
        requireNonNull(route, "route");
        requireNonNull(proxyProtocol, "proxyProtocol");
        if (serve.isEmpty() == route.isEmpty()) {
            throw new IllegalArgumentException("serve: " + serve + ", route: " + route
                    + " (expected: at least one service, or a route, not both)");
        }
        serve = serve.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(serve));
    }

    /** A listener without PROXY protocol. */
    public ListenerConfig(String name, HostPort bind, Set<Service> serve, Optional<RouteConfig> route) {
        this(name, bind, serve, route, Optional.empty());
    }

    /** A listener serving {@code serve}, at least one. */
    public ListenerConfig(String name, HostPort bind, Set<Service> serve) {
        this(name, bind, serve, Optional.empty());
    }

    /** A listener relaying every admitted device to {@code route}. */
    public ListenerConfig(String name, HostPort bind, RouteConfig route) {
        this(name, bind, Set.of(), Optional.of(requireNonNull(route, "route")));
    }

    /** The same listener, taking the device's address from the PROXY headers of {@code proxyProtocol}'s balancers. */
    public ListenerConfig withProxyProtocol(ProxyProtocolConfig proxyProtocol) {
        return new ListenerConfig(name, bind, serve, route, Optional.of(requireNonNull(proxyProtocol, "proxyProtocol")));
    }
}
