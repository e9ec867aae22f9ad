package io.palisade.core.identity;

import java.util.Locale;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;

/** Whether one name lies within one name-constraint subtree, per name type (RFC 5280 4.2.1.10). */
final class NameMatch {

    private NameMatch() {}

    static boolean wellFormedConstraint(GeneralName base) {
        return switch (base.getTagNo()) {
            case GeneralName.dNSName -> {
                String s = Names.text(base);
                yield s != null && (s.isEmpty() || Names.isDnsName(s, false));
            }
            case GeneralName.rfc822Name -> {
                String s = Names.text(base);
                yield s != null && (s.contains("@") ? Names.isMailbox(s)
                        : Names.isDnsName(s.startsWith(".") ? s.substring(1) : s, false));
            }
            case GeneralName.iPAddress -> {
                byte[] b = Names.octets(base);
                yield (b.length == 8 || b.length == 32) && contiguousMask(b, b.length / 2);
            }
            default -> true;
        };
    }

    /** Whether {@code name} is inside the permitted subtree {@code base}; for a wildcard DNS name,
     * whether every name it stands for is. */
    static boolean permits(GeneralName base, GeneralName name) {
        if (base.getTagNo() == GeneralName.dNSName) {
            String n = lower(Names.text(name));
            String b = lower(Names.text(base));
            return n.startsWith("*.") ? dnsWithin(n.substring(2), b) : dnsWithin(n, b);
        }
        // A name of a type we cannot compare (URI, otherName, ...) is never shown to be permitted.
        return comparable(base) && matches(base, name);
    }

    /** Whether {@code name} is inside the excluded subtree {@code base}; for a wildcard DNS name,
     * whether any name it stands for could be. */
    static boolean excludes(GeneralName base, GeneralName name) {
        if (base.getTagNo() == GeneralName.dNSName) {
            String n = lower(Names.text(name));
            String b = lower(Names.text(base));
            if (n.startsWith("*.")) {
                String parent = n.substring(2);
                return dnsWithin(parent, b) || dnsWithin(b, parent);
            }
            return dnsWithin(n, b);
        }
        // ... and is always taken to be excluded: both fail closed.
        return !comparable(base) || matches(base, name);
    }

    private static boolean matches(GeneralName base, GeneralName name) {
        switch (base.getTagNo()) {
            case GeneralName.rfc822Name: {
                String b = Names.text(base);
                String n = Names.text(name);
                int at = n.lastIndexOf('@');
                if (b.contains("@")) {
                    int bat = b.lastIndexOf('@');
                    return at >= 0 && n.substring(0, at).equals(b.substring(0, bat))
                            && lower(n.substring(at + 1)).equals(lower(b.substring(bat + 1)));
                }
                String host = lower(n.substring(at + 1));
                return b.startsWith(".") ? host.endsWith(lower(b)) : host.equals(lower(b));
            }
            case GeneralName.iPAddress: {
                byte[] b = Names.octets(base);
                byte[] n = Names.octets(name);
                if (n.length * 2 != b.length) {
                    return false;
                }
                for (int i = 0; i < n.length; i++) {
                    byte mask = b[n.length + i];
                    if ((n[i] & mask) != (b[i] & mask)) {
                        return false;
                    }
                }
                return true;
            }
            case GeneralName.directoryName:
                return NameConstraintsCheck.dnWithin(X500Name.getInstance(name.getName()), X500Name.getInstance(base.getName()));
            default:
                throw new IllegalArgumentException("name type: " + base.getTagNo() + " (expected: a comparable type)");
        }
    }

    private static boolean comparable(GeneralName base) {
        int tag = base.getTagNo();
        return tag == GeneralName.rfc822Name || tag == GeneralName.iPAddress || tag == GeneralName.directoryName;
    }

    private static boolean dnsWithin(String name, String base) {
        return base.isEmpty() || name.equals(base) || name.endsWith("." + base);
    }

    private static boolean contiguousMask(byte[] b, int offset) {
        boolean zeroSeen = false;
        for (int i = offset; i < b.length; i++) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean one = (b[i] >> bit & 1) == 1;
                if (one && zeroSeen) {
                    return false;
                }
                zeroSeen |= !one;
            }
        }
        return true;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
