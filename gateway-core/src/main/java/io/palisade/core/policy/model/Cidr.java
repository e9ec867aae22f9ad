package io.palisade.core.policy.model;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range, {@code 10.0.0.0/8} or {@code fd00::/8}. The host bits of the
 * written address must be zero (a typo like {@code 10.0.0.1/8} is refused, not guessed). A bare
 * address is a range of one. Parsing never touches DNS.
 *
 * <p>{@link #contains} treats an IPv4-mapped IPv6 address ({@code ::ffff:10.1.2.3}) as the IPv4
 * address it maps, so an IPv4 range cannot be bypassed by the mapped form. NAT64 prefixes
 * ({@code 64:ff9b::/96}) are not translated: deny them explicitly where that matters.
 */
public final class Cidr {

    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** Parses {@code address/prefix} or a bare address. */
    public static Cidr parse(String text) {
        requireNonNull(text, "text");
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = literal(addr, text);
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            if (!p.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(p) > max) {
                throw new IllegalArgumentException("cidr: " + text + " (expected: a prefix length 0.." + max + ")");
            }
            prefix = Integer.parseInt(p);
        }
        if (!Arrays.equals(mask(bytes, prefix), bytes)) {
            throw new IllegalArgumentException("cidr: " + text + " (expected: host bits zero, "
                    + format(mask(bytes, prefix)) + "/" + prefix + ")");
        }
        return new Cidr(bytes, prefix);
    }

    private static byte[] literal(String addr, String text) {
        if (IPV4.matcher(addr).matches()) {
            String[] octets = addr.split("\\.");
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(octets[i]);
                if (v > 255) {
                    throw new IllegalArgumentException("cidr: " + text + " (expected: IPv4 octets 0..255)");
                }
                b[i] = (byte) v;
            }
            return b;
        }
        if (addr.indexOf(':') >= 0 && IPV6.matcher(addr).matches()) {
            try {
                InetAddress a = InetAddress.getByName(addr); // a literal: no DNS lookup
                if (a instanceof Inet4Address) {
                    throw new IllegalArgumentException("cidr: " + text + " (expected: IPv4 ranges written as IPv4)");
                }
                return a.getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("cidr: " + text + " (expected: an IPv4 or IPv6 address range)", e);
            }
        }
        throw new IllegalArgumentException("cidr: " + text + " (expected: an IPv4 or IPv6 address range)");
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff00 >> bits));
        }
        return out;
    }

    /** Whether {@code address} lies in this range (IPv4-mapped IPv6 addresses count as IPv4). */
    public boolean contains(InetAddress address) {
        requireNonNull(address, "address");
        return matches(address.getAddress());
    }

    /** Whether the raw address (4 or 16 bytes) lies in this range. */
    public boolean matches(byte[] address) {
        byte[] a = address;
        if (a.length == 16 && network.length == 4 && isMapped(a)) {
            a = Arrays.copyOfRange(a, 12, 16);
        }
        if (a.length != network.length) {
            return false;
        }
        int full = prefixLength >>> 3;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength & 7;
        return rest == 0 || ((a[full] ^ network[full]) & (0xff00 >> rest) & 0xff) == 0;
    }

    private static boolean isMapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    /** Whether this is an IPv6 range. */
    public boolean isIpv6() {
        return network.length == 16;
    }

    public int prefixLength() {
        return prefixLength;
    }

    private static String format(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixLength;
    }

    /** {@code 10.0.0.0/8}; IPv6 in Java's full textual form. */
    @Override
    public String toString() {
        return format(network) + "/" + prefixLength;
    }
}
