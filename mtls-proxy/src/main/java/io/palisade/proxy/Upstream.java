package io.palisade.proxy;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Where a route's traffic goes: a host name or address literal and a TCP port, over plain TCP or
 * over TLS. The name is resolved when each connection is made, so a DNS change applies to the
 * next connection.
 *
 * @param tls           TLS towards the upstream; empty for plain TCP
 * @param proxyProtocol whether the gateway begins each upstream connection with a PROXY protocol v2
 *                      header stating the device's source and destination addresses and its device
 *                      id (TLV {@link io.palisade.proxy.haproxy.ProxyHeaderWriter#DEVICE_ID_TLV}),
 *                      before any TLS
 */
public record Upstream(String host, int port, Optional<UpstreamTls> tls, boolean proxyProtocol) {
    public Upstream {
        requireNonNull(tls, "tls");
        requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host: '" + host + "' (expected: a host name or address)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
        }
    }

    /** An upstream without a PROXY header. */
    public Upstream(String host, int port, Optional<UpstreamTls> tls) {
        this(host, port, tls, false);
    }

    /** Plain TCP to {@code host:port}. */
    public static Upstream of(String host, int port) {
        return new Upstream(host, port, Optional.empty());
    }

    /** The same upstream, reached over TLS. */
    public Upstream withTls(UpstreamTls upstreamTls) {
        return new Upstream(host, port, Optional.of(requireNonNull(upstreamTls, "upstreamTls")), proxyProtocol);
    }

    /** The same upstream, told who the device is by a PROXY protocol v2 header first on each connection. */
    public Upstream withProxyProtocol() {
        return new Upstream(host, port, tls, true);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
