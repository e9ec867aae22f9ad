package io.palisade.core.identity;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.util.Set;

import io.palisade.core.revocation.RevocationPolicy;

/**
 * What one tenant trusts: its device CAs (roots and/or intermediates, as trust anchors) and how
 * their certificates are checked for revocation. A device of this tenant carries the tenant's
 * {@code name} as its subject O; a chain that validates under these anchors but names another
 * tenant is refused ({@link Refusal#TENANT_MISMATCH}), so one tenant's CA cannot mint devices of
 * another.
 */
public record TenantTrust(String name, Set<X509Certificate> anchors, RevocationPolicy revocation) {

    public TenantTrust {
        requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: a tenant name)");
        }
        anchors = Set.copyOf(requireNonNull(anchors, "anchors"));
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("anchors: empty (expected: at least one CA certificate of tenant " + name + ")");
        }
        requireNonNull(revocation, "revocation");
    }

    /** A tenant trusting {@code anchors} with no CRLs (only the deny list revokes). */
    public static TenantTrust of(String name, Set<X509Certificate> anchors) {
        return new TenantTrust(name, anchors, RevocationPolicy.none());
    }
}
