package io.palisade.config.gateway;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * An address where devices connect over mutual TLS, and what they reach through it.
 *
 * @param name unique among the listeners; a DNS label (names metrics and logs)
 * @param bind the address to listen on; port 0 picks a free port
 * @param serve what the listener serves, at least one
 */
public record ListenerConfig(String name, HostPort bind, Set<Service> serve) {

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
        if (serve.isEmpty()) {
            throw new IllegalArgumentException("serve: [] (expected: at least one service)");
        }
        serve = Collections.unmodifiableSet(EnumSet.copyOf(serve));
    }
}
