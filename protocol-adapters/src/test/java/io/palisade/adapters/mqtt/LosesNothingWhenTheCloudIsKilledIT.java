package io.palisade.adapters.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;

import io.palisade.adapters.mqtt.fixtures.DeviceClients;
import io.palisade.adapters.mqtt.fixtures.MqttGateway;
import io.palisade.adapters.mqtt.fixtures.Mosquitto;
import io.palisade.core.policy.model.Limits;
import io.palisade.testing.pki.HeldCert;

/**
 * A device streams 10,000 QoS 1 messages through the gateway; the cloud Mosquitto is killed with
 * SIGKILL in the middle and started again. Every message the gateway acknowledged to the device
 * reaches the subscriber at the cloud (accepted into the spool while the cloud was gone, drained
 * in order when it came back); duplicates are counted and reported, not forbidden (at least once).
 */
class LosesNothingWhenTheCloudIsKilledIT {

    private static final int MESSAGES = 10_000;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedMessageArrives() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Path broker = Files.createDirectories(dir.resolve("broker"));
        try (Mosquitto cloud = Mosquitto.start(broker); MqttGateway gw = new MqttGateway(cloud.asCloud(), spool, Limits.NONE)) {
            Map<Integer, AtomicInteger> received = new ConcurrentHashMap<>();
            Mqtt3AsyncClient sink = cloud.durableSubscriber("devices/+/telemetry", payload -> received
                    .computeIfAbsent(Integer.parseInt(new String(payload, StandardCharsets.US_ASCII)), k -> new AtomicInteger())
                    .incrementAndGet());

            HeldCert cert = gw.pki.device().build();
            Mqtt3AsyncClient device = MqttClient.builder().useMqttVersion3().identifier(cert.deviceId()).serverHost("127.0.0.1")
                    .serverPort(gw.port()).sslConfig(DeviceClients.tls(cert, gw.serverRoot)).buildAsync();
            device.connectWith().keepAlive(60).send().get(10, TimeUnit.SECONDS);
            Set<Integer> acked = ConcurrentHashMap.newKeySet();
            AtomicInteger failed = new AtomicInteger();
            String topic = "devices/" + cert.deviceId() + "/telemetry";
            long start = System.nanoTime();
            // The stream is sent in two halves around the kill, so that the kill lands in the middle of it
            // whatever the machine's speed: the first half is in flight or acknowledged, the second is sent while
            // the cloud is gone and must be spooled.
            IntConsumer publish = n -> device.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(Integer.toString(n).getBytes(StandardCharsets.US_ASCII)).send().whenComplete((p, e) -> {
                        if (e == null) {
                            acked.add(n);
                        } else {
                            failed.incrementAndGet();
                        }
                    });
            for (int i = 0; i < MESSAGES / 2; i++) {
                publish.accept(i);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= 3_000);
            cloud.kill9();
            int ackedAtKill = acked.size();
            for (int i = MESSAGES / 2; i < MESSAGES; i++) {
                publish.accept(i);
            }
            try { // give the second half time to reach the gateway while the cloud is down (reported, not asserted:
                  // how much is spooled rather than held in flight depends on the machine's speed)
                await("the gateway spools while the cloud is gone").atMost(Duration.ofSeconds(20))
                        .until(() -> gw.stage.stats().get(MqttStats.Counter.SPOOLED) >= 500);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                System.out.println("cloud kill -9: fewer than 500 messages spooled after 20 s: " + gw.stage.stats());
            }
            long spooledWhileDown = gw.stage.stats().get(MqttStats.Counter.SPOOLED);
            cloud.start();

            await("every message acknowledged to the device").atMost(Duration.ofSeconds(120)).until(() -> acked.size() == MESSAGES);
            try {
                await("every acknowledged message at the subscriber").atMost(Duration.ofSeconds(60))
                        .until(() -> received.keySet().containsAll(acked));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                List<Integer> missing = acked.stream().filter(n -> !received.containsKey(n)).sorted().toList();
                throw new AssertionError(missing.size() + " acknowledged messages never reached the subscriber (first "
                        + missing.subList(0, Math.min(10, missing.size())) + "; " + ackedAtKill + " acknowledged at the kill, "
                        + spooledWhileDown + " spooled while down; gateway " + gw.stage.stats() + ")", e);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int duplicates = received.values().stream().mapToInt(c -> c.get() - 1).sum();
            System.out.printf("cloud kill -9: %d messages acknowledged (%d at the kill, %d spooled while down), %d received, "
                            + "%d lost, %d duplicates, %d failed at the device, %.1f s%n", acked.size(), ackedAtKill, spooledWhileDown,
                    received.size(), acked.stream().filter(n -> !received.containsKey(n)).count(), duplicates, failed.get(), seconds);

            assertThat(failed).hasValue(0);
            assertThat(received.keySet()).containsAll(acked);
            device.disconnect();
            sink.disconnect();
        }
    }
}
