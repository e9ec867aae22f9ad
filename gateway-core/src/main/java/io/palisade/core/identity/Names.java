package io.palisade.core.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x509.GeneralName;

/** The names a certificate claims (subject, subjectAltName) and their syntax rules. */
final class Names {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

    private Names() {}

    /** Refuses a subjectAltName that is empty or holds a name that is not well-formed. */
    static void checkSubjectAltNames(ParsedCert c) throws Violation {
        if (c.subjectAltNames == null) {
            return;
        }
        GeneralName[] names = c.subjectAltNames.getNames();
        if (names.length == 0) {
            throw new Violation(Refusal.MALFORMED, c + ": empty subjectAltName");
        }
        for (GeneralName n : names) {
            boolean ok = switch (n.getTagNo()) {
                case GeneralName.dNSName -> isDnsName(text(n), true);
                case GeneralName.iPAddress -> octets(n).length == 4 || octets(n).length == 16;
                case GeneralName.rfc822Name -> isMailbox(text(n));
                default -> true;
            };
            if (!ok) {
                throw new Violation(Refusal.MALFORMED, c + ": malformed subjectAltName " + n);
            }
        }
    }

    /** The names name constraints apply to: the subject, the subjectAltNames, and — when there
     * is no subjectAltName — e-mail addresses in the subject. */
    static List<GeneralName> constrainedNames(ParsedCert c) {
        List<GeneralName> out = new ArrayList<>();
        if (c.subject.getRDNs().length > 0) {
            out.add(new GeneralName(c.subject));
        }
        if (c.subjectAltNames != null) {
            out.addAll(List.of(c.subjectAltNames.getNames()));
        } else {
            for (RDN rdn : c.subject.getRDNs(PKCSObjectIdentifiers.pkcs_9_at_emailAddress)) {
                for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                    out.add(new GeneralName(GeneralName.rfc822Name, ((ASN1String) atv.getValue()).getString()));
                }
            }
        }
        return out;
    }

    /** A host name of LDH labels; {@code wildcard} allows a whole {@code *} leftmost label. */
    static boolean isDnsName(String name, boolean wildcard) {
        if (name == null || name.isEmpty() || name.length() > 253) {
            return false;
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (wildcard && n.startsWith("*.")) {
            n = n.substring(2);
        }
        for (String label : n.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    static boolean isMailbox(String s) {
        int at = s == null ? -1 : s.lastIndexOf('@');
        return at > 0 && at < s.length() - 1 && s.indexOf('@') == at && isDnsName(s.substring(at + 1), false);
    }

    static String text(GeneralName n) {
        return n.getName() instanceof ASN1IA5String s ? s.getString() : null;
    }

    static byte[] octets(GeneralName n) {
        return ASN1OctetString.getInstance(n.getName()).getOctets();
    }
}
