package io.palisade.core.pki;

import static java.util.Objects.requireNonNull;

import io.palisade.core.identity.AttestationClaims;

import java.time.Duration;
import java.util.Optional;

/**
 * What a device certificate says besides the device's identity: the product (subject OU), how long
 * it is valid, and optionally the attestation the device made before issuance. The tenant (subject
 * O) is the issuing CA's; the CN is the device id, computed by the CA from the key.
 *
 * <pre>{@code
 * DeviceProfile.of("acme-thermostat").withLifetime(Duration.ofDays(1)).withAttestation(claims)
 * }</pre>
 */
public record DeviceProfile(String product, Duration lifetime, Optional<AttestationClaims> attestation) {

    /** Device certificates are short-lived: renewed over EST well before they end. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(7);

    public DeviceProfile {
        Names.checkLabel("product", product, Names.MAX_PRODUCT);
        requireNonNull(lifetime, "lifetime");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime: " + lifetime + " (expected: > 0)");
        }
        requireNonNull(attestation, "attestation");
    }

    /** A profile for {@code product} with the default lifetime and no attestation. */
    public static DeviceProfile of(String product) {
        return new DeviceProfile(product, DEFAULT_LIFETIME, Optional.empty());
    }

    public DeviceProfile withLifetime(Duration lifetime) {
        return new DeviceProfile(product, lifetime, attestation);
    }

    public DeviceProfile withAttestation(AttestationClaims claims) {
        return new DeviceProfile(product, lifetime, Optional.of(requireNonNull(claims, "claims")));
    }
}
