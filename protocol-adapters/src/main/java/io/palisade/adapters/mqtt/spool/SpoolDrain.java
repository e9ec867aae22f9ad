package io.palisade.adapters.mqtt.spool;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import io.netty.channel.EventLoop;
import io.palisade.adapters.mqtt.cloud.CloudConnect;
import io.palisade.adapters.mqtt.cloud.CloudConnector;
import io.palisade.adapters.mqtt.cloud.CloudLink;
import io.palisade.adapters.mqtt.cloud.CloudMessage;
import io.palisade.core.identity.DeviceId;

/**
 * One departed device's spool being delivered: a session at the broker under the device's id, a
 * {@link ReliablePublisher} draining the spool over it, and a check every so often whether the
 * spool is empty. Ends by telling its owner: emptied (no cause), or the broker refused or could
 * not be reached (the cause). Lives on the drainer's event loop.
 */
final class SpoolDrain implements CloudLink.Listener {

    private final DeviceId device;
    private final Spool spool;
    private final Runnable release;
    private final BiConsumer<SpoolDrain, Throwable> finished;
    private CloudLink link;
    private ReliablePublisher publisher;
    private ScheduledFuture<?> check;
    private boolean stopped;

    /**
     * @param release  gives the spool back (once, when the drain stops)
     * @param finished told once how the drain ended, unless it was {@link #stop() stopped}
     */
    SpoolDrain(DeviceId device, Spool spool, Runnable release, BiConsumer<SpoolDrain, Throwable> finished) {
        this.device = requireNonNull(device, "device");
        this.spool = requireNonNull(spool, "spool");
        this.release = requireNonNull(release, "release");
        this.finished = requireNonNull(finished, "finished");
    }

    DeviceId device() {
        return device;
    }

    void begin(CloudConnector cloud, EventLoop loop, CloudConnect connect, Duration checkEvery) {
        link = cloud.open(device, loop, this);
        publisher = new ReliablePublisher(link, spool, loop, release);
        link.connect(connect).whenComplete((sessionPresent, failure) -> {
            if (stopped) {
                return;
            }
            if (failure != null) {
                end(failure);
                return;
            }
            publisher.cloudUp();
            long every = checkEvery.toMillis();
            check = loop.scheduleAtFixedRate(this::endIfEmpty, every, every, TimeUnit.MILLISECONDS);
        });
    }

    private void endIfEmpty() {
        if (!stopped && spool.isEmpty()) {
            end(null);
        }
    }

    private void end(Throwable cause) {
        stop();
        finished.accept(this, cause);
    }

    /** Closes the session (no will: the device did not go away now) and gives the spool back. Idempotent. */
    void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (check != null) {
            check.cancel(false);
        }
        publisher.close();
        link.close(false);
    }

    /** Not acknowledged: the broker keeps it for the device's own session (QoS 1/2). */
    @Override
    public void message(CloudMessage message, Runnable acknowledge) {
    }

    @Override
    public void connectionLost(Throwable cause) {
        publisher.cloudDown();
    }

    @Override
    public void reconnected(boolean sessionPresent) {
        publisher.cloudUp();
    }
}
