package io.palisade.adapters.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.palisade.adapters.mqtt.fixtures.Devices;
import io.palisade.adapters.mqtt.fixtures.FakeCloud;
import io.palisade.adapters.mqtt.fixtures.MqttPipe;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.policy.model.Limits;
import io.palisade.testing.pki.TestPki;

/** CONNECT: the client id is the device id, the certificate is the identity, wills obey policy, the cloud must accept. */
class ConnectRulesTest {

    private static final TestPki PKI = TestPki.create("acme");

    private final FakeCloud cloud = new FakeCloud();
    private final MqttStage stage = MqttStage.builder().policy(Devices.policyStore(Limits.NONE)).cloud(cloud).build();
    private final DeviceIdentity device = Devices.newDevice(PKI);

    enum ClientId { DEVICE_ID, EMPTY, OTHER_DEVICE, SPOOFED_NAME }

    @ParameterizedTest(name = "{0} client id {1} → {2}")
    @CsvSource({
            "MQTT_3_1_1, DEVICE_ID,    CONNECTION_ACCEPTED",
            "MQTT_5,     DEVICE_ID,    CONNECTION_ACCEPTED",
            "MQTT_3_1_1, EMPTY,        CONNECTION_ACCEPTED",
            "MQTT_5,     EMPTY,        CONNECTION_ACCEPTED",
            "MQTT_3_1_1, OTHER_DEVICE, CONNECTION_REFUSED_IDENTIFIER_REJECTED",
            "MQTT_5,     OTHER_DEVICE, CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID",
            "MQTT_3_1_1, SPOOFED_NAME, CONNECTION_REFUSED_IDENTIFIER_REJECTED",
            "MQTT_5,     SPOOFED_NAME, CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID",
    })
    void clientIdMustBeTheDeviceId(MqttVersion version, ClientId kind, MqttConnectReturnCode expected) {
        String clientId = switch (kind) {
            case DEVICE_ID -> device.id().value();
            case EMPTY -> "";
            case OTHER_DEVICE -> Devices.newDevice(PKI).id().value();
            case SPOOFED_NAME -> "thermostat-7";
        };
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.send(MqttPipe.connect(version, clientId, 30).build());

            MqttConnAckMessage ack = (MqttConnAckMessage) pipe.received().get(0);
            assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(expected);
            boolean accepted = expected == MqttConnectReturnCode.CONNECTION_ACCEPTED;
            assertThat(pipe.isOpen()).isEqualTo(accepted);
            assertThat(cloud.links).hasSize(accepted ? 1 : 0);
            if (accepted) {
                assertThat(cloud.last().device).isEqualTo(device.id());
            }
            if (accepted && kind == ClientId.EMPTY && version == MqttVersion.MQTT_5) {
                MqttProperties.MqttProperty<?> assigned = ack.variableHeader().properties()
                        .getProperty(MqttProperties.MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER.value());
                assertThat(assigned.value()).isEqualTo(device.id().value());
            }
            assertThat(stage.stats().get(accepted ? MqttStats.Counter.CONNECTS_ACCEPTED : MqttStats.Counter.CONNECTS_REFUSED)).isEqualTo(1);
        }
    }

    @Test
    void emptyClientIdWithPersistentSessionIsRefusedInMqtt311() {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.send(MqttPipe.connect(MqttVersion.MQTT_3_1_1, "", 30).cleanSession(false).build());

            assertThat(connAckCode(pipe)).isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
            assertThat(pipe.isOpen()).isFalse();
        }
    }

    @Test
    void credentialsAreIgnoredTheCertificateIsTheIdentity() {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.send(MqttPipe.connect(MqttVersion.MQTT_3_1_1, "admin", 30).username(device.id().value())
                    .password("secret".getBytes(StandardCharsets.UTF_8)).build());
            assertThat(connAckCode(pipe)).isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
        }
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.send(MqttPipe.connect(MqttVersion.MQTT_3_1_1, device.id().value(), 30).username("root")
                    .password("wrong".getBytes(StandardCharsets.UTF_8)).build());
            assertThat(connAckCode(pipe)).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            assertThat(cloud.last().device).isEqualTo(device.id());
        }
    }

    @Test
    void mqtt31IsRefusedAsUnacceptableVersion() {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.send(MqttPipe.connect(MqttVersion.MQTT_3_1, "dev1", 30).build());

            assertThat(connAckCode(pipe)).isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
            assertThat(pipe.isOpen()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"MQTT_3_1_1", "MQTT_5"})
    void willOnATopicPolicyDeniesRefusesTheConnect(MqttVersion version) {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.send(MqttPipe.connect(version, device.id().value(), 30).willFlag(true)
                    .willTopic("devices/someone-else/status").willMessage("gone".getBytes(StandardCharsets.UTF_8))
                    .willQoS(MqttQoS.AT_LEAST_ONCE).build());

            assertThat(connAckCode(pipe)).isEqualTo(version == MqttVersion.MQTT_5
                    ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5 : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
            assertThat(cloud.links).isEmpty();
        }
    }

    @Test
    void allowedWillIsCarriedToTheCloudAndPublishedWhenTheDeviceVanishes() {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            String topic = "devices/" + device.id().value() + "/events/offline";
            pipe.send(MqttPipe.connect(MqttVersion.MQTT_3_1_1, device.id().value(), 30).willFlag(true).willTopic(topic)
                    .willMessage("gone".getBytes(StandardCharsets.UTF_8)).willQoS(MqttQoS.AT_LEAST_ONCE).build());
            assertThat(connAckCode(pipe)).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            assertThat(cloud.last().connect.will()).hasValueSatisfying(w -> {
                assertThat(w.topic()).isEqualTo(topic);
                assertThat(w.payloadText()).isEqualTo("gone");
            });

            pipe.gateway.close();

            assertThat(cloud.last().closedWithWill).isTrue();
        }
    }

    @Test
    void disconnectPacketEndsTheSessionWithoutTheWill() {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.send(MqttPipe.connect(MqttVersion.MQTT_3_1_1, device.id().value(), 30).willFlag(true)
                    .willTopic("devices/" + device.id().value() + "/events/offline").willMessage(new byte[0]).build());
            pipe.received();
            pipe.send(io.netty.handler.codec.mqtt.MqttMessageBuilders.disconnect().build());

            assertThat(pipe.isOpen()).isFalse();
            assertThat(cloud.last().closedWithWill).isFalse();
        }
    }

    @ParameterizedTest(name = "{0} cloud {1} → {2}")
    @CsvSource({
            "MQTT_3_1_1, UNREACHABLE,           CONNECTION_REFUSED_SERVER_UNAVAILABLE",
            "MQTT_5,     UNREACHABLE,           CONNECTION_REFUSED_SERVER_UNAVAILABLE_5",
            "MQTT_3_1_1, REFUSE_NOT_AUTHORIZED, CONNECTION_REFUSED_NOT_AUTHORIZED",
            "MQTT_5,     REFUSE_NOT_AUTHORIZED, CONNECTION_REFUSED_NOT_AUTHORIZED_5",
    })
    void cloudThatDoesNotAcceptRefusesTheDevice(MqttVersion version, FakeCloud.ConnectAnswer answer, MqttConnectReturnCode expected) {
        cloud.answer = answer;
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.send(MqttPipe.connect(version, device.id().value(), 30).build());

            assertThat(connAckCode(pipe)).isEqualTo(expected);
            assertThat(pipe.isOpen()).isFalse();
            assertThat(stage.sessions()).isZero();
        }
    }

    @Test
    void sessionPresentComesFromTheCloud() {
        cloud.answer = FakeCloud.ConnectAnswer.ACCEPT_SESSION_PRESENT;
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.send(MqttPipe.connect(MqttVersion.MQTT_3_1_1, device.id().value(), 30).cleanSession(false).build());

            MqttConnAckMessage ack = (MqttConnAckMessage) pipe.received().get(0);
            assertThat(ack.variableHeader().isSessionPresent()).isTrue();
            assertThat(cloud.last().connect.cleanSession()).isFalse();
        }
    }

    @Test
    void firstPacketOtherThanConnectCloses() {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.send(MqttPipe.publish("devices/x/telemetry", 0, 0, "early"));

            assertThat(pipe.isOpen()).isFalse();
            assertThat(cloud.links).isEmpty();
        }
    }

    @Test
    void deviceThatNeverConnectsIsClosedAfterTheConnectTimeout() {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.advance(9, TimeUnit.SECONDS);
            assertThat(pipe.isOpen()).isTrue();

            pipe.advance(2, TimeUnit.SECONDS);
            assertThat(pipe.isOpen()).isFalse();
        }
    }

    @Test
    void packetsSentRightAfterConnectAreHeldAndRelayedInOrder() {
        cloud.autoAck = true;
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            String topic = "devices/" + device.id().value() + "/telemetry";
            pipe.send(MqttPipe.connect(MqttVersion.MQTT_3_1_1, device.id().value(), 30).build());
            List<MqttMessage> replies = pipe.send(MqttPipe.publish(topic, 1, 7, "a")).send(MqttPipe.publish(topic, 1, 8, "b")).received();

            assertThat(replies).extracting(m -> m.fixedHeader().messageType().name()).containsExactly("CONNACK", "PUBACK", "PUBACK");
            assertThat(cloud.last().published).extracting(m -> m.payloadText()).containsExactly("a", "b");
        }
    }

    @Test
    void aSecondConnectionOfTheSameDeviceTakesTheSessionOver() {
        try (MqttPipe first = new MqttPipe(stage, device); MqttPipe second = new MqttPipe(stage, device)) {
            first.connectAs(MqttVersion.MQTT_3_1_1);
            second.connectAs(MqttVersion.MQTT_3_1_1);
            first.settle();

            assertThat(first.isOpen()).isFalse();
            assertThat(second.isOpen()).isTrue();
            assertThat(cloud.links.get(0).closedWithWill).isFalse();
            assertThat(stage.sessions()).isEqualTo(1);
        }
    }

    private static MqttConnectReturnCode connAckCode(MqttPipe pipe) {
        return ((MqttConnAckMessage) pipe.received().get(0)).variableHeader().connectReturnCode();
    }
}
