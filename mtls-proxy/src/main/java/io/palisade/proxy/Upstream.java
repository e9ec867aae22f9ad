package io.palisade.proxy;

import static java.util.Objects.requireNonNull;

/**
 * Where a route's traffic goes: a host name or address literal and a TCP port. The name is
 * resolved when each connection is made, so a DNS change applies to the next connection.
 */
public record Upstream(String host, int port) {
    public Upstream {
        requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host: '" + host + "' (expected: a host name or address)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
        }
    }

    public static Upstream of(String host, int port) {
        return new Upstream(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
