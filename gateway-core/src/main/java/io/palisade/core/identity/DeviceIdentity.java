package io.palisade.core.identity;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who a device is, as proved by its verified certificate chain; established once per connection
 * and never looked up again from anything the client says.
 *
 * @param id          the device id, bound to the key the device proved it holds (subject CN)
 * @param tenant      the tenant whose trust anchors validated the chain (equal to the subject O)
 * @param product     the product line (subject OU), empty when the certificate names none
 * @param chain       the validated path, leaf first, ending with the tenant's trust anchor
 * @param notBefore   start of the leaf certificate's validity
 * @param notAfter    end of the leaf certificate's validity: the identity is good until then
 * @param attestation what the device attested when the certificate was issued, if it did
 */
public record DeviceIdentity(DeviceId id, String tenant, Optional<String> product, List<X509Certificate> chain,
                             Instant notBefore, Instant notAfter, Optional<AttestationClaims> attestation) {

    public DeviceIdentity {
        requireNonNull(id, "id");
        requireNonNull(tenant, "tenant");
        requireNonNull(product, "product");
        chain = List.copyOf(requireNonNull(chain, "chain"));
        requireNonNull(notBefore, "notBefore");
        requireNonNull(notAfter, "notAfter");
        requireNonNull(attestation, "attestation");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain: empty (expected: the validated path, leaf first)");
        }
    }

    /** The device's own certificate. */
    public X509Certificate leaf() {
        return chain.get(0);
    }
}
