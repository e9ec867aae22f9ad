package io.palisade.core.policy.model;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/** The transport of an egress connection. */
public enum Transport {
    TCP,
    UDP;

    /** Parses {@code tcp} or {@code udp} (any case). */
    public static Transport parse(String text) {
        requireNonNull(text, "text");
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "tcp" -> TCP;
            case "udp" -> UDP;
            default -> throw new IllegalArgumentException("transport: " + text + " (expected: tcp or udp)");
        };
    }

    /** The name as written in policy files: {@code tcp} or {@code udp}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
