package io.palisade.core.pki;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;

/**
 * Whether a private key is the other half of a public key. A certificate and a key file are
 * separate files, and the usual mistake after a renewal is a new certificate beside the old key;
 * comparing encodings cannot catch that across key formats, so the key signs a fixed probe and the
 * public key must verify the signature.
 */
public final class KeyMatch {

    private static final byte[] PROBE = "palisade key pairing probe".getBytes(StandardCharsets.US_ASCII);

    private KeyMatch() {}

    /**
     * True if {@code privateKey} signs what {@code publicKey} verifies (SHA-256 with RSA or ECDSA;
     * EdDSA for Ed25519). False for keys of different algorithms, and for any key the JCA cannot
     * use to sign or verify: a key that cannot prove the pairing never matches.
     */
    public static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        requireNonNull(privateKey, "privateKey");
        requireNonNull(publicKey, "publicKey");
        String alg = publicKey instanceof RSAPublicKey ? "SHA256withRSA"
                : "EC".equals(publicKey.getAlgorithm()) ? "SHA256withECDSA" : publicKey.getAlgorithm();
        try {
            Signature signer = Signature.getInstance(alg);
            signer.initSign(privateKey);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(alg);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
