package io.palisade.adapters.mqtt.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netty.channel.embedded.EmbeddedChannel;
import io.palisade.adapters.mqtt.cloud.CloudConnect;
import io.palisade.adapters.mqtt.cloud.CloudMessage;
import io.palisade.adapters.mqtt.fixtures.FakeCloud;
import io.palisade.adapters.mqtt.spool.ReliablePublisher.Outcome;
import io.palisade.core.identity.DeviceId;

/** No QoS 1 message is answered before the broker or the spool has it; the spool drains in order. */
class ReliablePublisherTest {

    @TempDir
    Path dir;

    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final FakeCloud cloud = new FakeCloud();
    private FakeCloud.Link link;
    private Spool spool;

    @BeforeEach
    void open() throws IOException {
        link = (FakeCloud.Link) cloud.open(DeviceId.parse("a".repeat(64)), loop.eventLoop(), new NoListener());
        link.connect(new CloudConnect(true, java.util.Optional.empty()));
        loop.runPendingTasks();
        spool = Spool.open(dir.resolve("d.spool"), 64 * 1024);
    }

    @AfterEach
    void close() throws IOException {
        spool.close();
        loop.finishAndReleaseAll();
    }

    @Test
    void whileTheCloudIsUpMessagesGoStraightThere() {
        ReliablePublisher p = new ReliablePublisher(link, spool, loop.eventLoop(), () -> {});
        List<Outcome> outcomes = publish(p, 3);

        assertThat(outcomes).containsOnly(Outcome.DELIVERED);
        assertThat(spool.isEmpty()).isTrue();
    }

    @Test
    void messagesWaitingWhenTheCloudGoesAndLaterOnesAreSpooledThenDrainedInOrder() {
        cloud.autoAck = false;
        ReliablePublisher p = new ReliablePublisher(link, spool, loop.eventLoop(), () -> {});
        List<Outcome> outcomes = publish(p, 2);
        assertThat(outcomes).isEmpty();

        link.connected = false;
        p.cloudDown();
        outcomes.addAll(publish(p, 2, 1));
        loop.runPendingTasks();

        assertThat(outcomes).containsExactly(Outcome.SPOOLED, Outcome.SPOOLED, Outcome.SPOOLED);
        assertThat(spool.size()).isEqualTo(3);

        link.published.clear();
        cloud.autoAck = true;
        link.connected = true;
        p.cloudUp();
        loop.runPendingTasks();
        loop.runPendingTasks();

        assertThat(link.published).extracting(CloudMessage::payloadText).containsExactly("m0", "m1", "m2");
        assertThat(spool.isEmpty()).isTrue();
    }

    @Test
    void newMessagesQueueBehindTheSpoolUntilItIsEmpty() throws IOException {
        spool.append(CloudMessage.text("t", "old", 1));
        cloud.autoAck = false;
        ReliablePublisher p = new ReliablePublisher(link, spool, loop.eventLoop(), () -> {});
        p.cloudUp();
        List<Outcome> outcomes = publish(p, 1);
        loop.runPendingTasks();

        assertThat(outcomes).containsExactly(Outcome.SPOOLED);
        assertThat(link.published).extracting(CloudMessage::payloadText).containsExactly("old");
        link.ackNext();
        loop.runPendingTasks();
        assertThat(link.published).extracting(CloudMessage::payloadText).containsExactly("old", "m0");
    }

    @Test
    void fullSpoolRefusesAndWithoutSpoolTheCloudMustBeThere() throws IOException {
        link.connected = false;
        try (Spool tiny = Spool.open(dir.resolve("tiny.spool"), 1024)) {
            ReliablePublisher p = new ReliablePublisher(link, tiny, loop.eventLoop(), () -> {});
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                p.publish(new CloudMessage("t", new byte[400], 1, false)).thenAccept(outcomes::add);
                loop.runPendingTasks();
            }
            assertThat(outcomes).containsExactly(Outcome.SPOOLED, Outcome.SPOOLED, Outcome.SPOOL_FULL);
        }
        ReliablePublisher none = new ReliablePublisher(link, null, loop.eventLoop(), () -> {});
        assertThat(publish(none, 1)).containsExactly(Outcome.UNAVAILABLE);
        List<Outcome> qos0 = new ArrayList<>();
        none.publish(CloudMessage.text("t", "x", 0)).thenAccept(qos0::add);
        assertThat(qos0).containsExactly(Outcome.DROPPED);
    }

    private List<Outcome> publish(ReliablePublisher p, int count) {
        return publish(p, 0, count);
    }

    private List<Outcome> publish(ReliablePublisher p, int from, int count) {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            CompletionStage<Outcome> s = p.publish(CloudMessage.text("t", "m" + i, 1));
            s.thenAccept(outcomes::add);
        }
        loop.runPendingTasks();
        return outcomes;
    }

    private static final class NoListener implements io.palisade.adapters.mqtt.cloud.CloudLink.Listener {
        @Override
        public void message(CloudMessage message, Runnable acknowledge) {}

        @Override
        public void connectionLost(Throwable cause) {}

        @Override
        public void reconnected(boolean sessionPresent) {}
    }
}
