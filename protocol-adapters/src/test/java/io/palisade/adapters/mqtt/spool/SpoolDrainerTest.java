package io.palisade.adapters.mqtt.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netty.channel.embedded.EmbeddedChannel;
import io.palisade.adapters.mqtt.cloud.CloudMessage;
import io.palisade.adapters.mqtt.fixtures.FakeCloud;
import io.palisade.core.identity.DeviceId;

/**
 * What a departed device acknowledged-but-spooled reaches the broker without the device, in order,
 * under the device's own id; a returning device takes its spool back at once; an unreachable broker
 * is retried; the broker's messages for the device are left for the device.
 */
class SpoolDrainerTest {

    private static final DeviceId DEVICE = DeviceId.parse("d".repeat(64));

    @TempDir
    Path dir;

    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final FakeCloud cloud = new FakeCloud();
    private SpoolDirectory spools;
    private SpoolDrainer drainer;

    @BeforeEach
    void open() {
        loop.freezeTime();
        spools = new SpoolDirectory(dir, 1024 * 1024);
        drainer = new SpoolDrainer(spools, cloud, loop.eventLoop());
    }

    @AfterEach
    void close() {
        drainer.close();
        loop.finishAndReleaseAll();
    }

    @Test
    void aSpoolLeftBeforeTheStartIsDeliveredInOrderUnderTheDevicesIdThenTheSessionCloses() throws IOException {
        leave(DEVICE, 3);

        drainer.start();
        settle();

        FakeCloud.Link link = cloud.last();
        assertThat(link.device).isEqualTo(DEVICE);
        assertThat(link.connect.cleanSession()).as("an earlier session of the device is kept").isFalse();
        assertThat(link.connect.will()).isEmpty();
        assertThat(link.published).extracting(CloudMessage::payloadText).containsExactly("m0", "m1", "m2");

        loop.advanceTimeBy(1, TimeUnit.SECONDS);
        settle();
        assertThat(link.closedWithWill).as("closed, without the device's will").isFalse();
        assertThat(drainer.running()).isZero();
        assertThat(spoolSize(DEVICE)).isZero();
    }

    @Test
    void aDeviceLeavingWithMessagesInItsSpoolHasThemDelivered() throws IOException {
        drainer.start();
        leave(DEVICE, 2);

        drainer.released(DEVICE);
        settle();

        assertThat(cloud.last().published).extracting(CloudMessage::payloadText).containsExactly("m0", "m1");
    }

    @Test
    void anEmptySpoolOpensNoSession() throws IOException {
        leave(DEVICE, 0);

        drainer.start();
        settle();

        assertThat(cloud.links).isEmpty();
    }

    @Test
    void aReturningDeviceStopsTheDrainAndFindsEveryUnacknowledgedMessageStillInItsSpool() throws IOException {
        cloud.autoAck = false;
        leave(DEVICE, 3);
        drainer.start();
        settle();
        FakeCloud.Link drainLink = cloud.last();
        assertThat(drainLink.pending).hasSize(3);

        Spool spool = drainer.acquireForDevice(DEVICE);
        assertThat(drainLink.closedWithWill).isFalse();
        while (!drainLink.pending.isEmpty()) {
            drainLink.ackNext(); // the broker acknowledges after the hand-over: the stopped drain must not commit
        }
        settle();

        assertThat(spool.size()).isEqualTo(3);
        assertThat(drainer.running()).isZero();
        spools.release(DEVICE);
    }

    @Test
    void aConnectedDevicesSpoolIsNotDrainedBehindItsBack() throws IOException {
        leave(DEVICE, 2);
        Spool held = spools.acquire(DEVICE);

        drainer.start();
        drainer.released(DEVICE);
        settle();

        assertThat(cloud.links).isEmpty();
        assertThat(held.size()).isEqualTo(2);
        spools.release(DEVICE);
    }

    @Test
    void anUnreachableBrokerIsTriedAgainLaterAndTheSpoolThenDrains() throws IOException {
        cloud.answer = FakeCloud.ConnectAnswer.UNREACHABLE;
        leave(DEVICE, 2);
        drainer.start();
        settle();
        assertThat(cloud.links).hasSize(1);
        assertThat(cloud.last().closedWithWill).isFalse();

        cloud.answer = FakeCloud.ConnectAnswer.ACCEPT;
        loop.advanceTimeBy(1, TimeUnit.SECONDS);
        settle();

        assertThat(cloud.links).hasSize(2);
        assertThat(cloud.last().published).extracting(CloudMessage::payloadText).containsExactly("m0", "m1");
    }

    @Test
    void messagesTheBrokerHoldsForTheDeviceAreNotAcknowledgedByTheDrain() throws IOException {
        cloud.autoAck = false;
        leave(DEVICE, 1);
        drainer.start();
        settle();
        boolean[] acknowledged = {false};

        cloud.last().listener.message(CloudMessage.text("cmd/" + DEVICE.value(), "reboot", 1), () -> acknowledged[0] = true);

        assertThat(acknowledged[0]).isFalse();
    }

    @Test
    void atMostAFewDrainsRunAtOnceAndTheOthersFollow() throws IOException {
        cloud.autoAck = false;
        var devices = IntStream.range(0, SpoolDrainer.MAX_CONCURRENT + 3)
                .mapToObj(i -> DeviceId.parse(String.format("%064x", i + 1))).toList();
        for (DeviceId d : devices) {
            leave(d, 1);
        }
        drainer.start();
        settle();
        assertThat(drainer.running()).isEqualTo(SpoolDrainer.MAX_CONCURRENT);

        cloud.links.forEach(l -> new java.util.ArrayList<>(l.pending).forEach(p -> l.ackNext()));
        settle();
        loop.advanceTimeBy(1, TimeUnit.SECONDS);
        settle();

        assertThat(cloud.links).hasSize(devices.size());
    }

    /** A spool with {@code n} messages m0, m1, … on disk, no connection holding it. */
    private void leave(DeviceId device, int n) throws IOException {
        Spool spool = spools.acquire(device);
        for (int i = 0; i < n; i++) {
            spool.append(CloudMessage.text("t/" + device.value(), "m" + i, 1));
        }
        spool.sync();
        spools.release(device);
    }

    private int spoolSize(DeviceId device) throws IOException {
        Spool spool = spools.acquire(device);
        try {
            return spool.size();
        } finally {
            spools.release(device);
        }
    }

    private void settle() {
        for (int i = 0; i < 10; i++) {
            loop.runPendingTasks();
            loop.runScheduledPendingTasks();
        }
    }
}
