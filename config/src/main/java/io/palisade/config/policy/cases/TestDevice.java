package io.palisade.config.policy.cases;

import static java.util.Objects.requireNonNull;

import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.FirmwareDigest;
import io.palisade.core.policy.DeviceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A device as a test case describes it: what its certificate would say, its attestation (as an
 * age, so that a file stays valid over time) and, optionally, the groups and attributes that
 * replace the site registry's entry for it.
 *
 * @param id the device id
 * @param tenant the tenant (certificate subject O)
 * @param product the product (certificate subject OU), if any
 * @param firmware the attested firmware digest, if the device is attested
 * @param attestedAgo how long before the run's "now" the attestation was made, if attested
 * @param groups groups replacing the registry's, if written
 * @param attributes attributes replacing the registry's, if written
 */
public record TestDevice(DeviceId id, String tenant, Optional<String> product, Optional<FirmwareDigest> firmware,
                         Optional<Duration> attestedAgo, Optional<Set<String>> groups,
                         Optional<Map<String, String>> attributes) {

    /** The firmware assumed when a case gives an attestation age but no digest. */
    public static final FirmwareDigest ANY_FIRMWARE = new FirmwareDigest(new byte[32]);

    public TestDevice {
        requireNonNull(id, "id");
        requireNonNull(tenant, "tenant");
        requireNonNull(product, "product");
        requireNonNull(firmware, "firmware");
        requireNonNull(attestedAgo, "attestedAgo");
        groups = requireNonNull(groups, "groups").map(Set::copyOf);
        attributes = requireNonNull(attributes, "attributes").map(Map::copyOf);
    }

    /** What the engine sees of this device at {@code now}. */
    public DeviceContext context(Instant now) {
        DeviceContext context = DeviceContext.of(id, tenant, product);
        if (firmware.isEmpty() && attestedAgo.isEmpty()) {
            return context;
        }
        return context.attested(firmware.orElse(ANY_FIRMWARE), now.minus(attestedAgo.orElse(Duration.ZERO)));
    }

    /** Whether this device changes the registry (it writes groups or attributes). */
    public boolean overridesRegistry() {
        return groups.isPresent() || attributes.isPresent();
    }
}
