package io.palisade.core.update;

import java.security.PublicKey;
import java.util.Optional;

import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** The signature algorithms vendor keys may use, as written in manifest signature lines. */
public enum SignatureAlgorithm {
    /** ECDSA on NIST P-256 over SHA-256; the signature is a DER ECDSA-Sig-Value. */
    ECDSA_P256_SHA256("ecdsa-p256-sha256", "SHA256withECDSA"),
    /** Ed25519 (RFC 8032, pure); the signature is 64 bytes. */
    ED25519("ed25519", "Ed25519");

    private final String token;
    private final String jcaName;

    SignatureAlgorithm(String token, String jcaName) {
        this.token = token;
        this.jcaName = jcaName;
    }

    /** The name in a signature line. */
    public String token() {
        return token;
    }

    String jcaName() {
        return jcaName;
    }

    /** The algorithm named {@code token} in a signature line, if any. */
    public static Optional<SignatureAlgorithm> ofToken(String token) {
        for (SignatureAlgorithm a : values()) {
            if (a.token.equals(token)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The algorithm a vendor key signs with: P-256 EC keys and Ed25519 keys; anything else is empty. */
    public static Optional<SignatureAlgorithm> of(PublicKey key) {
        byte[] spki = key.getEncoded();
        if (spki == null || !"X.509".equals(key.getFormat())) {
            return Optional.empty();
        }
        try {
            AlgorithmIdentifier alg = SubjectPublicKeyInfo.getInstance(spki).getAlgorithm();
            if (X9ObjectIdentifiers.id_ecPublicKey.equals(alg.getAlgorithm())
                    && SECObjectIdentifiers.secp256r1.equals(alg.getParameters())) {
                return Optional.of(ECDSA_P256_SHA256);
            }
            if (EdECObjectIdentifiers.id_Ed25519.equals(alg.getAlgorithm())) {
                return Optional.of(ED25519);
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
