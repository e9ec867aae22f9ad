package io.palisade.core.identity;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

import io.palisade.core.identity.CertificateProfile.Role;
import io.palisade.core.revocation.RevocationPolicy;
import io.palisade.core.revocation.RevocationStatus;

/**
 * Every check on one complete candidate path (leaf first, anchor last, signatures already
 * verified while building it): each certificate's profile, validity at the validation time,
 * path length constraints, key usages and their nesting, name constraints, then revocation.
 */
final class PathChecks {

    private final Instant now;
    private final KeyPurposeId purpose;
    private final boolean requireLeafUsages;
    private final RevocationPolicy revocation;

    PathChecks(Instant now, KeyPurposeId purpose, boolean requireLeafUsages, RevocationPolicy revocation) {
        this.now = now;
        this.purpose = purpose;
        this.requireLeafUsages = requireLeafUsages;
        this.revocation = revocation;
    }

    void check(List<ParsedCert> path) throws Violation {
        int last = path.size() - 1;
        for (int i = 0; i <= last; i++) {
            CertificateProfile.check(path.get(i), i == 0 ? Role.LEAF : i == last ? Role.ANCHOR : Role.INTERMEDIATE);
        }
        for (ParsedCert c : path) {
            checkValidity(c);
        }
        checkPathLengths(path);
        checkUsages(path);
        NameConstraintsCheck.check(path);
        List<X509Certificate> certs = new ArrayList<>(path.size());
        path.forEach(c -> certs.add(c.x509));
        RevocationStatus status = revocation.check(certs, now);
        if (status.state() == RevocationStatus.State.REVOKED) {
            throw new Violation(Refusal.REVOKED, status.detail());
        }
        if (status.state() == RevocationStatus.State.UNAVAILABLE) {
            throw new Violation(Refusal.REVOCATION_UNAVAILABLE, status.detail());
        }
    }

    private void checkValidity(ParsedCert c) throws Violation {
        Instant notBefore = c.notBefore();
        Instant notAfter = c.notAfter();
        if (now.isBefore(notBefore)) {
            throw new Violation(Refusal.NOT_YET_VALID, c + ": not valid before " + notBefore + " (now " + now + ")");
        }
        if (now.isAfter(notAfter)) {
            throw new Violation(Refusal.EXPIRED, c + ": expired at " + notAfter + " (now " + now + ")");
        }
    }

    /** RFC 5280 6.1.4 (l)/(m): each CA's pathLenConstraint bounds the non-self-issued intermediates below it. */
    private static void checkPathLengths(List<ParsedCert> path) throws Violation {
        int below = 0;
        for (int i = 1; i < path.size(); i++) {
            ParsedCert ca = path.get(i);
            java.math.BigInteger max = ca.basicConstraints.getPathLenConstraint();
            if (max != null && max.compareTo(java.math.BigInteger.valueOf(below)) < 0) {
                throw new Violation(Refusal.INVALID_CHAIN, ca + ": pathLenConstraint " + max + " but "
                        + below + " intermediate CA certificates follow it");
            }
            if (!ca.selfIssued) {
                below++;
            }
        }
    }

    private void checkUsages(List<ParsedCert> path) throws Violation {
        ParsedCert leaf = path.get(0);
        if (requireLeafUsages) {
            if (leaf.keyUsage == null || !leaf.keyUsage.hasUsages(KeyUsage.digitalSignature)) {
                throw new Violation(Refusal.WRONG_KEY_USAGE, leaf + ": keyUsage digitalSignature required");
            }
            if (leaf.extendedKeyUsage == null) {
                throw new Violation(Refusal.WRONG_KEY_USAGE, leaf + ": extendedKeyUsage " + name(purpose) + " required");
            }
        }
        if (leaf.extendedKeyUsage != null && !leaf.extendedKeyUsage.hasKeyPurposeId(purpose)) {
            throw new Violation(Refusal.WRONG_KEY_USAGE, leaf + ": extendedKeyUsage lacks " + name(purpose));
        }
        for (int i = 1; i < path.size(); i++) {
            ParsedCert ca = path.get(i);
            if (ca.extendedKeyUsage != null && !ca.extendedKeyUsage.hasKeyPurposeId(purpose)
                    && !ca.extendedKeyUsage.hasKeyPurposeId(KeyPurposeId.anyExtendedKeyUsage)) {
                throw new Violation(Refusal.WRONG_KEY_USAGE, ca + ": CA whose extendedKeyUsage excludes " + name(purpose));
            }
        }
    }

    private static String name(KeyPurposeId purpose) {
        ASN1ObjectIdentifier oid = purpose.toOID();
        if (oid.equals(KeyPurposeId.id_kp_clientAuth.toOID())) {
            return "clientAuth";
        }
        return oid.equals(KeyPurposeId.id_kp_serverAuth.toOID()) ? "serverAuth" : oid.getId();
    }
}
