package io.palisade.core.pki;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;

/** Whether a private key is the other half of a public key: it signs, the public key verifies. */
final class KeyMatch {

    private static final byte[] PROBE = "palisade key pairing probe".getBytes(StandardCharsets.US_ASCII);

    private KeyMatch() {}

    static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
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
