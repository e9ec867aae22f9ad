package io.palisade.core.policy.model;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Per-device limits a policy sets. When several enforced policies apply to a device, the most
 * restrictive value of each limit wins (the minimum), and a limit no applicable policy sets is
 * left to the gateway's global limits. Audited policies' limits are not enforced.
 *
 * @param connections       concurrent connections of the device
 * @param messagesPerSecond messages (MQTT PUBLISH, CoAP requests) per second
 * @param bytesPerSecond    payload bytes per second, both directions
 */
public record Limits(OptionalInt connections, OptionalInt messagesPerSecond, OptionalLong bytesPerSecond) {

    /** No limit set. */
    public static final Limits NONE = new Limits(OptionalInt.empty(), OptionalInt.empty(), OptionalLong.empty());

    public Limits {
        requireNonNull(connections, "connections");
        requireNonNull(messagesPerSecond, "messagesPerSecond");
        requireNonNull(bytesPerSecond, "bytesPerSecond");
        connections.ifPresent(v -> positive("connections", v));
        messagesPerSecond.ifPresent(v -> positive("messagesPerSecond", v));
        bytesPerSecond.ifPresent(v -> positive("bytesPerSecond", v));
    }

    /** From nullable values (null: not set). */
    public static Limits of(Integer connections, Integer messagesPerSecond, Long bytesPerSecond) {
        return new Limits(connections == null ? OptionalInt.empty() : OptionalInt.of(connections),
                messagesPerSecond == null ? OptionalInt.empty() : OptionalInt.of(messagesPerSecond),
                bytesPerSecond == null ? OptionalLong.empty() : OptionalLong.of(bytesPerSecond));
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }

    /** Each limit the smaller of this and {@code other}'s (an unset limit yields to a set one). */
    public Limits mostRestrictive(Limits other) {
        requireNonNull(other, "other");
        return new Limits(min(connections, other.connections), min(messagesPerSecond, other.messagesPerSecond),
                bytesPerSecond.isEmpty() ? other.bytesPerSecond
                        : other.bytesPerSecond.isEmpty() ? bytesPerSecond
                        : OptionalLong.of(Math.min(bytesPerSecond.getAsLong(), other.bytesPerSecond.getAsLong())));
    }

    private static OptionalInt min(OptionalInt a, OptionalInt b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : OptionalInt.of(Math.min(a.getAsInt(), b.getAsInt()));
    }
}
