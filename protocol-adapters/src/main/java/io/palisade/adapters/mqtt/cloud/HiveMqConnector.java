package io.palisade.adapters.mqtt.cloud;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.Executor;

import io.palisade.core.identity.DeviceId;

/**
 * Opens each device's session at the cloud broker with the HiveMQ MQTT client, speaking MQTT
 * 3.1.1 upstream (every broker speaks it, the embedded Moquette too), under the device id as
 * client id. A lost connection is retried with exponential back-off from {@code minBackoff} to
 * {@code maxBackoff}; the device stays connected to the gateway meanwhile.
 */
public final class HiveMqConnector implements CloudConnector {

    private final CloudBroker broker;
    private final Duration minBackoff;
    private final Duration maxBackoff;

    public HiveMqConnector(CloudBroker broker) {
        this(broker, Duration.ofMillis(100), Duration.ofSeconds(10));
    }

    public HiveMqConnector(CloudBroker broker, Duration minBackoff, Duration maxBackoff) {
        this.broker = requireNonNull(broker, "broker");
        this.minBackoff = requireNonNull(minBackoff, "minBackoff");
        this.maxBackoff = requireNonNull(maxBackoff, "maxBackoff");
        if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("backoff: " + minBackoff + ".." + maxBackoff + " (expected: 0 < min <= max)");
        }
    }

    public CloudBroker broker() {
        return broker;
    }

    @Override
    public CloudLink open(DeviceId device, Executor executor, CloudLink.Listener listener) {
        return new HiveMqLink(broker, device, executor, listener, minBackoff, maxBackoff);
    }
}
