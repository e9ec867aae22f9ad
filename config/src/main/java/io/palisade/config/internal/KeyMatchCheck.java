package io.palisade.config.internal;

import io.palisade.core.pki.KeyMatch;
import io.palisade.core.pki.PemFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Optional;

/**
 * Checks that a private key belongs to a certificate (the first one in its file) with the
 * gateway's own {@link KeyMatch} probe: the most common mistake after a renewal is a new
 * certificate beside the old key. Both files must already have passed {@link PemFileCheck}.
 */
public final class KeyMatchCheck {

    private KeyMatchCheck() {
    }

    /** Why {@code key} is not the private key of {@code certificate}; empty when it is. */
    public static Optional<String> check(Path certificate, Path key) {
        try {
            PublicKey publicKey = PemFiles.readCertificate(certificate).getPublicKey();
            PrivateKey privateKey = PemFiles.readPrivateKey(key);
            if (!publicKey.getAlgorithm().equals(privateKey.getAlgorithm())) {
                return Optional.of("a " + privateKey.getAlgorithm() + " key, but the certificate holds a "
                        + publicKey.getAlgorithm() + " key");
            }
            return KeyMatch.matches(privateKey, publicKey) ? Optional.empty()
                    : Optional.of("not the private key of the certificate in " + certificate);
        } catch (IOException e) {
            return Optional.of("cannot be matched with the certificate: " + e.getMessage());
        }
    }
}
