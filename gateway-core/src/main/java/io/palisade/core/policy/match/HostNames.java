package io.palisade.core.policy.match;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Host names and IP literals as devices ask for them. Names compare in lower case without a
 * trailing dot; a name is labels of letters, digits, {@code -} and {@code _}, at most 253
 * characters. A host pattern {@code *.example.com} matches exactly one more left-most label:
 * {@code a.example.com}, not {@code example.com} nor {@code a.b.example.com}.
 */
public final class HostNames {

    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private HostNames() {
    }

    /** The canonical form of a host name (lower case, no trailing dot), or empty if it is not one. */
    public static Optional<String> normalize(String host) {
        requireNonNull(host, "host");
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.length() <= 253 && NAME.matcher(h).matches() && !IPV4.matcher(h).matches()
                ? Optional.of(h) : Optional.empty();
    }

    /**
     * The address of an IP literal ({@code 10.1.2.3}, {@code fd00::1}, {@code [fd00::1]}), or
     * empty if {@code host} is not one. IPv4 with leading zeros ({@code 010.0.0.1}, octal to some
     * resolvers) is not a literal here, and no more a name: it matches nothing. Never uses DNS.
     */
    public static Optional<InetAddress> ipLiteral(String host) {
        requireNonNull(host, "host");
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (IPV4.matcher(h).matches()) {
            for (String octet : h.split("\\.")) {
                if ((octet.length() > 1 && octet.startsWith("0")) || Integer.parseInt(octet) > 255) {
                    return Optional.empty();
                }
            }
        } else if (h.indexOf(':') < 0 || !IPV6.matcher(h).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(h)); // a literal: no DNS lookup
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the normalized {@code name} matches {@code pattern} (normalized; exact, or
     * {@code *.} followed by a suffix).
     */
    public static boolean matches(String pattern, String name) {
        if (pattern.startsWith("*.")) {
            int dot = name.indexOf('.');
            return dot > 0 && name.length() - dot == pattern.length() - 1 && name.regionMatches(dot, pattern, 1, pattern.length() - 1);
        }
        return pattern.equals(name);
    }

    /** The suffix a one-label wildcard would need to match {@code name} ({@code a.b.c} → {@code b.c}), or empty. */
    public static Optional<String> parentOf(String name) {
        int dot = name.indexOf('.');
        return dot > 0 && dot < name.length() - 1 ? Optional.of(name.substring(dot + 1)) : Optional.empty();
    }
}
