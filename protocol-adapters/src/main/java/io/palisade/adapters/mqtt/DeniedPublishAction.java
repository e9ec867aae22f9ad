package io.palisade.adapters.mqtt;

/**
 * What the gateway does with a denied QoS 1 or 2 PUBLISH from an MQTT 3.1.1 device. MQTT 3.1.1
 * has no way to tell a publisher "not authorised" (MQTT 5 gets PUBACK/PUBREC 0x87), so the
 * operator chooses between keeping the device running and making the refusal visible to it.
 * Either way the denial is an audit event and is counted.
 */
public enum DeniedPublishAction {

    /** Acknowledge as the protocol requires and drop the message: the device carries on. */
    DROP,

    /** Close the connection: the device notices, and reconnects. */
    DISCONNECT
}
