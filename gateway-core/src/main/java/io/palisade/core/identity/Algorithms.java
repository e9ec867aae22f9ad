package io.palisade.core.identity;

import java.math.BigInteger;
import java.util.Set;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;

/**
 * The keys and signature algorithms the device profile accepts: RSA of at least 2048 bits (a
 * whole number of bytes), ECDSA on P-256 or P-384 (named curves only), Ed25519; signatures with
 * SHA-256 or stronger. Everything else — SHA-1, MD5, DSA, small or odd curves — is refused.
 */
final class Algorithms {

    private static final Set<ASN1ObjectIdentifier> SIGNATURES = Set.of(
            PKCSObjectIdentifiers.sha256WithRSAEncryption,
            PKCSObjectIdentifiers.sha384WithRSAEncryption,
            PKCSObjectIdentifiers.sha512WithRSAEncryption,
            X9ObjectIdentifiers.ecdsa_with_SHA256,
            X9ObjectIdentifiers.ecdsa_with_SHA384,
            X9ObjectIdentifiers.ecdsa_with_SHA512,
            EdECObjectIdentifiers.id_Ed25519);

    private static final Set<ASN1ObjectIdentifier> PSS_DIGESTS = Set.of(
            NISTObjectIdentifiers.id_sha256, NISTObjectIdentifiers.id_sha384, NISTObjectIdentifiers.id_sha512);

    private static final Set<ASN1ObjectIdentifier> CURVES = Set.of(
            SECObjectIdentifiers.secp256r1, SECObjectIdentifiers.secp384r1);

    private static final int MIN_RSA_BITS = 2048;

    private Algorithms() {}

    static void checkSignature(ParsedCert c) throws Violation {
        AlgorithmIdentifier alg = c.asn1.getSignatureAlgorithm();
        if (!alg.equals(c.asn1.getTBSCertificate().getSignature())) {
            throw new Violation(Refusal.MALFORMED, c + ": signatureAlgorithm differs from the signature field of the TBSCertificate");
        }
        ASN1ObjectIdentifier oid = alg.getAlgorithm();
        if (SIGNATURES.contains(oid)) {
            return;
        }
        if (oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS) && alg.getParameters() != null
                && PSS_DIGESTS.contains(RSASSAPSSparams.getInstance(alg.getParameters()).getHashAlgorithm().getAlgorithm())) {
            return;
        }
        throw new Violation(Refusal.WEAK_SIGNATURE, c + ": signed with " + name(oid)
                + " (expected: RSA, RSA-PSS, ECDSA with SHA-256/384/512, or Ed25519)");
    }

    static void checkKey(ParsedCert c) throws Violation {
        SubjectPublicKeyInfo spki = c.asn1.getSubjectPublicKeyInfo();
        ASN1ObjectIdentifier oid = spki.getAlgorithm().getAlgorithm();
        try {
            if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                BigInteger modulus = RSAPublicKey.getInstance(spki.parsePublicKey()).getModulus();
                int bits = modulus.bitLength();
                if (bits < MIN_RSA_BITS || bits % 8 != 0) {
                    throw new Violation(Refusal.WEAK_KEY, c + ": RSA key of " + bits
                            + " bits (expected: >= " + MIN_RSA_BITS + " and a multiple of 8)");
                }
                return;
            }
            if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                ASN1Encodable params = spki.getAlgorithm().getParameters();
                if (!(params instanceof ASN1ObjectIdentifier curve)) {
                    throw new Violation(Refusal.WEAK_KEY, c + ": EC key with explicit or absent curve parameters (expected: named curve P-256 or P-384)");
                }
                if (!CURVES.contains(curve)) {
                    throw new Violation(Refusal.WEAK_KEY, c + ": EC key on curve " + curve + " (expected: P-256 or P-384)");
                }
                return;
            }
            if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
                return;
            }
        } catch (java.io.IOException | RuntimeException e) {
            throw new Violation(Refusal.MALFORMED, c + ": public key does not decode (" + e.getMessage() + ")");
        }
        throw new Violation(Refusal.WEAK_KEY, c + ": " + name(oid) + " key (expected: RSA >= 2048, EC P-256/P-384, Ed25519)");
    }

    private static String name(ASN1ObjectIdentifier oid) {
        String name = new DefaultAlgorithmNameFinder().getAlgorithmName(oid);
        return name.equals(oid.getId()) ? oid.getId() : name + " (" + oid.getId() + ")";
    }
}
