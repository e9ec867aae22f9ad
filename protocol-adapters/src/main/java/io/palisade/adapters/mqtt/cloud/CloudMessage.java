package io.palisade.adapters.mqtt.cloud;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;

/**
 * One application message as it travels between a device and the cloud broker: the topic, the
 * payload, the QoS it travels at and whether the broker should retain it.
 *
 * @param topic   a topic name (no wildcards)
 * @param payload the payload; not copied, so do not change it after handing it over
 * @param qos     0, 1 or 2
 * @param retain  whether the broker keeps it as the topic's retained message
 */
public record CloudMessage(String topic, byte[] payload, int qos, boolean retain) {

    public CloudMessage {
        requireNonNull(topic, "topic");
        requireNonNull(payload, "payload");
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos: " + qos + " (expected: 0, 1 or 2)");
        }
    }

    /** A message with a UTF-8 text payload (tests, wills). */
    public static CloudMessage text(String topic, String payload, int qos) {
        return new CloudMessage(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
    }

    /** The payload as UTF-8 text. */
    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "message " + topic + " qos " + qos + (retain ? " retained" : "") + ", " + payload.length + " bytes";
    }
}
