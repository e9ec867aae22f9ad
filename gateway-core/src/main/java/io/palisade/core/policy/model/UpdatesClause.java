package io.palisade.core.policy.model;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * The firmware-update part of a rule: the update channels ({@code stable}, {@code beta}, ...) a
 * device may fetch manifests and images from through the update relay.
 *
 * @param channels channel names, at least one, each of letters, digits, {@code . _ -}
 */
public record UpdatesClause(Set<String> channels) {

    public UpdatesClause {
        channels = Set.copyOf(requireNonNull(channels, "channels"));
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("channels: [] (expected: at least one update channel)");
        }
        for (String c : channels) {
            if (!c.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("channel: " + c + " (expected: letters, digits, . _ -)");
            }
        }
    }

    /** The channels {@code names}. */
    public static UpdatesClause of(String... names) {
        return new UpdatesClause(Set.of(names));
    }
}
