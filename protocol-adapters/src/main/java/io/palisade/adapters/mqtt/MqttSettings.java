package io.palisade.adapters.mqtt;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The bounds of the MQTT stage. Every field has a safe default ({@link #DEFAULTS}).
 *
 * @param maxPacketBytes      largest MQTT packet a device may send (remaining length); a larger one
 *                            closes the connection. MQTT 5 devices are told in CONNACK
 * @param maxClientIdLength   longest client id accepted (a device id is 64 characters)
 * @param maxTopicLength      longest topic name or filter accepted, in characters
 * @param connectTimeout      how long a device has to send CONNECT once it is identified
 * @param deniedPublish       what happens to a denied QoS 1/2 publish from an MQTT 3.1.1 device
 * @param receiveMaximum      how many QoS 1/2 publishes of a device may wait for the cloud at once;
 *                            beyond it the gateway stops reading from the device. MQTT 5 devices
 *                            are told in CONNACK (its Receive Maximum), and one that sends more is
 *                            disconnected with 0x93 (MQTT 5 §3.3.4)
 * @param maxInflightToDevice how many QoS 1/2 messages from the cloud may wait for a device's
 *                            acknowledgement at once, for every device (MQTT 3.1.1 has no such
 *                            limit of its own); an MQTT 5 device's own Receive Maximum lowers it
 * @param maxQueuedToDevice   how many messages from the cloud may wait behind that window, per
 *                            device, before the device's cloud link holds the broker back (TCP flow
 *                            control: the broker keeps them); should twice as many wait while it
 *                            cannot hold (the device itself waits for the cloud), the device cannot
 *                            keep up and is disconnected
 */
public record MqttSettings(int maxPacketBytes, int maxClientIdLength, int maxTopicLength, Duration connectTimeout,
                           DeniedPublishAction deniedPublish, int receiveMaximum, int maxInflightToDevice,
                           int maxQueuedToDevice) {

    /**
     * 256 KiB packets, 128-character client ids, 1024-character topics, 10 s to CONNECT, drop, 100
     * in flight from a device, 32 in flight to a device and 1000 queued behind them.
     */
    public static final MqttSettings DEFAULTS = new MqttSettings(256 * 1024, 128, 1024, Duration.ofSeconds(10),
            DeniedPublishAction.DROP, 100, 32, 1000);

    public MqttSettings {
        if (maxPacketBytes < 1024 || maxPacketBytes > 268_435_455) {
            throw new IllegalArgumentException("maxPacketBytes: " + maxPacketBytes + " (expected: 1024..268435455)");
        }
        if (maxClientIdLength < 64 || maxClientIdLength > 65535) {
            throw new IllegalArgumentException("maxClientIdLength: " + maxClientIdLength
                    + " (expected: 64..65535, a device id is 64 characters)");
        }
        if (maxTopicLength < 1 || maxTopicLength > 65535) {
            throw new IllegalArgumentException("maxTopicLength: " + maxTopicLength + " (expected: 1..65535)");
        }
        requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout: " + connectTimeout + " (expected: > 0)");
        }
        requireNonNull(deniedPublish, "deniedPublish");
        if (receiveMaximum < 1 || receiveMaximum > 65535) {
            throw new IllegalArgumentException("receiveMaximum: " + receiveMaximum + " (expected: 1..65535)");
        }
        if (maxInflightToDevice < 1 || maxInflightToDevice > 65535) {
            throw new IllegalArgumentException("maxInflightToDevice: " + maxInflightToDevice + " (expected: 1..65535)");
        }
        if (maxQueuedToDevice < 1 || maxQueuedToDevice > 32767) {
            throw new IllegalArgumentException("maxQueuedToDevice: " + maxQueuedToDevice + " (expected: 1..32767)");
        }
    }

    public MqttSettings withMaxPacketBytes(int value) {
        return new MqttSettings(value, maxClientIdLength, maxTopicLength, connectTimeout, deniedPublish, receiveMaximum,
                maxInflightToDevice, maxQueuedToDevice);
    }

    public MqttSettings withMaxTopicLength(int value) {
        return new MqttSettings(maxPacketBytes, maxClientIdLength, value, connectTimeout, deniedPublish, receiveMaximum,
                maxInflightToDevice, maxQueuedToDevice);
    }

    public MqttSettings withConnectTimeout(Duration value) {
        return new MqttSettings(maxPacketBytes, maxClientIdLength, maxTopicLength, value, deniedPublish, receiveMaximum,
                maxInflightToDevice, maxQueuedToDevice);
    }

    public MqttSettings withDeniedPublish(DeniedPublishAction value) {
        return new MqttSettings(maxPacketBytes, maxClientIdLength, maxTopicLength, connectTimeout, value, receiveMaximum,
                maxInflightToDevice, maxQueuedToDevice);
    }

    public MqttSettings withReceiveMaximum(int value) {
        return new MqttSettings(maxPacketBytes, maxClientIdLength, maxTopicLength, connectTimeout, deniedPublish, value,
                maxInflightToDevice, maxQueuedToDevice);
    }

    public MqttSettings withMaxInflightToDevice(int value) {
        return new MqttSettings(maxPacketBytes, maxClientIdLength, maxTopicLength, connectTimeout, deniedPublish,
                receiveMaximum, value, maxQueuedToDevice);
    }

    public MqttSettings withMaxQueuedToDevice(int value) {
        return new MqttSettings(maxPacketBytes, maxClientIdLength, maxTopicLength, connectTimeout, deniedPublish,
                receiveMaximum, maxInflightToDevice, value);
    }
}
