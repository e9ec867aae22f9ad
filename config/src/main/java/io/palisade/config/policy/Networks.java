package io.palisade.config.policy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Egress networks as rules write them: an IPv4 or IPv6 network in CIDR form
 * ({@code 10.0.0.0/8}, {@code fd00::/8}), or a bare address for that one address.
 *
 * <p>A network with host bits set ({@code 10.1.2.3/8}) is refused rather than silently masked:
 * the writer meant either the address or the network, and a policy must not guess which.
 * Parsing never asks DNS: only literals of digits, dots, hex and colons are read.
 */
final class Networks {

    static final String EXPECTED = "an IPv4 or IPv6 network in CIDR form (10.0.0.0/8, fd00::/8) or one address";

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
            + "(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern PREFIX = Pattern.compile("0|[1-9][0-9]{0,2}");

    private Networks() {
    }

    /** What is wrong with {@code cidr}, phrased as what was expected; empty if nothing. */
    static Optional<String> problemWith(String cidr) {
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        Optional<byte[]> bytes = parseAddress(address);
        if (bytes.isEmpty()) {
            return Optional.of(EXPECTED);
        }
        if (slash < 0) {
            return Optional.empty();
        }
        int bits = bytes.get().length * 8;
        String prefixText = cidr.substring(slash + 1);
        if (!PREFIX.matcher(prefixText).matches() || Integer.parseInt(prefixText) > bits) {
            return Optional.of(EXPECTED + "; prefix length 0-" + bits);
        }
        int prefix = Integer.parseInt(prefixText);
        byte[] network = masked(bytes.get(), prefix);
        if (!java.util.Arrays.equals(network, bytes.get())) {
            return Optional.of(EXPECTED + "; host bits are set, the network is " + text(network) + "/" + prefix);
        }
        return Optional.empty();
    }

    /** The address bytes of an IP literal (4 or 16), without any name lookup. */
    static Optional<byte[]> parseAddress(String text) {
        if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            byte[] bytes = InetAddress.getByName(text).getAddress();
            // ::ffff:1.2.3.4 comes back as 4 bytes; keep the family the writer used.
            return Optional.of(text.contains(":") && bytes.length == 4 ? toMapped(bytes) : bytes);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    static byte[] masked(byte[] address, int prefix) {
        int bits = address.length * 8;
        BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
        byte[] value = new BigInteger(1, address).and(mask).toByteArray();
        byte[] out = new byte[address.length];
        int copy = Math.min(value.length, out.length);
        System.arraycopy(value, value.length - copy, out, out.length - copy, copy);
        return out;
    }

    private static byte[] toMapped(byte[] v4) {
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(v4, 0, v6, 12, 4);
        return v6;
    }

    private static String text(byte[] address) {
        try {
            String text = InetAddress.getByAddress(address).getHostAddress();
            return address.length == 16 ? compress(text) : text;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Java prints IPv6 in full (fd00:0:0:0:0:0:0:0); operators write fd00::. */
    private static String compress(String full) {
        String best = null;
        for (int run = 8; run >= 2 && best == null; run--) {
            String zeros = ":0".repeat(run) + ":";
            String padded = ":" + full + ":";
            int at = padded.indexOf(zeros);
            if (at >= 0) {
                best = (padded.substring(0, at) + "::" + padded.substring(at + zeros.length())).replaceAll("^:(?!:)|(?<!:):$", "");
            }
        }
        return best != null ? best : full;
    }
}
