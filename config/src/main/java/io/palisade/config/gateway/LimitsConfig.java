package io.palisade.config.gateway;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Bounds that protect the gateway from slow, idle and abusive peers.
 *
 * @param handshakeTimeout longest time a TLS handshake may take (default 10 s)
 * @param idleTimeout a connection without traffic for this long is closed (default 5 min)
 * @param maxConnections most connections open at once over all listeners (default 50 000)
 * @param handshakesPerSecondPerAddress most handshakes per second from one remote address (default 50)
 */
public record LimitsConfig(Duration handshakeTimeout, Duration idleTimeout, int maxConnections,
                           int handshakesPerSecondPerAddress) {

    /** The defaults: 10 s, 5 min, 50 000 connections, 50 handshakes per second per address. */
    public static final LimitsConfig DEFAULT = new LimitsConfig(Duration.ofSeconds(10), Duration.ofMinutes(5), 50_000, 50);

    public LimitsConfig {
        requirePositive(requireNonNull(handshakeTimeout, "handshakeTimeout"), "handshakeTimeout");
        requirePositive(requireNonNull(idleTimeout, "idleTimeout"), "idleTimeout");
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: > 0)");
        }
        if (handshakesPerSecondPerAddress <= 0) {
            throw new IllegalArgumentException(
                    "handshakesPerSecondPerAddress: " + handshakesPerSecondPerAddress + " (expected: > 0)");
        }
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + ": " + duration + " (expected: > 0)");
        }
    }
}
