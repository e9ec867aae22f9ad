package io.palisade.adapters.mqtt;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the MQTT stage, over every device (no per-device labels). Thread-safe; read them
 * for metrics with {@link #snapshot()}.
 */
public final class MqttStats {

    /** What is counted. */
    public enum Counter {
        /** Devices whose CONNECT was accepted. */
        CONNECTS_ACCEPTED,
        /** CONNECTs refused (client id, version, will, cloud). */
        CONNECTS_REFUSED,
        /** PUBLISHes from devices relayed to the cloud (or spooled for it). */
        PUBLISHES_UP,
        /** PUBLISHes from the cloud delivered to devices. */
        PUBLISHES_DOWN,
        /** PUBLISHes denied by policy, either direction. */
        PUBLISHES_DENIED,
        /** Subscriptions denied by policy. */
        SUBSCRIPTIONS_DENIED,
        /** Live subscriptions revoked by a new policy generation. */
        SUBSCRIPTIONS_REVOKED,
        /** QoS 0 messages dropped: the cloud was unreachable, or the device could not take more. */
        QOS0_DROPPED,
        /** Connections closed for an oversized or malformed packet. */
        MALFORMED_PACKETS,
        /** Connections closed because the device stayed silent past 1.5 × its keepalive. */
        KEEPALIVE_TIMEOUTS,
        /** Times a device's reading was paused by its message or byte rate limit. */
        RATE_LIMITED,
        /** QoS 1/2 publishes put in the spool while the cloud was unreachable. */
        SPOOLED,
        /** QoS 1/2 publishes refused because the spool was full. */
        SPOOL_FULL,
        /** Times a device's queue of cloud messages filled and its cloud link held the broker back. */
        CLOUD_HELD,
        /** Devices disconnected because they could not keep up with the cloud even so. */
        DOWNSTREAM_OVERFLOW,
        /** MQTT 5 devices disconnected for sending more QoS 1/2 publishes than the gateway's Receive Maximum. */
        RECEIVE_MAXIMUM_EXCEEDED
    }

    private final Map<Counter, LongAdder> counters = new LinkedHashMap<>();

    public MqttStats() {
        for (Counter c : Counter.values()) {
            counters.put(c, new LongAdder());
        }
    }

    /** Adds one to {@code counter}. */
    public void increment(Counter counter) {
        counters.get(counter).increment();
    }

    /** The current value of {@code counter}. */
    public long get(Counter counter) {
        return counters.get(counter).sum();
    }

    /** Every counter's current value, in declaration order. */
    public Map<Counter, Long> snapshot() {
        Map<Counter, Long> out = new LinkedHashMap<>();
        counters.forEach((c, v) -> out.put(c, v.sum()));
        return out;
    }
}
