package io.palisade.core.enrollment;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What an {@link Enroller} returns to the device: its new certificate and the chain above it
 * (issuing CA first), as the EST response's PKCS#7 certs-only structure carries them.
 */
public record IssuedCertificate(X509Certificate certificate, List<X509Certificate> chain) {
    public IssuedCertificate {
        requireNonNull(certificate, "certificate");
        chain = List.copyOf(requireNonNull(chain, "chain"));
    }
}
