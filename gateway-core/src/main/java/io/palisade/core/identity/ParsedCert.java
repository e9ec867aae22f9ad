package io.palisade.core.identity;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
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
    private Instant notBefore;
    private Instant notAfter;
    private java.security.PublicKey verifierKey;

    ParsedCert(X509Certificate x509) throws Violation {
        this(x509, null);
    }

    /** Decodes {@code x509}, whose DER encoding is {@code der} (null: ask {@code x509}). */
    ParsedCert(X509Certificate x509, byte[] der) throws Violation {
        this.x509 = x509;
        try {
            this.encoded = der != null ? der : x509.getEncoded();
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

    /**
     * {@code known}, decoded earlier from the same bytes, as presented now by {@code presented}:
     * every decoded part and derived value is shared (they are read-only), the certificate object
     * is the one of this chain.
     */
    private ParsedCert(ParsedCert known, X509Certificate presented) {
        this.x509 = presented;
        this.holder = known.holder;
        this.asn1 = known.asn1;
        this.subject = known.subject;
        this.issuer = known.issuer;
        this.selfIssued = known.selfIssued;
        this.extensions = known.extensions;
        this.basicConstraints = known.basicConstraints;
        this.keyUsage = known.keyUsage;
        this.extendedKeyUsage = known.extendedKeyUsage;
        this.subjectAltNames = known.subjectAltNames;
        this.nameConstraints = known.nameConstraints;
        this.subjectKeyId = known.subjectKeyId;
        this.authorityKeyId = known.authorityKeyId;
        this.encoded = known.encoded;
        this.publicKeyHex = known.publicKeyHex;
        this.derDigest = known.derDigest;
        this.notBefore = known.notBefore;
        this.notAfter = known.notAfter;
        this.verifierKey = known.verifierKey;
    }

    /** This certificate as {@code presented} in another chain: {@code presented} must encode to the same bytes. */
    ParsedCert presentedAs(X509Certificate presented) {
        return new ParsedCert(this, presented);
    }

    /** A copy with every lazily derived value computed, never touched again: safe to share between threads. */
    ParsedCert frozen() {
        publicKeyHex();
        derDigest();
        notBefore();
        notAfter();
        try {
            verifierKey();
        } catch (java.io.IOException e) {
            // not decodable: each copy tries again when it verifies a signature, and fails it
        }
        return new ParsedCert(this, x509);
    }

    /** This certificate's key as {@link PathMemo} verifies signatures with it: decoded once, shared by every copy. */
    java.security.PublicKey verifierKey() throws java.io.IOException {
        if (verifierKey == null) {
            verifierKey = org.bouncycastle.jce.provider.BouncyCastleProvider.getPublicKey(asn1.getSubjectPublicKeyInfo());
        }
        return verifierKey;
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

    /** The DER encoding as received; not a copy, never to be modified. */
    byte[] encoded() {
        return encoded;
    }

    boolean sameCertificate(ParsedCert other) {
        return Arrays.equals(encoded, other.encoded);
    }

    boolean sameSubjectAndKey(ParsedCert other) {
        // the key first: comparing two different names costs BouncyCastle a canonicalisation of both
        return publicKeyHex().equals(other.publicKeyHex()) && subject.equals(other.subject);
    }

    Instant notBefore() {
        if (notBefore == null) {
            notBefore = CertificateTimes.instant(asn1.getStartDate());
        }
        return notBefore;
    }

    Instant notAfter() {
        if (notAfter == null) {
            notAfter = CertificateTimes.instant(asn1.getEndDate());
        }
        return notAfter;
    }

    /** SHA-256 of the certificate's bytes as received: its identity for {@link PathMemo}. */
    byte[] derDigest() {
        if (derDigest == null) {
            derDigest = PathMemo.sha256().digest(encoded);
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
