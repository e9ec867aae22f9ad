package io.palisade.config.gateway;

import static java.util.Objects.requireNonNull;

/**
 * A fixed route: every device admitted on the listener is relayed, byte for byte, to one
 * upstream over plain TCP ({@code route: {to: historian.example:502}}), for legacy protocols
 * (Modbus, a historian) that know nothing of TLS.
 *
 * @param to the upstream; a host name is resolved when each connection is made, port 1-65535
 */
public record RouteConfig(HostPort to) {

    public RouteConfig {
        requireNonNull(to, "to");
        if (to.port() == 0) {
            throw new IllegalArgumentException("to: " + to + " (expected: port 1-65535)");
        }
    }
}
