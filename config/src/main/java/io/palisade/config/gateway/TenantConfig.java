package io.palisade.config.gateway;

import static java.util.Objects.requireNonNull;

/**
 * A tenant: an owner of devices, with the CAs that issue its devices' certificates and how their
 * revocation is checked. A device belongs to the tenant whose CA issued its certificate.
 *
 * @param name unique among the tenants; a DNS label
 * @param trust the CAs this tenant's devices chain to
 * @param revocation how revoked certificates are found
 */
public record TenantConfig(String name, TrustConfig trust, RevocationConfig revocation) {

    public TenantConfig {
        requireNonNull(name, "name");
        requireNonNull(trust, "trust");
        requireNonNull(revocation, "revocation");
    }
}
