package io.palisade.adapters.mqtt;

import io.palisade.core.identity.DeviceId;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.Request;

/**
 * What the MQTT stage tells the audit log and metrics. Every denial is one event: the device, what
 * it asked and the decision (the rule, or the default deny, and why). Called on the device's event
 * loop; implementations must not block.
 */
public interface MqttEvents {

    /** Records nothing. */
    MqttEvents NONE = new MqttEvents() {};

    /** A PUBLISH (either direction) or SUBSCRIBE was denied; {@code request} says which. */
    default void denied(DeviceId device, Request request, Decision decision) {}

    /** A live subscription was revoked because a new policy generation denies it. */
    default void revoked(DeviceId device, String filter, Decision decision) {}

    /** A device's CONNECT was refused; {@code reason} says why in one line. */
    default void connectRefused(DeviceId device, String reason) {}

    /** A device's connection was closed for breaking the protocol or a bound; {@code reason} says which. */
    default void protocolViolation(DeviceId device, String reason) {}
}
