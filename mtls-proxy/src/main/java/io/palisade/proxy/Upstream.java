package io.palisade.proxy;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Where a route's traffic goes: a host name or address literal and a TCP port, over plain TCP or
 * over TLS. The name is resolved when each connection is made, so a DNS change applies to the
 * next connection.
 *
 * @param tls TLS towards the upstream; empty for plain TCP
 */
public record Upstream(String host, int port, Optional<UpstreamTls> tls) {
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

    /** Plain TCP to {@code host:port}. */
    public static Upstream of(String host, int port) {
        return new Upstream(host, port, Optional.empty());
    }

    /** The same upstream, reached over TLS. */
    public Upstream withTls(UpstreamTls upstreamTls) {
        return new Upstream(host, port, Optional.of(requireNonNull(upstreamTls, "upstreamTls")));
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
