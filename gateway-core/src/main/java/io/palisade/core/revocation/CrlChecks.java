package io.palisade.core.revocation;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Whether a CRL read from a file may be put in force: the check a reload makes before it swaps
 * (RFC 5280 6.3.3, the parts that do not depend on time). When the CA that issued it is among
 * the certificates given (the tenant's trust bundle, the local CA), the CRL must be signed by it,
 * the CA must be allowed to sign CRLs, and the CRL must carry a cRLNumber and no critical
 * extension we do not process. A CRL of a CA not given (an intermediate that devices present) is
 * checked when a device of that CA connects.
 *
 * <p>Currency is not checked here: a stale CRL is not a broken file, and what happens while no
 * current CRL is at hand is the tenant's {@link WhenUnavailable}.
 */
public final class CrlChecks {

    private CrlChecks() {}

    /** Why {@code crl} may not be put in force, or empty when it may; {@code cas}: CA certificates known to the gateway. */
    public static Optional<String> problem(X509CRL crl, Collection<X509Certificate> cas) {
        requireNonNull(crl, "crl");
        requireNonNull(cas, "cas");
        List<X509Certificate> issuers = cas.stream()
                .filter(ca -> ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal())).toList();
        if (issuers.isEmpty()) {
            return Optional.empty();
        }
        String first = null;
        for (X509Certificate issuer : issuers) {
            String problem = CrlUsability.issuedBy(crl, issuer);
            if (problem == null) {
                return Optional.empty();
            }
            first = first == null ? problem : first;
        }
        return Optional.of("CRL of '" + crl.getIssuerX500Principal().getName() + "': " + first);
    }
}
