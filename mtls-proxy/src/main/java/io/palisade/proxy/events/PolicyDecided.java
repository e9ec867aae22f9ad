package io.palisade.proxy.events;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.time.Instant;

import io.palisade.core.identity.DeviceId;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.Request;

/**
 * A protocol stage asked the policy about something a verified device wants (a CONNECT target,
 * an MQTT publish) and got {@code decision}: allowed, audited (allowed, but an audited policy
 * would deny it) or denied. The deciding rule is {@link Decision#ruleName()}.
 *
 * @param listener the name of the listener the device connected to
 * @param remote   the device's address as the gateway sees it
 * @param device   the verified device
 * @param service  the service that asked ({@code connect}, {@code mqtt})
 * @param request  what the device asked, as judged
 * @param decision the policy's answer, with its rule, reason and generation
 * @param at       when it was decided
 */
public record PolicyDecided(String listener, InetSocketAddress remote, DeviceId device, String service, Request request,
                            Decision decision, Instant at) {
    public PolicyDecided {
        requireNonNull(listener, "listener");
        requireNonNull(remote, "remote");
        requireNonNull(device, "device");
        requireNonNull(service, "service");
        requireNonNull(request, "request");
        requireNonNull(decision, "decision");
        requireNonNull(at, "at");
    }
}
