package io.palisade.proxy;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.palisade.core.pki.KeyMatch;

/**
 * TLS towards an upstream: the CAs trusted to certify it (its certificate must also name the
 * upstream host), and the gateway's own client identity when the upstream requires one (mutual
 * TLS to the cloud). TLS 1.3 and 1.2 with the same AEAD suites as towards devices.
 *
 * @param trustAnchors   the CA certificates the upstream's chain must lead to
 * @param clientKey      the gateway's client private key, if it presents a certificate
 * @param clientChain    the gateway's client certificate first, then its intermediates (empty without a key)
 */
public record UpstreamTls(Set<X509Certificate> trustAnchors, Optional<PrivateKey> clientKey, List<X509Certificate> clientChain) {

    public UpstreamTls {
        trustAnchors = Set.copyOf(requireNonNull(trustAnchors, "trustAnchors"));
        requireNonNull(clientKey, "clientKey");
        clientChain = List.copyOf(requireNonNull(clientChain, "clientChain"));
        if (trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("trustAnchors: empty (expected: the CA certificates of the upstream)");
        }
        if (clientKey.isPresent() != !clientChain.isEmpty()) {
            throw new IllegalArgumentException("clientChain: " + clientChain.size()
                    + " certificates (expected: a chain exactly when a client key is given)");
        }
        if (clientKey.isPresent() && !KeyMatch.matches(clientKey.get(), clientChain.get(0).getPublicKey())) {
            throw new IllegalArgumentException("clientKey: " + clientKey.get().getAlgorithm() + " (expected: the private key of "
                    + clientChain.get(0).getSubjectX500Principal().getName() + ")");
        }
    }

    /** TLS to an upstream certified under {@code trustAnchors}, without a client certificate. */
    public static UpstreamTls trusting(Set<X509Certificate> trustAnchors) {
        return new UpstreamTls(trustAnchors, Optional.empty(), List.of());
    }

    /** The same, presenting the gateway's client certificate. */
    public UpstreamTls withClientIdentity(PrivateKey key, List<X509Certificate> chain) {
        return new UpstreamTls(trustAnchors, Optional.of(requireNonNull(key, "key")), chain);
    }
}
