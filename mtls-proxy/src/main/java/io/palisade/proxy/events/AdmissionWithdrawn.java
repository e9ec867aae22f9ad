package io.palisade.proxy.events;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;

import io.palisade.core.identity.DeviceId;

/**
 * A live connection closed because the admission in force now refuses what an earlier one
 * admitted (a policy reload): what {@code MtlsProxy.closeUnadmitted} returns, one per connection,
 * for the audit log. The connection's {@link ConnectionClosed} event follows with
 * {@link CloseReason#POLICY_CHANGED}.
 *
 * @param listener the listener the device is connected to
 * @param remote   the device's address
 * @param device   the device
 * @param reason   why the admission refuses it now (the rule, or the default deny)
 */
public record AdmissionWithdrawn(String listener, InetSocketAddress remote, DeviceId device, String reason) {
    public AdmissionWithdrawn {
        requireNonNull(listener, "listener");
        requireNonNull(remote, "remote");
        requireNonNull(device, "device");
        requireNonNull(reason, "reason");
    }
}
