package io.palisade.adapters.mqtt;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

import io.palisade.adapters.mqtt.fixtures.DeviceClients;
import io.palisade.adapters.mqtt.fixtures.MqttGateway;
import io.palisade.adapters.mqtt.fixtures.Mosquitto;
import io.palisade.core.policy.model.Limits;
import io.palisade.testing.pki.HeldCert;

/**
 * A device that takes its time over 3,000 commands from the cloud: the gateway keeps 2
 * unacknowledged at the device and 4 queued behind them, and holds Mosquitto back for the rest (TCP
 * flow control on the device's cloud connection; what one socket read had brought still arrives).
 * Mosquitto here does not limit what it has unacknowledged on a session ({@code max_inflight_messages
 * 0}, as Mosquitto 2.0.11 also behaved in the bench with {@code per_listener_settings}): without the
 * hold all 3,000 would wait at the gateway. As the device acknowledges, everything arrives, in order, and
 * the device stays connected.
 */
class HoldsTheCloudBackForASlowDeviceIT {

    private static final int COMMANDS = 3000;

    @TempDir
    Path dir;

    @Test
    void aSlowDeviceGetsEveryCommandInOrderAndStaysConnected() throws Exception {
        MqttSettings settings = MqttSettings.DEFAULTS.withMaxInflightToDevice(2).withMaxQueuedToDevice(4);
        try (Mosquitto cloud = Mosquitto.start(dir, 0); MqttGateway gw = new MqttGateway(cloud.asCloud(), null, Limits.NONE, settings)) {
            HeldCert cert = gw.pki.device().build();
            String commands = "devices/" + cert.deviceId() + "/commands/";
            Mqtt5AsyncClient device = DeviceClients.device5(gw, cert, cert.deviceId()).toAsync();
            List<Mqtt5Publish> got = new CopyOnWriteArrayList<>();
            boolean[] acking = {false};
            device.publishes(MqttGlobalPublishFilter.ALL, p -> {
                synchronized (got) {
                    got.add(p);
                    if (acking[0]) {
                        p.acknowledge();
                    }
                }
            }, true);
            device.connect().get(10, SECONDS);
            device.subscribeWith().topicFilter(commands + "#").qos(MqttQos.AT_LEAST_ONCE).send().get(10, SECONDS);

            Mqtt3BlockingClient app = DeviceClients.cloudApp("127.0.0.1", cloud.port(), "operator");
            app.connect();
            for (int i = 0; i < COMMANDS; i++) {
                app.publishWith().topic(commands + i).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(("c" + i).getBytes(StandardCharsets.UTF_8)).send();
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 2);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> got.size() == 2 && gw.stage.sessions() == 1 && gw.stage.queuedToDevices() < COMMANDS / 2);
            assertThat(gw.stage.stats().get(MqttStats.Counter.CLOUD_HELD)).isPositive();

            synchronized (got) { // from now on the device acknowledges what it gets at once
                acking[0] = true;
                got.forEach(Mqtt5Publish::acknowledge);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> got.size() == COMMANDS);
            assertThat(got).extracting(p -> p.getTopic().toString())
                    .containsExactlyElementsOf(IntStream.range(0, COMMANDS).mapToObj(i -> commands + i).toList());
            assertThat(gw.stage.stats().get(MqttStats.Counter.DOWNSTREAM_OVERFLOW)).isZero();
            assertThat(gw.stage.sessions()).isEqualTo(1);
            app.disconnect();
            device.disconnect().get(10, SECONDS);
        }
    }
}
