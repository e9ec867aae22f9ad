package io.palisade.proxy.events;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

import io.palisade.core.identity.DeviceId;

/**
 * An admitted connection ended.
 *
 * @param listener        the name of the listener the device connected to
 * @param remote          the device's address as the gateway sees it
 * @param device          the verified device
 * @param reason          why it ended
 * @param bytesFromDevice application bytes relayed from the device towards its upstream
 * @param bytesToDevice   application bytes relayed from the upstream to the device
 * @param duration        from accepting the TCP connection to closing it
 * @param at              when it closed
 */
public record ConnectionClosed(String listener, InetSocketAddress remote, DeviceId device, CloseReason reason,
                               long bytesFromDevice, long bytesToDevice, Duration duration, Instant at) {
    public ConnectionClosed {
        requireNonNull(listener, "listener");
        requireNonNull(remote, "remote");
        requireNonNull(device, "device");
        requireNonNull(reason, "reason");
        requireNonNull(duration, "duration");
        requireNonNull(at, "at");
        if (bytesFromDevice < 0 || bytesToDevice < 0) {
            throw new IllegalArgumentException("bytes: " + bytesFromDevice + "/" + bytesToDevice + " (expected: >= 0)");
        }
    }
}
