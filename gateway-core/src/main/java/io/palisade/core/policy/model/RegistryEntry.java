package io.palisade.core.policy.model;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;

/**
 * What the site registry ({@code devices.yaml}) says about one device: the groups it is in and
 * free-form attributes ({@code ${device.attr.<key>}} in patterns). The registry is site data, not
 * identity: it adds to what the certificate proves and never replaces it.
 *
 * @param groups     group names
 * @param attributes attribute key to value
 * @param source     where the entry is written
 */
public record RegistryEntry(Set<String> groups, Map<String, String> attributes, SourceRef source) {

    /** What the gateway knows of a device the registry does not name. */
    public static final RegistryEntry UNLISTED = new RegistryEntry(Set.of(), Map.of(), SourceRef.UNKNOWN);

    public RegistryEntry {
        groups = Set.copyOf(requireNonNull(groups, "groups"));
        attributes = Map.copyOf(requireNonNull(attributes, "attributes"));
        requireNonNull(source, "source");
    }
}
