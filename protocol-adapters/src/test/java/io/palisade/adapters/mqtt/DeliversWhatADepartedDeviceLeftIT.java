package io.palisade.adapters.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;

import io.palisade.adapters.mqtt.fixtures.DeviceClients;
import io.palisade.adapters.mqtt.fixtures.Mosquitto;
import io.palisade.adapters.mqtt.fixtures.MqttGateway;
import io.palisade.core.policy.model.Limits;
import io.palisade.testing.pki.HeldCert;

/**
 * A device publishes QoS 1 messages while the cloud Mosquitto is down (the gateway acknowledges
 * them once spooled) and goes away for good. When Mosquitto is back, every message reaches the
 * cloud subscriber, in order, without the device ever connecting again.
 */
class DeliversWhatADepartedDeviceLeftIT {

    private static final int MESSAGES = 200;

    @TempDir
    Path dir;

    @Test
    void theSpoolOfADeviceThatNeverReturnsDrainsWhenTheCloudIsBack() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        try (Mosquitto cloud = Mosquitto.start(Files.createDirectories(dir.resolve("broker")));
             MqttGateway gw = new MqttGateway(cloud.asCloud(), spool, Limits.NONE)) {
            List<Integer> received = new CopyOnWriteArrayList<>(); // read by the awaits while the subscriber appends
            Mqtt3AsyncClient sink = cloud.durableSubscriber("devices/+/telemetry",
                    payload -> received.add(Integer.parseInt(new String(payload, StandardCharsets.US_ASCII))));

            HeldCert cert = gw.pki.device().build();
            Mqtt3AsyncClient device = MqttClient.builder().useMqttVersion3().identifier(cert.deviceId()).serverHost("127.0.0.1")
                    .serverPort(gw.port()).sslConfig(DeviceClients.tls(cert, gw.serverRoot)).buildAsync();
            device.connectWith().keepAlive(60).send().get(10, TimeUnit.SECONDS);
            cloud.kill9();
            String topic = "devices/" + cert.deviceId() + "/telemetry";
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                acks.add(device.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(Integer.toString(i).getBytes(StandardCharsets.US_ASCII)).send());
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS); // all spooled
            device.disconnect().get(10, TimeUnit.SECONDS);
            await("the device's session is gone").atMost(Duration.ofSeconds(10)).until(() -> gw.stage.sessions() == 0);

            cloud.start();

            await("every message the departed device was acknowledged").atMost(Duration.ofSeconds(60))
                    .until(() -> received.stream().distinct().count() == MESSAGES);
            List<Integer> firstSeen = received.stream().distinct().toList();
            assertThat(firstSeen).as("in the order the device sent them").isSorted();
            await("the drain's session is closed").atMost(Duration.ofSeconds(10)).until(() -> gw.stage.drainsRunning() == 0);
            sink.disconnect();
        }
    }
}
