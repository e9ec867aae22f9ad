package io.palisade.adapters.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;

import io.palisade.adapters.mqtt.embedded.EmbeddedBroker;
import io.palisade.adapters.mqtt.fixtures.DeviceClients;
import io.palisade.adapters.mqtt.fixtures.MqttGateway;
import io.palisade.core.policy.model.Limits;
import io.palisade.testing.pki.HeldCert;

/**
 * End to end over the real data plane (mutual TLS, identity, MQTT service) to the embedded
 * Moquette broker as the cloud: telemetry up, commands down, another device's topic denied with
 * PUBACK 0x87 and SUBACK 0x87, a spoofed client id refused 0x85, MQTT 3.1.1 too.
 */
class RelaysDevicesThroughEmbeddedBrokerIT {

    private final EmbeddedBroker broker = EmbeddedBroker.start();
    private final MqttGateway gw = new MqttGateway(broker.asCloud(), null, Limits.NONE);

    @AfterEach
    void stop() {
        gw.close();
        broker.close();
    }

    @Test
    void mqtt5DeviceTelemetryUpCommandsDownOthersDenied() throws Exception {
        HeldCert cert = gw.pki.device().build();
        HeldCert other = gw.pki.device().build();
        String id = cert.deviceId();
        Mqtt3BlockingClient app = DeviceClients.cloudApp("127.0.0.1", broker.address().getPort(), "cloud-app");
        app.connect();
        try (Mqtt3BlockingClient.Mqtt3Publishes up = app.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            app.subscribeWith().topicFilter("devices/+/telemetry").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient device = DeviceClients.device5(gw, cert, id);
            device.connect();

            device.publishWith().topic("devices/" + id + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("21.5".getBytes(StandardCharsets.UTF_8)).send();
            Optional<Mqtt3Publish> got = up.receive(5, TimeUnit.SECONDS);
            assertThat(got).hasValueSatisfying(p -> {
                assertThat(p.getTopic().toString()).isEqualTo("devices/" + id + "/telemetry");
                assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("21.5");
            });

            assertThatThrownBy(() -> device.publishWith().topic("devices/" + other.deviceId() + "/telemetry")
                    .qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1}).send())
                    .isInstanceOfSatisfying(Mqtt5PubAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
                            .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
            assertThat(up.receive(300, TimeUnit.MILLISECONDS)).isEmpty();

            assertThatThrownBy(() -> device.subscribeWith().addSubscription().topicFilter("devices/" + id + "/commands/#")
                    .qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                    .addSubscription().topicFilter("devices/" + other.deviceId() + "/commands/#").applySubscription().send())
                    .isInstanceOfSatisfying(Mqtt5SubAckException.class, e -> assertThat(e.getMqttMessage().getReasonCodes())
                            .containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1, Mqtt5SubAckReasonCode.NOT_AUTHORIZED));

            try (Mqtt5BlockingClient.Mqtt5Publishes down = device.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
                app.publishWith().topic("devices/" + id + "/commands/reboot").qos(MqttQos.AT_LEAST_ONCE)
                        .payload("now".getBytes(StandardCharsets.UTF_8)).send();
                Optional<Mqtt5Publish> command = down.receive(5, TimeUnit.SECONDS);
                assertThat(command).hasValueSatisfying(p -> {
                    assertThat(p.getTopic().toString()).isEqualTo("devices/" + id + "/commands/reboot");
                    assertThat(p.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
                });
            }
            device.disconnect();
        } finally {
            app.disconnect();
        }
        assertThat(gw.stage.stats().get(MqttStats.Counter.PUBLISHES_UP)).isEqualTo(1);
        assertThat(gw.stage.stats().get(MqttStats.Counter.PUBLISHES_DENIED)).isEqualTo(1);
        assertThat(gw.stage.stats().get(MqttStats.Counter.SUBSCRIPTIONS_DENIED)).isEqualTo(1);
    }

    @Test
    void spoofedClientIdIsRefused() {
        HeldCert cert = gw.pki.device().build();
        HeldCert other = gw.pki.device().build();
        Mqtt5BlockingClient device = DeviceClients.device5(gw, cert, other.deviceId());

        assertThatThrownBy(device::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class,
                e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID));
    }

    @Test
    void mqtt311DeviceRelaysBothWays() throws Exception {
        HeldCert cert = gw.pki.device().build();
        String id = cert.deviceId();
        Mqtt3BlockingClient device = DeviceClients.device3(gw, cert, id);
        device.connectWith().keepAlive(30).send();
        device.subscribeWith().topicFilter("devices/" + id + "/commands/#").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt3BlockingClient app = DeviceClients.cloudApp("127.0.0.1", broker.address().getPort(), "cloud-app-3");
        app.connect();
        try (Mqtt3BlockingClient.Mqtt3Publishes down = device.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            app.publishWith().topic("devices/" + id + "/commands/set").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("22".getBytes(StandardCharsets.UTF_8)).send();
            assertThat(down.receive(5, TimeUnit.SECONDS)).hasValueSatisfying(p ->
                    assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("22"));
        }
        device.disconnect();
        app.disconnect();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gw.stage.sessions() == 0);
    }
}
