package io.palisade.config.gateway;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A fixed route: every device admitted on the listener is relayed, byte for byte, to one
 * upstream ({@code route: {to: historian.example:502, tls: false, proxyProtocol: true}}), for
 * legacy protocols (Modbus, a historian) and for upstreams that want TLS or the device's address.
 *
 * @param to            the upstream; a host name is resolved when each connection is made, port 1-65535
 * @param tls           whether the gateway speaks TLS to the upstream, presenting its own
 *                      {@code identity} as client certificate and verifying the upstream's
 *                      certificate (chain and host name) against {@code trust}
 * @param trust         a PEM file of the CA certificates the upstream's chain must lead to; empty:
 *                      the system trust store (the JVM's default CAs). Only with {@code tls}
 * @param proxyProtocol whether each upstream connection begins with a PROXY protocol v2 header
 *                      stating the device's source and destination addresses and its device id
 *                      (TLV type 0xE0, the 64-character id), ahead of any TLS
 */
public record RouteConfig(HostPort to, boolean tls, Optional<Path> trust, boolean proxyProtocol) {

    public RouteConfig {
        requireNonNull(to, "to");
        requireNonNull(trust, "trust");
        if (to.port() == 0) {
            throw new IllegalArgumentException("to: " + to + " (expected: port 1-65535)");
        }
        if (trust.isPresent() && !tls) {
            throw new IllegalArgumentException("trust: " + trust.get() + " (expected: only with tls: true)");
        }
    }

    /** Plain TCP to {@code to}, without a PROXY header. */
    public RouteConfig(HostPort to) {
        this(to, false, Optional.empty(), false);
    }
}
