package io.palisade.core.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What a device proved about itself when its certificate was issued: the digest of the firmware
 * it measured and when. Carried in the certificate ({@link AttestationExtension}), so it is bound
 * to the device key like the identity itself.
 */
public record AttestationClaims(FirmwareDigest firmware, Instant attestedAt) {
    public AttestationClaims {
        requireNonNull(firmware, "firmware");
        requireNonNull(attestedAt, "attestedAt");
    }
}
