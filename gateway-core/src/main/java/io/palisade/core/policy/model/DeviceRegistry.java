package io.palisade.core.policy.model;

import static java.util.Objects.requireNonNull;

import java.util.Map;

import io.palisade.core.identity.DeviceId;

/**
 * The site registry: device id to groups and attributes, as read from {@code devices.yaml}.
 * A device the registry does not name is in no group and has no attributes.
 *
 * @param devices every listed device
 */
public record DeviceRegistry(Map<DeviceId, RegistryEntry> devices) {

    /** A registry naming no device. */
    public static final DeviceRegistry EMPTY = new DeviceRegistry(Map.of());

    public DeviceRegistry {
        devices = Map.copyOf(requireNonNull(devices, "devices"));
    }

    /** What the registry says about {@code id}, {@link RegistryEntry#UNLISTED} if nothing. */
    public RegistryEntry entry(DeviceId id) {
        return devices.getOrDefault(requireNonNull(id, "id"), RegistryEntry.UNLISTED);
    }
}
