package io.palisade.core.pki;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Key algorithms as the PKI sees them: turning DER key structures into JCA keys with the JDK's
 * own key factories (so keys work with every provider), naming EC curves, and choosing the
 * signature algorithm for an issuer key.
 */
final class KeyAlgorithms {

    /** A private BouncyCastle instance, never registered globally; used to verify signatures strictly. */
    static final Provider BC = new BouncyCastleProvider();

    /** Smallest RSA modulus accepted anywhere in Palisade. */
    static final int MIN_RSA_BITS = 2048;

    private static final Map<ASN1ObjectIdentifier, String> FACTORIES = Map.of(
            X9ObjectIdentifiers.id_ecPublicKey, "EC",
            PKCSObjectIdentifiers.rsaEncryption, "RSA",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519");

    private static final Map<ASN1ObjectIdentifier, String> CURVES = Map.of(
            SECObjectIdentifiers.secp256r1, "P-256",
            SECObjectIdentifiers.secp384r1, "P-384");

    private KeyAlgorithms() {}

    static PublicKey publicKey(SubjectPublicKeyInfo spki) throws GeneralSecurityException, IOException {
        return KeyFactory.getInstance(factoryFor(spki.getAlgorithm()))
                .generatePublic(new X509EncodedKeySpec(spki.getEncoded("DER")));
    }

    static PrivateKey privateKey(PrivateKeyInfo info) throws GeneralSecurityException, IOException {
        return KeyFactory.getInstance(factoryFor(info.getPrivateKeyAlgorithm()))
                .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded("DER")));
    }

    /** {@code P-256} or {@code P-384} for an EC key on one of those named curves, else empty. */
    static Optional<String> ecCurve(PublicKey key) {
        if (key.getEncoded() == null) {
            return Optional.empty();
        }
        AlgorithmIdentifier alg = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(alg.getAlgorithm())
                || !(alg.getParameters() instanceof ASN1ObjectIdentifier curve)) {
            return Optional.empty();
        }
        return Optional.ofNullable(CURVES.get(curve));
    }

    /** Whether {@code key} may be a device key: ECDSA on P-256 or P-384. */
    static boolean isDeviceKey(PublicKey key) {
        return ecCurve(key).isPresent();
    }

    /** Why {@code key} is not acceptable for any Palisade certificate, or empty when it is. */
    static Optional<String> unsupported(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return bits >= MIN_RSA_BITS ? Optional.empty()
                    : Optional.of("RSA " + bits + " bits (expected: >= " + MIN_RSA_BITS + ")");
        }
        if (isDeviceKey(key)) {
            return Optional.empty();
        }
        return Optional.of(key.getAlgorithm() + " key (expected: EC P-256, EC P-384 or RSA >= " + MIN_RSA_BITS + ")");
    }

    /** The signature algorithm an issuer holding {@code key} signs with. */
    static String signatureAlgorithm(PublicKey key) {
        if (key instanceof RSAPublicKey) {
            return "SHA256withRSA";
        }
        return ecCurve(key).map(c -> c.equals("P-384") ? "SHA384withECDSA" : "SHA256withECDSA")
                .orElseThrow(() -> new IllegalArgumentException(
                        "issuer key: " + key.getAlgorithm() + " (expected: EC P-256, EC P-384 or RSA)"));
    }

    private static String factoryFor(AlgorithmIdentifier alg) throws GeneralSecurityException {
        String name = FACTORIES.get(alg.getAlgorithm());
        if (name == null) {
            throw new GeneralSecurityException("key algorithm " + alg.getAlgorithm() + " (expected: EC, RSA or Ed25519)");
        }
        return name;
    }
}
