package io.palisade.config.gateway;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * How a tenant's revoked device certificates are found, and what happens when that cannot be
 * known.
 *
 * @param crls PEM files of CRLs issued by the tenant's CAs (may be empty)
 * @param distributionPoints whether CRLs named in certificates' distribution points are fetched
 * @param whenUnavailable whether a device is let in when its revocation status cannot be known
 */
public record RevocationConfig(List<Path> crls, DistributionPoints distributionPoints,
                               WhenUnavailable whenUnavailable) {

    /** No CRL files, distribution points ignored, and deny when status is unknown (fail closed). */
    public static final RevocationConfig DEFAULT =
            new RevocationConfig(List.of(), DistributionPoints.IGNORE, WhenUnavailable.DENY);

    /** {@code distributionPoints: fetch | ignore}. */
    public enum DistributionPoints { FETCH, IGNORE }

    /** {@code whenUnavailable: deny | allow}; {@code allow} weakens revocation to best effort. */
    public enum WhenUnavailable { DENY, ALLOW }

    public RevocationConfig {
        crls = List.copyOf(requireNonNull(crls, "crls"));
        requireNonNull(distributionPoints, "distributionPoints");
        requireNonNull(whenUnavailable, "whenUnavailable");
    }
}
