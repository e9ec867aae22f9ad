package io.palisade.proxy;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;

/**
 * A listener with a fixed route: every admitted device that connects to {@code bind} is relayed,
 * byte for byte, to {@code upstream} (over plain TCP, or TLS when the upstream says so).
 *
 * @param name     the listener's name, as in {@code gateway.yaml}; names events and metrics
 * @param bind     the local address to listen on (port 0 picks a free port; see
 *                 {@link MtlsProxy#address(String)})
 * @param upstream where the device's bytes go
 */
public record TcpRoute(String name, InetSocketAddress bind, Upstream upstream) {
    public TcpRoute {
        requireNonNull(name, "name");
        requireNonNull(bind, "bind");
        requireNonNull(upstream, "upstream");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: a listener name)");
        }
        if (bind.isUnresolved()) {
            throw new IllegalArgumentException("bind: " + bind + " (expected: a resolved local address)");
        }
    }
}
