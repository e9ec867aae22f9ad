package io.palisade.core.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;

/**
 * RFC 5280 name constraints over a whole path, for DNS names (with wildcard SANs judged by every
 * name they could stand for), e-mail addresses, IP addresses and directory names. A constraint of
 * another type (URI, otherName, ...) fails any certificate carrying a name of that type, since it
 * cannot be checked. Malformed constraints and more than {@value #MAX_SUBTREES} subtrees in one
 * extension are refused outright (a CA must not make path validation quadratic).
 */
final class NameConstraintsCheck {

    static final int MAX_SUBTREES = 128;

    private NameConstraintsCheck() {}

    /** {@code path} is leaf first, anchor last; the anchor's constraints apply too. */
    static void check(List<ParsedCert> path) throws Violation {
        List<NameConstraints> layers = new ArrayList<>();
        for (int i = path.size() - 1; i >= 0; i--) {
            ParsedCert c = path.get(i);
            boolean anchor = i == path.size() - 1;
            if (!anchor && !layers.isEmpty() && (i == 0 || !c.selfIssued)) {
                for (GeneralName name : Names.constrainedNames(c)) {
                    for (NameConstraints layer : layers) {
                        checkName(c, name, layer);
                    }
                }
            }
            if (c.extension(org.bouncycastle.asn1.x509.Extension.nameConstraints) != null) {
                layers.add(validated(c));
            }
        }
    }

    private static NameConstraints validated(ParsedCert c) throws Violation {
        NameConstraints nc = c.nameConstraints;
        GeneralSubtree[] permitted = nc == null ? null : nc.getPermittedSubtrees();
        GeneralSubtree[] excluded = nc == null ? null : nc.getExcludedSubtrees();
        int p = permitted == null ? 0 : permitted.length;
        int e = excluded == null ? 0 : excluded.length;
        if (p + e == 0 || (permitted != null && p == 0) || (excluded != null && e == 0)) {
            throw new Violation(Refusal.NAME_CONSTRAINTS, c + ": nameConstraints with an empty subtree list");
        }
        if (p + e > MAX_SUBTREES) {
            throw new Violation(Refusal.NAME_CONSTRAINTS, c + ": " + (p + e) + " name constraint subtrees (expected: <= " + MAX_SUBTREES + ")");
        }
        for (GeneralSubtree[] subtrees : new GeneralSubtree[][] {permitted, excluded}) {
            for (int k = 0; subtrees != null && k < subtrees.length; k++) {
                GeneralSubtree t = subtrees[k];
                if (t.getMaximum() != null || (t.getMinimum() != null && t.getMinimum().signum() != 0)
                        || !NameMatch.wellFormedConstraint(t.getBase())) {
                    throw new Violation(Refusal.NAME_CONSTRAINTS, c + ": malformed name constraint " + t.getBase());
                }
            }
        }
        return nc;
    }

    private static void checkName(ParsedCert c, GeneralName name, NameConstraints layer) throws Violation {
        GeneralSubtree[] permitted = layer.getPermittedSubtrees();
        if (permitted != null) {
            boolean typeConstrained = false;
            boolean matched = false;
            for (GeneralSubtree t : permitted) {
                if (t.getBase().getTagNo() == name.getTagNo()) {
                    typeConstrained = true;
                    matched |= NameMatch.permits(t.getBase(), name);
                }
            }
            if (typeConstrained && !matched) {
                throw new Violation(Refusal.NAME_CONSTRAINTS, c + ": name " + describe(name) + " is outside the permitted subtrees");
            }
        }
        GeneralSubtree[] excluded = layer.getExcludedSubtrees();
        for (int k = 0; excluded != null && k < excluded.length; k++) {
            GeneralName base = excluded[k].getBase();
            if (base.getTagNo() == name.getTagNo() && NameMatch.excludes(base, name)) {
                throw new Violation(Refusal.NAME_CONSTRAINTS, c + ": name " + describe(name) + " is in an excluded subtree " + describe(base));
            }
        }
    }

    private static String describe(GeneralName n) {
        return n.getTagNo() == GeneralName.directoryName
                ? "DN '" + X500Name.getInstance(n.getName()) + "'" : n.toString().toLowerCase(Locale.ROOT);
    }

    static boolean dnWithin(X500Name name, X500Name base) {
        var n = name.getRDNs();
        var b = base.getRDNs();
        if (b.length > n.length) {
            return false;
        }
        for (int i = 0; i < b.length; i++) {
            if (!IETFUtils.rDNAreEqual(n[i], b[i])) {
                return false;
            }
        }
        return true;
    }
}
