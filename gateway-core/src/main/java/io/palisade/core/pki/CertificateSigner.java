package io.palisade.core.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Signs X.509 v3 certificates: random positive 128-bit serials, SKI and AKI on every certificate,
 * the signature algorithm that fits the issuer key. The profiles (which extensions) are the
 * callers'; this class only assembles and signs.
 */
final class CertificateSigner {

    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateSigner() {}

    /** The issuer's side of a signature: its name, its key pair and the key id its certificates get as AKI. */
    record Issuer(X500Name name, PublicKey publicKey, PrivateKey privateKey, byte[] keyId) {
        static Issuer of(CertifiedKey ca) {
            X509Certificate cert = ca.certificate();
            return new Issuer(X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()),
                    cert.getPublicKey(), ca.privateKey(), keyIdOf(cert));
        }

        static Issuer selfSigned(X500Name name, PublicKey publicKey, PrivateKey privateKey) {
            return new Issuer(name, publicKey, privateKey, subjectKeyId(publicKey).getKeyIdentifier());
        }
    }

    static X509Certificate sign(Issuer issuer, X500Name subject, PublicKey subjectKey, Instant notBefore,
                                Instant notAfter, List<Extension> extensions) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer.name(), serial(),
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
            builder.addExtension(Extension.subjectKeyIdentifier, false, subjectKeyId(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(issuer.keyId()));
            for (Extension extension : extensions) {
                builder.addExtension(extension);
            }
            var signer = new JcaContentSignerBuilder(KeyAlgorithms.signatureAlgorithm(issuer.publicKey()))
                    .build(issuer.privateKey());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("signing a certificate for " + subject + " failed", e);
        }
    }

    /** A positive serial of 16 random bytes, the first bit clear (RFC 5280: at most 20 octets, positive). */
    static BigInteger serial() {
        byte[] bytes = new byte[16];
        BigInteger serial;
        do {
            RANDOM.nextBytes(bytes);
            bytes[0] &= 0x7f;
            serial = new BigInteger(bytes);
        } while (serial.signum() == 0);
        return serial;
    }

    static Extension basicConstraints(boolean ca, Integer pathLen) throws IOException {
        BasicConstraints value = !ca ? new BasicConstraints(false)
                : pathLen == null ? new BasicConstraints(true) : new BasicConstraints(pathLen);
        return new Extension(Extension.basicConstraints, true, value.getEncoded("DER"));
    }

    static Extension keyUsage(int bits) throws IOException {
        return new Extension(Extension.keyUsage, true, new KeyUsage(bits).getEncoded("DER"));
    }

    static Extension extendedKeyUsage(KeyPurposeId... purposes) throws IOException {
        return new Extension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes).getEncoded("DER"));
    }

    static SubjectKeyIdentifier subjectKeyId(PublicKey key) {
        try {
            return new JcaX509ExtensionUtils().createSubjectKeyIdentifier(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 for key identifiers is unavailable", e);
        }
    }

    /** The certificate's own SKI (what its children's AKI must hold), or the RFC 5280 SHA-1 id when absent. */
    static byte[] keyIdOf(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ext == null) {
            return subjectKeyId(cert.getPublicKey()).getKeyIdentifier();
        }
        return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifier();
    }
}
