package io.palisade.core.pki;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A certificate together with the private key of its subject: what an issuer signs with, or what
 * a TLS endpoint presents. The pairing is checked when the value is made.
 */
public record CertifiedKey(X509Certificate certificate, PrivateKey privateKey) {

    public CertifiedKey {
        requireNonNull(certificate, "certificate");
        requireNonNull(privateKey, "privateKey");
        if (!KeyMatch.matches(privateKey, certificate.getPublicKey())) {
            throw new IllegalArgumentException("privateKey: not the key of " + certificate.getSubjectX500Principal()
                    + " (expected: the private half of the certificate's public key)");
        }
    }

    @Override
    public String toString() {
        return "CertifiedKey[" + certificate.getSubjectX500Principal() + "]";
    }
}
