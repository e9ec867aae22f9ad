package io.palisade.core.policy;

import io.palisade.core.identity.FirmwareDigest;
import io.palisade.core.policy.model.RegistryEntry;

/** The values of a device's variables: certificate facts plus the registry entry of one generation. */
record DeviceVars(DeviceContext device, RegistryEntry entry) {

    /** The value of {@code device.*} variable {@code name}, or null when it does not resolve. */
    String value(String name) {
        switch (name) {
            case "device.id":
                return device.id().value();
            case "device.tenant":
                return device.tenant();
            case "device.product":
                return device.product().orElse(null);
            case "device.firmware":
                return device.firmware().map(FirmwareDigest::toString).orElse(null);
            default:
                return name.startsWith("device.attr.") ? entry.attributes().get(name.substring("device.attr.".length())) : null;
        }
    }
}
