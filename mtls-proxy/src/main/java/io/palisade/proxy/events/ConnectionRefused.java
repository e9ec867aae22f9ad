package io.palisade.proxy.events;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;

import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.Refusal;

/**
 * A connection the gateway turned away. The device itself only ever saw a generic TLS alert or a
 * closed connection; the detail is for the audit log.
 *
 * @param listener           the name of the listener the device connected to
 * @param remote             the device's address as the gateway sees it
 * @param reason             at which stage and why, coarsely
 * @param certificateRefusal the identity verifier's reason when {@code reason} is
 *                           {@link RefusalReason#CERTIFICATE}, empty otherwise
 * @param detail             what exactly failed (which certificate, which check, which limit)
 * @param device             the device id of the presented key, when a certificate was seen;
 *                           for a refused certificate this is what the key claims, not a proven identity
 * @param at                 when the refusal was decided
 */
public record ConnectionRefused(String listener, InetSocketAddress remote, RefusalReason reason,
                                Optional<Refusal> certificateRefusal, String detail, Optional<DeviceId> device,
                                Instant at) {
    public ConnectionRefused {
        requireNonNull(listener, "listener");
        requireNonNull(remote, "remote");
        requireNonNull(reason, "reason");
        requireNonNull(certificateRefusal, "certificateRefusal");
        requireNonNull(detail, "detail");
        requireNonNull(device, "device");
        requireNonNull(at, "at");
        if (certificateRefusal.isPresent() != (reason == RefusalReason.CERTIFICATE)) {
            throw new IllegalArgumentException("certificateRefusal: " + certificateRefusal
                    + " (expected: present exactly when reason is CERTIFICATE, reason is " + reason + ")");
        }
    }
}
