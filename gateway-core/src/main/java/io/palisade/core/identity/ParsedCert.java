package io.palisade.core.identity;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A certificate decoded once with BouncyCastle's ASN.1 classes (which refuse duplicate
 * extensions), with the extensions the path checks need. A certificate that does not decode is
 * {@link Refusal#MALFORMED}.
 */
final class ParsedCert {

    final X509Certificate x509;
    final X509CertificateHolder holder;
    final Certificate asn1;
    final X500Name subject;
    final X500Name issuer;
    final boolean selfIssued;
    final Extensions extensions;
    final BasicConstraints basicConstraints;
    final KeyUsage keyUsage;
    final ExtendedKeyUsage extendedKeyUsage;
    final GeneralNames subjectAltNames;
    final NameConstraints nameConstraints;
    final byte[] subjectKeyId;
    final AuthorityKeyIdentifier authorityKeyId;
    private final byte[] encoded;
    private String publicKeyHex;
    private byte[] derDigest;
    /** This certificate's key as {@link VerifiedSignatures} verifies with it, once decoded (one call, one thread). */
    java.security.PublicKey verifierKey;

    ParsedCert(X509Certificate x509) throws Violation {
        this.x509 = x509;
        try {
            this.encoded = x509.getEncoded();
            this.holder = new X509CertificateHolder(encoded);
            this.asn1 = holder.toASN1Structure();
            this.subject = asn1.getSubject();
            this.issuer = asn1.getIssuer();
            this.extensions = asn1.getTBSCertificate().getExtensions();
            this.basicConstraints = extensions == null ? null : BasicConstraints.fromExtensions(extensions);
            this.keyUsage = extensions == null ? null : KeyUsage.fromExtensions(extensions);
            this.extendedKeyUsage = extensions == null ? null : ExtendedKeyUsage.fromExtensions(extensions);
            this.subjectAltNames = extensions == null ? null
                    : GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
            this.nameConstraints = extensions == null ? null
                    : NameConstraints.getInstance(extensions.getExtensionParsedValue(Extension.nameConstraints));
            SubjectKeyIdentifier ski = extensions == null ? null : SubjectKeyIdentifier.fromExtensions(extensions);
            this.subjectKeyId = ski == null ? null : ski.getKeyIdentifier();
            this.authorityKeyId = extensions == null ? null : AuthorityKeyIdentifier.fromExtensions(extensions);
        } catch (CertificateEncodingException | java.io.IOException | RuntimeException e) {
            throw new Violation(Refusal.MALFORMED, describe(x509) + ": does not decode (" + e.getMessage() + ")");
        }
        this.selfIssued = subject.equals(issuer);
    }

    /** The critical flag and presence of extension {@code oid}, or null when absent. */
    Extension extension(org.bouncycastle.asn1.ASN1ObjectIdentifier oid) {
        return extensions == null ? null : extensions.getExtension(oid);
    }

    boolean isCa() {
        return basicConstraints != null && basicConstraints.isCA();
    }

    /** Whether this certificate's AKI key identifier, if any, names {@code issuer}'s SKI. */
    boolean akiMatches(ParsedCert issuerCert) {
        byte[] keyId = authorityKeyId == null ? null : authorityKeyId.getKeyIdentifier();
        return keyId == null || issuerCert.subjectKeyId == null || Arrays.equals(keyId, issuerCert.subjectKeyId);
    }

    boolean sameCertificate(ParsedCert other) {
        return Arrays.equals(encoded, other.encoded);
    }

    boolean sameSubjectAndKey(ParsedCert other) {
        return subject.equals(other.subject) && publicKeyHex().equals(other.publicKeyHex());
    }

    /** SHA-256 of the certificate's bytes as received: its identity for {@link VerifiedSignatures}. */
    byte[] derDigest() {
        if (derDigest == null) {
            derDigest = VerifiedSignatures.sha256().digest(encoded);
        }
        return derDigest;
    }

    /** The DER SubjectPublicKeyInfo in hex: a key's identity for caches and loop checks. */
    String publicKeyHex() {
        if (publicKeyHex == null) {
            publicKeyHex = HexFormat.of().formatHex(asn1.getSubjectPublicKeyInfo().getPublicKeyData().getBytes())
                    + '/' + asn1.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm();
        }
        return publicKeyHex;
    }

    @Override
    public String toString() {
        return describe(x509);
    }

    static String describe(X509Certificate c) {
        return "certificate '" + c.getSubjectX500Principal().getName() + "' (serial " + c.getSerialNumber().toString(16) + ")";
    }
}
