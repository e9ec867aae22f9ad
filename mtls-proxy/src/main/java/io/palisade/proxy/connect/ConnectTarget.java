package io.palisade.proxy.connect;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

import io.netty.util.NetUtil;

/**
 * The target of a CONNECT request, from its request-target in authority form:
 * {@code host:port}, {@code 192.0.2.1:443} or {@code [2001:db8::1]:443}. The port is required.
 *
 * @param host a host name (lower case) or an IP literal without brackets
 * @param port 1..65535
 */
record ConnectTarget(String host, int port) {

    ConnectTarget {
        requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host: empty (expected: a host name or IP address)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
    }

    /** Parses an authority-form request-target; throws {@link IllegalArgumentException} saying what is wrong. */
    static ConnectTarget parse(String authority) {
        requireNonNull(authority, "authority");
        int colon = authority.lastIndexOf(':');
        if (colon <= 0 || colon == authority.length() - 1) {
            throw new IllegalArgumentException("target: " + authority + " (expected: host:port)");
        }
        String host = authority.substring(0, colon);
        String port = authority.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
            if (!NetUtil.isValidIpV6Address(host)) {
                throw new IllegalArgumentException("target: " + authority + " (expected: an IPv6 address in brackets)");
            }
        } else if (!host.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("target: " + authority + " (expected: a host name, IPv4 address or [IPv6 address])");
        }
        if (!port.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("target: " + authority + " (expected: a port number after the colon)");
        }
        return new ConnectTarget(host.toLowerCase(Locale.ROOT), Integer.parseInt(port));
    }

    /** The address when {@link #host} is an IP literal (never a DNS look-up). */
    Optional<InetAddress> literal() {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
