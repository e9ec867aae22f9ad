package io.palisade.testing.pki;

import static java.util.Objects.requireNonNull;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * What every certificate of the test PKI has in common: fresh keys, positive random serials,
 * RFC 5280 key identifiers (SHA-1 of the key bits, so an issuer's SKI equals its children's AKI),
 * names, device ids and PEM. Nothing here knows Palisade's own CA code.
 */
final class Pkix {

    static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder PEM_BASE64 = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private Pkix() {}

    static KeyPair ecKeyPair(String curve) {
        requireNonNull(curve, "curve");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("curve: " + curve + " (expected: a named EC curve such as secp256r1)", e);
        }
    }

    static KeyPair rsaKeyPair(int bits) {
        if (bits < 1024) {
            throw new IllegalArgumentException("bits: " + bits + " (expected: >= 1024)");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is required of every Java platform", e);
        }
    }

    /** A positive random serial of 127 bits (16 DER octets), never zero. */
    static BigInteger serial() {
        return new BigInteger(127, RANDOM).setBit(126);
    }

    /** Certificates carry whole seconds; truncating first keeps what we state equal to what is encoded. */
    static Instant seconds(Instant instant) {
        return requireNonNull(instant, "instant").truncatedTo(ChronoUnit.SECONDS);
    }

    /** A distinguished name from (attribute, value) pairs, most significant first (e.g. O, OU, CN). */
    static X500Principal name(String... attributeValuePairs) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        for (int i = 0; i < attributeValuePairs.length; i += 2) {
            builder.addRDN(BCStyle.INSTANCE.attrNameToOID(attributeValuePairs[i]), attributeValuePairs[i + 1]);
        }
        try {
            return new X500Principal(builder.build().getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the subject and authority key identifiers (non-critical, as RFC 5280 requires). */
    static CertificateBuilder keyIdentifiers(CertificateBuilder builder, PublicKey subject, PublicKey issuer) {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            return builder
                    .addExtensionOctetString(Extension.subjectKeyIdentifier.getId(), false,
                            utils.createSubjectKeyIdentifier(subject).getEncoded())
                    .addExtensionOctetString(Extension.authorityKeyIdentifier.getId(), false,
                            utils.createAuthorityKeyIdentifier(issuer).getEncoded());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot compute key identifiers", e);
        }
    }

    /**
     * Signs {@code builder}'s certificate with its own key. netty-pkitesting 4.2.18's
     * {@code buildSelfSigned()} ignores a supplied key pair (it always generates one), which would
     * leave the key identifiers computed for the wrong key; so the root is issued through
     * {@code buildIssuedBy} by a stand-in issuer that has the root's own name and key.
     */
    static X509Bundle selfSigned(CertificateBuilder builder, X500Principal subject, KeyPair keyPair) throws Exception {
        X509Bundle nameHolder = new CertificateBuilder().subject(subject).setIsCertificateAuthority(true)
                .buildSelfSigned();
        X509Bundle standIn = X509Bundle.fromCertificatePath(
                nameHolder.getCertificatePath(), nameHolder.getCertificate(), keyPair);
        X509Bundle issued = builder.subject(subject).keyPair(keyPair)
                .buildIssuedBy(standIn, signatureAlgorithm(keyPair.getPublic()));
        return X509Bundle.fromRootCertificateAuthority(issued.getCertificate(), keyPair);
    }

    static String signatureAlgorithm(PublicKey key) {
        switch (key.getAlgorithm()) {
            case "EC":
                return "SHA256withECDSA";
            case "RSA":
                return "SHA256withRSA";
            default:
                throw new IllegalArgumentException("key: " + key.getAlgorithm() + " (expected: EC or RSA)");
        }
    }

    /** Lowercase hex SHA-256 over the DER SubjectPublicKeyInfo: the device id of DESIGN.md. */
    static String deviceId(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + PEM_BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
