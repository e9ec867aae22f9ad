package io.palisade.core.policy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.palisade.core.identity.DeviceId;
import io.palisade.core.policy.model.DeviceRegistry;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.PolicySet;
import io.palisade.core.policy.model.RegistryEntry;
import io.palisade.core.policy.model.SourceRef;

/** Devices, registries and compiled sets for policy tests. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private Fixtures() {
    }

    static DeviceId id(String name) {
        return DeviceId.ofSubjectPublicKeyInfo(name.getBytes(StandardCharsets.UTF_8));
    }

    /** A thermostat of tenant acme without attestation. */
    static DeviceContext device(String name) {
        return DeviceContext.of(id(name), "acme", Optional.of("acme-thermostat"));
    }

    static DeviceContext device(String name, String tenant, String product) {
        return DeviceContext.of(id(name), tenant, Optional.ofNullable(product));
    }

    static RegistryEntry entry(Set<String> groups, Map<String, String> attributes) {
        return new RegistryEntry(groups, attributes, SourceRef.of("devices.yaml", 1, 1));
    }

    static CompiledPolicies compile(Policy... policies) {
        return CompiledPolicies.compile(PolicySet.of(policies), 7, CLOCK);
    }

    static CompiledPolicies compile(Map<DeviceId, RegistryEntry> registry, Policy... policies) {
        return CompiledPolicies.compile(new PolicySet(List.of(policies), new DeviceRegistry(registry)), 7, CLOCK);
    }
}
