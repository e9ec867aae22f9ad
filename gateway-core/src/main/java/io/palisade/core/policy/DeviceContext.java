package io.palisade.core.policy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

import io.palisade.core.identity.AttestationClaims;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.identity.FirmwareDigest;

/**
 * What a device is to a policy, from its verified certificate only. Groups and attributes are
 * deliberately not here: they come from the registry of the policy generation that decides, so
 * a registry reload takes effect for live connections too. Build one per connection with
 * {@link #of(DeviceIdentity)} and pass the same instance to every decision (the engine's per-device
 * cache recognises it by identity first).
 *
 * @param id         the device id
 * @param tenant     the tenant (certificate subject O)
 * @param product    the product (certificate subject OU), if any
 * @param firmware   the attested firmware digest, if the certificate carries an attestation
 * @param attestedAt when that attestation was made
 */
public record DeviceContext(DeviceId id, String tenant, Optional<String> product, Optional<FirmwareDigest> firmware,
                            Optional<Instant> attestedAt) {

    public DeviceContext {
        requireNonNull(id, "id");
        requireNonNull(tenant, "tenant");
        requireNonNull(product, "product");
        requireNonNull(firmware, "firmware");
        requireNonNull(attestedAt, "attestedAt");
        if (firmware.isPresent() != attestedAt.isPresent()) {
            throw new IllegalArgumentException("attestation: firmware " + firmware.isPresent() + ", attestedAt "
                    + attestedAt.isPresent() + " (expected: both or neither)");
        }
    }

    /** The context of a verified device. */
    public static DeviceContext of(DeviceIdentity identity) {
        requireNonNull(identity, "identity");
        return new DeviceContext(identity.id(), identity.tenant(), identity.product(),
                identity.attestation().map(AttestationClaims::firmware),
                identity.attestation().map(AttestationClaims::attestedAt));
    }

    /** A device without attestation (tests, {@code palisade policy explain --device ID}). */
    public static DeviceContext of(DeviceId id, String tenant, Optional<String> product) {
        return new DeviceContext(id, tenant, product, Optional.empty(), Optional.empty());
    }

    /** This device with an attestation of {@code firmware} made at {@code at}. */
    public DeviceContext attested(FirmwareDigest firmware, Instant at) {
        return new DeviceContext(id, tenant, product, Optional.of(firmware), Optional.of(at));
    }
}
