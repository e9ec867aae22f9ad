package io.palisade.core.policy.model;

import static java.util.Objects.requireNonNull;

import java.util.Set;

import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.FirmwareDigest;

/**
 * Which devices a policy is about. Fields combine with AND, the values within a field with OR:
 * {@code product: [a, b], groups: [lab]} selects devices of product a or b that are in group lab.
 * An empty field does not constrain; the selector with every field empty ({@link #EVERY_DEVICE})
 * selects every device (lint warns about it on allow rules).
 *
 * @param products certificate subject OU values
 * @param tenants  tenants (certificate subject O, the tenant whose CA issued it)
 * @param groups   groups from the site registry ({@code devices.yaml})
 * @param ids      device ids
 * @param firmware attested firmware digests; a device without attestation matches none
 */
public record Selector(Set<String> products, Set<String> tenants, Set<String> groups, Set<DeviceId> ids,
                       Set<FirmwareDigest> firmware) {

    /** Selects every device. */
    public static final Selector EVERY_DEVICE = new Selector(Set.of(), Set.of(), Set.of(), Set.of(), Set.of());

    public Selector {
        products = Set.copyOf(requireNonNull(products, "products"));
        tenants = Set.copyOf(requireNonNull(tenants, "tenants"));
        groups = Set.copyOf(requireNonNull(groups, "groups"));
        ids = Set.copyOf(requireNonNull(ids, "ids"));
        firmware = Set.copyOf(requireNonNull(firmware, "firmware"));
    }

    /** Devices of any of {@code products}. */
    public static Selector products(String... products) {
        return EVERY_DEVICE.withProducts(Set.of(products));
    }

    /** Devices in any of {@code groups}. */
    public static Selector groups(String... groups) {
        return EVERY_DEVICE.withGroups(Set.of(groups));
    }

    public Selector withProducts(Set<String> values) {
        return new Selector(values, tenants, groups, ids, firmware);
    }

    public Selector withTenants(Set<String> values) {
        return new Selector(products, values, groups, ids, firmware);
    }

    public Selector withGroups(Set<String> values) {
        return new Selector(products, tenants, values, ids, firmware);
    }

    public Selector withIds(Set<DeviceId> values) {
        return new Selector(products, tenants, groups, values, firmware);
    }

    public Selector withFirmware(Set<FirmwareDigest> values) {
        return new Selector(products, tenants, groups, ids, values);
    }

    /** Whether this selector selects every device. */
    public boolean isEveryDevice() {
        return products.isEmpty() && tenants.isEmpty() && groups.isEmpty() && ids.isEmpty() && firmware.isEmpty();
    }
}
