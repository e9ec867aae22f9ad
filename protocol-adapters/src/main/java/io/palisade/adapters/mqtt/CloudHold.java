package io.palisade.adapters.mqtt;

import java.util.function.IntSupplier;

import io.palisade.adapters.mqtt.cloud.CloudLink;

/**
 * Whether a device's cloud link holds the broker back, and how many cloud messages may wait for
 * the device at most. A broker need not limit how many messages it has unacknowledged on the
 * device's session (Mosquitto 2.0.11 sent the gateway thousands), so once {@code maxQueued} wait
 * behind the device's window the link {@linkplain CloudLink#holdMessages holds} the broker back by
 * TCP flow control until the queue is down to half: the broker keeps the rest, within its own
 * limits. What one socket read had brought still arrives ({@link #SLACK}). Dropping a QoS 1/2
 * message instead is no option: left unacknowledged it stalls the session (the HiveMQ client
 * acknowledges in order), acknowledged it is lost.
 *
 * <p>One exception: while the device is not read because its own publishes wait for the cloud
 * ({@link ReadingGate#waitsForCloud()}), the broker's acknowledgements of them come over the held
 * connection, so each side would wait for the other; the link takes messages again, and at most
 * twice {@code maxQueued} may then wait. Beyond the {@link #limit()} the device cannot keep up.
 */
final class CloudHold {

    /**
     * How many messages may still arrive once the link holds the broker back: those of the socket
     * read under way (Netty reads at most 64 KiB before it looks at auto-read again), and the
     * smallest QoS 1 PUBLISH is 7 bytes, so at most 9,363 of them.
     */
    static final int SLACK = 10_000;

    private final int maxQueued;
    private final ReadingGate reading;
    private final CloudLink link;
    private final IntSupplier queued;
    private final MqttStats stats;
    private boolean holding;

    CloudHold(int maxQueued, ReadingGate reading, CloudLink link, IntSupplier queued, MqttStats stats) {
        this.maxQueued = maxQueued;
        this.reading = reading;
        this.link = link;
        this.queued = queued;
        this.stats = stats;
        reading.onCloudWaited(this::adjust);
    }

    /** How many messages may wait for the device now. */
    int limit() {
        return holding ? maxQueued + SLACK : 2 * maxQueued;
    }

    /** Holds the broker back, or lets it go, after the queue changed or the device's reading did. */
    void adjust() {
        int size = queued.getAsInt();
        boolean hold = (holding ? size > maxQueued / 2 : size >= maxQueued) && !reading.waitsForCloud();
        if (hold != holding) {
            holding = hold;
            link.holdMessages(hold);
            if (hold) {
                stats.increment(MqttStats.Counter.CLOUD_HELD);
            }
        }
    }
}
