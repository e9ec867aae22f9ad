package io.palisade.config.gateway;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An address to listen on, as an operator writes it: {@code HOST:PORT}, where HOST is an IPv4
 * address ({@code 0.0.0.0}), an IPv6 address in brackets ({@code [::1]}) or a host name
 * ({@code gw.example}), and PORT is 0-65535 (0 picks a free port, for tests).
 *
 * <p>Parsing never resolves a name: {@code palisade check} opens no sockets and asks no DNS.
 *
 * @param host the host without brackets: {@code 0.0.0.0}, {@code ::1}, {@code gw.example}
 * @param port 0-65535
 */
public record HostPort(String host, int port) {

    private static final Pattern IPV4 = Pattern.compile("[0-9.]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    public HostPort {
        requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
        Optional<String> problem = hostProblem(host, host.contains(":"));
        if (problem.isPresent()) {
            throw new IllegalArgumentException("host: " + host + " (expected: " + problem.get() + ")");
        }
    }

    /** Parses {@code HOST:PORT}; throws {@link IllegalArgumentException} naming what was expected. */
    public static HostPort parse(String text) {
        requireNonNull(text, "text");
        Optional<String> problem = problemWith(text);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(text + " (expected: " + problem.get() + ")");
        }
        int colon = text.lastIndexOf(':');
        String host = text.substring(0, colon);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new HostPort(host, Integer.parseInt(text.substring(colon + 1)));
    }

    /** What is wrong with {@code text} as {@code HOST:PORT}, phrased as what was expected; empty if nothing. */
    public static Optional<String> problemWith(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return Optional.of("HOST:PORT, e.g. 0.0.0.0:8443");
        }
        String host = text.substring(0, colon);
        String port = text.substring(colon + 1);
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        if (!bracketed && host.contains(":")) {
            return Optional.of("HOST:PORT with an IPv6 address in brackets, e.g. [::1]:8443");
        }
        Optional<String> hostProblem = hostProblem(bracketed ? host.substring(1, host.length() - 1) : host, bracketed);
        if (hostProblem.isPresent()) {
            return hostProblem;
        }
        if (!port.chars().allMatch(c -> c >= '0' && c <= '9') || port.length() > 5 || Integer.parseInt(port) > 65535) {
            return Optional.of("port 0-65535");
        }
        return Optional.empty();
    }

    private static Optional<String> hostProblem(String host, boolean ipv6) {
        if (ipv6) {
            return IPV6.matcher(host).matches() && host.contains(":") && isIpLiteral(host) ? Optional.empty()
                    : Optional.of("a valid IPv6 address in brackets");
        }
        if (IPV4.matcher(host).matches()) {
            return isIpLiteral(host) && host.split("\\.", -1).length == 4 ? Optional.empty()
                    : Optional.of("a valid IPv4 address");
        }
        return HOST_NAME.matcher(host).matches() ? Optional.empty()
                : Optional.of("a valid host name, IPv4 address or [IPv6] address");
    }

    /** Checks an IP literal without any name lookup (the text holds only digits, dots, hex and colons). */
    private static boolean isIpLiteral(String host) {
        if (!host.contains(":")) {
            for (String octet : host.split("\\.", -1)) {
                if (octet.isEmpty() || octet.length() > 3 || Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return true;
        }
        try {
            return java.net.InetAddress.getByName(host) != null;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** Whether this address only accepts connections from this machine (127.0.0.0/8, ::1, localhost). */
    public boolean isLoopback() {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (host.contains(":")) {
            try {
                return java.net.InetAddress.getByName(host).isLoopbackAddress();
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        return host.startsWith("127.") && IPV4.matcher(host).matches();
    }

    /**
     * This address as a socket address. IP literals never cause a lookup; a host name is resolved
     * now, by the caller that binds.
     */
    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    /** The same host written the same way, for comparing binds: host names are case-insensitive. */
    HostPort normalized() {
        return new HostPort(host.toLowerCase(Locale.ROOT), port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
