package io.palisade.core.revocation;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How one tenant's certificates are checked for revocation: the tenant's CRLs, and what to do
 * when they cannot be relied on.
 *
 * <p>A CRL covers the certificates issued by its issuer (same name, verified with that issuer's
 * key). A certificate whose issuer publishes none of the configured CRLs is not checked by CRL,
 * so configure a CRL for every CA of the tenant that can revoke. When CRLs for the issuer are
 * configured but none is usable now (stale past nextUpdate, badly signed, issuer without
 * cRLSign, ...), the status is unavailable and {@link #whenUnavailable()} decides. Devices that
 * must be cut off at once go on the {@link DenyList} instead, which needs no CRL.
 *
 * <p>With {@code distributionPoints} ({@code distributionPoints: fetch}), a certificate that names
 * http CRL distribution points is covered by them too: the CRLs fetched from there count as
 * configured ones, and while none is in hand (not fetched yet, unreachable, badly signed) its
 * status is unavailable. Naming a point registers it for fetching ({@link DistributionPointCrls}).
 */
public record RevocationPolicy(Set<X509CRL> crls, WhenUnavailable whenUnavailable,
                               Optional<DistributionPointCrls> distributionPoints) {

    public RevocationPolicy {
        crls = Set.copyOf(requireNonNull(crls, "crls"));
        requireNonNull(whenUnavailable, "whenUnavailable");
        requireNonNull(distributionPoints, "distributionPoints");
    }

    /** These CRLs, distribution points ignored. */
    public RevocationPolicy(Set<X509CRL> crls, WhenUnavailable whenUnavailable) {
        this(crls, whenUnavailable, Optional.empty());
    }

    /** No CRLs: only the deny list applies. */
    public static RevocationPolicy none() {
        return new RevocationPolicy(Set.of(), WhenUnavailable.DENY);
    }

    /** These CRLs, refusing when they are unavailable (the default). */
    public static RevocationPolicy crls(Set<X509CRL> crls) {
        return new RevocationPolicy(crls, WhenUnavailable.DENY);
    }

    /**
     * The revocation status of {@code path} (leaf first, trust anchor last; the anchor itself is
     * trusted by configuration and not checked) at {@code now}.
     */
    public RevocationStatus check(List<X509Certificate> path, Instant now) {
        requireNonNull(path, "path");
        requireNonNull(now, "now");
        List<String> unavailable = new ArrayList<>();
        for (int i = 0; i + 1 < path.size(); i++) {
            X509Certificate cert = path.get(i);
            X509Certificate issuer = path.get(i + 1);
            boolean covered = false;
            boolean usable = false;
            List<String> problems = new ArrayList<>();
            List<X509CRL> candidates = new ArrayList<>(crls);
            if (distributionPoints.isPresent()) {
                List<URI> urls = DistributionPoints.httpUrls(cert);
                if (!urls.isEmpty()) {
                    covered = true;
                    List<X509CRL> fetched = distributionPoints.get().inHand(urls, issuer);
                    if (fetched.isEmpty()) {
                        problems.add("no CRL fetched yet from " + urls);
                    }
                    candidates.addAll(fetched);
                }
            }
            for (X509CRL crl : candidates) {
                if (!crl.getIssuerX500Principal().equals(cert.getIssuerX500Principal())) {
                    continue;
                }
                covered = true;
                String problem = CrlUsability.problem(crl, issuer, now);
                if (problem != null) {
                    problems.add(problem);
                    continue;
                }
                usable = true;
                X509CRLEntry entry = crl.getRevokedCertificate(cert.getSerialNumber());
                if (entry != null) {
                    return new RevocationStatus(RevocationStatus.State.REVOKED, describe(cert) + " revoked on "
                            + entry.getRevocationDate().toInstant() + " by the CRL of '" + crl.getIssuerX500Principal().getName() + "'");
                }
            }
            if (covered && !usable) {
                unavailable.add("no usable CRL for " + describe(cert) + ": " + String.join("; ", problems));
            }
        }
        if (unavailable.isEmpty()) {
            return RevocationStatus.good("not revoked");
        }
        String detail = String.join("; ", unavailable);
        return whenUnavailable == WhenUnavailable.DENY
                ? new RevocationStatus(RevocationStatus.State.UNAVAILABLE, detail)
                : RevocationStatus.good("revocation status unavailable, allowed by policy: " + detail);
    }

    private static String describe(X509Certificate c) {
        return "certificate '" + c.getSubjectX500Principal().getName() + "' (serial " + c.getSerialNumber().toString(16) + ")";
    }
}
