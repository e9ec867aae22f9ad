package io.palisade.core.identity;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.function.Consumer;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates the test PKI deliberately cannot make (CAs with name constraints or an extended
 * key usage, SHA-1 signatures), built directly with BouncyCastle in the shape TestPki uses.
 */
final class CustomCerts {

    /** A certificate and the key pair it certifies. */
    record Issued(X509Certificate certificate, KeyPair keyPair) {}

    /** Adds extensions to a certificate being built. */
    interface Extras {
        void addTo(X509v3CertificateBuilder b) throws CertIOException;
    }

    private CustomCerts() {}

    static Issued ca(X509Certificate issuer, PrivateKey issuerKey, String subject, Instant from, Instant until, Extras extras) {
        KeyPair keys = p256();
        return issue(issuer, issuerKey, new X500Name(subject), keys, from, until, "SHA256withECDSA", b -> {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            extras.addTo(b);
        });
    }

    static Issued device(X509Certificate issuer, PrivateKey issuerKey, String tenant, Instant from, Instant until,
                         String signatureAlgorithm) {
        KeyPair keys = p256();
        String cn = DeviceId.of(keys.getPublic()).value();
        return issue(issuer, issuerKey, new X500Name("CN=" + cn + ",OU=sensor,O=" + tenant), keys, from, until,
                signatureAlgorithm, b -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
                });
    }

    static Extras serverAuthOnly() {
        return b -> b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    }

    private static Issued issue(X509Certificate issuer, PrivateKey issuerKey, X500Name subject, KeyPair keys,
                                Instant from, Instant until, String signatureAlgorithm, Extras extras) {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
                    new BigInteger(64, new java.security.SecureRandom()).setBit(63),
                    Date.from(from), Date.from(until), subject, keys.getPublic());
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer.getPublicKey()));
            extras.addTo(b);
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(signatureAlgorithm).build(issuerKey)));
            return new Issued(cert, keys);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue " + subject, e);
        }
    }

    private static KeyPair p256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
