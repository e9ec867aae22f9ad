package io.palisade.core.identity;

import java.math.BigInteger;
import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * Checks on one certificate by itself, by its role in the path: the parts of RFC 5280 and the
 * CA/Browser Forum profile that stock PKIX leaves out (v3 only, serial numbers, critical flags,
 * key identifiers, basicConstraints on CAs, no CA in leaf position, well-formed names).
 */
final class CertificateProfile {

    enum Role { LEAF, INTERMEDIATE, ANCHOR }

    /** Extensions a certificate may mark critical: the ones this validator processes (policy
     * extensions are recognised but no policy is required, so they never restrict a path). */
    private static final Set<ASN1ObjectIdentifier> UNDERSTOOD = Set.of(
            Extension.basicConstraints, Extension.keyUsage, Extension.extendedKeyUsage,
            Extension.subjectAlternativeName, Extension.nameConstraints, Extension.certificatePolicies,
            Extension.policyMappings, Extension.policyConstraints, Extension.inhibitAnyPolicy,
            AttestationExtension.OID);

    /** Extensions that RFC 5280 requires to be non-critical. */
    private static final Set<ASN1ObjectIdentifier> NEVER_CRITICAL = Set.of(
            Extension.authorityKeyIdentifier, Extension.subjectKeyIdentifier, Extension.authorityInfoAccess);

    private static final int MAX_SERIAL_OCTETS = 20;

    private CertificateProfile() {}

    static void check(ParsedCert c, Role role) throws Violation {
        if (c.asn1.getVersionNumber() != 3) {
            throw new Violation(Refusal.MALFORMED, c + ": X.509 version " + c.asn1.getVersionNumber() + " (expected: 3)");
        }
        BigInteger serial = c.asn1.getSerialNumber().getValue();
        if (serial.signum() <= 0 || serial.toByteArray().length > MAX_SERIAL_OCTETS) {
            throw new Violation(Refusal.MALFORMED, c + ": serial number " + serial
                    + " (expected: positive, at most " + MAX_SERIAL_OCTETS + " octets)");
        }
        if (c.issuer.getRDNs().length == 0) {
            throw new Violation(Refusal.MALFORMED, c + ": empty issuer name");
        }
        if (role != Role.ANCHOR) {
            Algorithms.checkSignature(c);
        }
        Algorithms.checkKey(c);
        checkExtensionFlags(c);
        Names.checkSubjectAltNames(c);
        if (c.extendedKeyUsage != null && c.extendedKeyUsage.size() == 0) {
            throw new Violation(Refusal.MALFORMED, c + ": empty extendedKeyUsage");
        }
        if (role == Role.LEAF) {
            checkEndEntity(c);
        } else {
            checkCa(c, role);
        }
    }

    private static void checkExtensionFlags(ParsedCert c) throws Violation {
        if (c.extensions == null) {
            return;
        }
        for (ASN1ObjectIdentifier oid : c.extensions.getExtensionOIDs()) {
            Extension e = c.extensions.getExtension(oid);
            if (e.isCritical() && !UNDERSTOOD.contains(oid)) {
                String what = NEVER_CRITICAL.contains(oid) ? "extension that must not be critical" : "unknown critical extension";
                throw new Violation(Refusal.MALFORMED, c + ": " + what + " " + oid);
            }
        }
        Extension aia = c.extension(Extension.authorityInfoAccess);
        if (aia != null) {
            try {
                AuthorityInformationAccess.getInstance(aia.getParsedValue()).getAccessDescriptions();
            } catch (RuntimeException e) {
                throw new Violation(Refusal.MALFORMED, c + ": malformed authorityInfoAccess (" + e.getMessage() + ")");
            }
        }
    }

    private static void checkEndEntity(ParsedCert c) throws Violation {
        if (c.isCa()) {
            throw new Violation(Refusal.NOT_END_ENTITY, c + ": end-entity certificate with basicConstraints cA=TRUE");
        }
        if (c.keyUsage != null && c.keyUsage.hasUsages(KeyUsage.keyCertSign)) {
            throw new Violation(Refusal.NOT_END_ENTITY, c + ": end-entity certificate with keyUsage keyCertSign");
        }
        if (c.extension(Extension.nameConstraints) != null) {
            throw new Violation(Refusal.MALFORMED, c + ": nameConstraints in an end-entity certificate");
        }
        if (c.authorityKeyId == null || c.authorityKeyId.getKeyIdentifier() == null) {
            throw new Violation(Refusal.MALFORMED, c + ": no authorityKeyIdentifier keyIdentifier");
        }
        if (c.subject.getRDNs().length == 0) {
            Extension san = c.extension(Extension.subjectAlternativeName);
            if (san == null || !san.isCritical()) {
                throw new Violation(Refusal.MALFORMED, c + ": empty subject without a critical subjectAltName");
            }
        }
    }

    private static void checkCa(ParsedCert c, Role role) throws Violation {
        Extension bc = c.extension(Extension.basicConstraints);
        if (bc == null || !c.isCa()) {
            throw new Violation(Refusal.INVALID_CHAIN, c + ": issues certificates but is not a CA (basicConstraints cA=TRUE missing)");
        }
        if (!bc.isCritical()) {
            throw new Violation(Refusal.MALFORMED, c + ": CA with non-critical basicConstraints");
        }
        if (c.keyUsage != null && !c.keyUsage.hasUsages(KeyUsage.keyCertSign)) {
            throw new Violation(Refusal.WRONG_KEY_USAGE, c + ": CA whose keyUsage lacks keyCertSign");
        }
        if (c.subject.getRDNs().length == 0) {
            throw new Violation(Refusal.MALFORMED, c + ": CA with an empty subject");
        }
        if (c.subjectKeyId == null) {
            throw new Violation(Refusal.MALFORMED, c + ": CA without subjectKeyIdentifier");
        }
        AuthorityKeyIdentifier aki = c.authorityKeyId;
        if (role == Role.INTERMEDIATE && (aki == null || aki.getKeyIdentifier() == null)) {
            throw new Violation(Refusal.MALFORMED, c + ": no authorityKeyIdentifier keyIdentifier");
        }
        if (role == Role.ANCHOR && c.selfIssued && aki != null) {
            if (aki.getKeyIdentifier() == null || aki.getAuthorityCertIssuer() != null
                    || aki.getAuthorityCertSerialNumber() != null || !c.akiMatches(c)) {
                throw new Violation(Refusal.MALFORMED, c + ": self-signed root whose authorityKeyIdentifier is not just its own key identifier");
            }
        }
    }
}
