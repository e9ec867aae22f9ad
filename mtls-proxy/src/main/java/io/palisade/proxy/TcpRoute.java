package io.palisade.proxy;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;

import io.palisade.proxy.haproxy.ProxyProtocol;

/**
 * A listener with a fixed route: every admitted device that connects to {@code bind} is relayed,
 * byte for byte, to {@code upstream} (over plain TCP, or TLS when the upstream says so).
 *
 * @param name          the listener's name, as in {@code gateway.yaml}; names events and metrics
 * @param bind          the local address to listen on (port 0 picks a free port; see
 *                      {@link MtlsProxy#address(String)})
 * @param upstream      where the device's bytes go
 * @param proxyProtocol which peers are load balancers that must begin with a PROXY protocol v2
 *                      header stating the device's address ({@link ProxyProtocol#OFF}: none)
 */
public record TcpRoute(String name, InetSocketAddress bind, Upstream upstream, ProxyProtocol proxyProtocol) {
    public TcpRoute {
        requireNonNull(name, "name");
        requireNonNull(bind, "bind");
        requireNonNull(upstream, "upstream");
        requireNonNull(proxyProtocol, "proxyProtocol");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: a listener name)");
        }
        if (bind.isUnresolved()) {
            throw new IllegalArgumentException("bind: " + bind + " (expected: a resolved local address)");
        }
    }

    /** A listener where every peer is a device (no PROXY protocol). */
    public TcpRoute(String name, InetSocketAddress bind, Upstream upstream) {
        this(name, bind, upstream, ProxyProtocol.OFF);
    }

    /** The same listener, taking PROXY protocol v2 headers from the load balancers {@code proxyProtocol} trusts. */
    public TcpRoute withProxyProtocol(ProxyProtocol proxyProtocol) {
        return new TcpRoute(name, bind, upstream, proxyProtocol);
    }
}
