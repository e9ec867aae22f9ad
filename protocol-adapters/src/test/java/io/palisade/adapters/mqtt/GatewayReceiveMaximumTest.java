package io.palisade.adapters.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.palisade.adapters.mqtt.fixtures.Devices;
import io.palisade.adapters.mqtt.fixtures.FakeCloud;
import io.palisade.adapters.mqtt.fixtures.MqttPipe;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.policy.model.Limits;
import io.palisade.testing.pki.TestPki;

/**
 * Device → gateway: MQTT 5 devices are told the gateway's Receive Maximum in CONNACK, and one that
 * has more QoS 1/2 publishes unanswered (no PUBACK, or no PUBCOMP yet) is disconnected with 0x93
 * (MQTT 5 §3.3.4); an MQTT 3.1.1 device, which was told nothing, is only not read meanwhile.
 */
class GatewayReceiveMaximumTest {

    private static final TestPki PKI = TestPki.create("acme");

    private final FakeCloud cloud = new FakeCloud();
    private final MqttStage stage = MqttStage.builder().policy(Devices.policyStore(Limits.NONE)).cloud(cloud)
            .settings(MqttSettings.DEFAULTS.withReceiveMaximum(2)).build();
    private final DeviceIdentity device = Devices.newDevice(PKI);
    private final String telemetry = "devices/" + device.id().value() + "/telemetry";

    @Test
    void mqtt5DeviceIsToldTheReceiveMaximum() {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            MqttConnAckMessage ack = (MqttConnAckMessage) pipe.connectAs(MqttVersion.MQTT_5);

            assertThat(ack.variableHeader().properties().getProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value()).value())
                    .isEqualTo(2);
        }
    }

    @Test
    void mqtt5DeviceSendingMoreThanTheReceiveMaximumIsDisconnectedWith0x93() {
        cloud.autoAck = false;
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.connectAs(MqttVersion.MQTT_5);
            pipe.send(MqttPipe.publish(telemetry, 1, 1, "a")).send(MqttPipe.publish(telemetry, 2, 2, "b"));
            assertThat(pipe.isOpen()).isTrue();

            pipe.send(MqttPipe.publish(telemetry, 1, 3, "c"));

            assertThat(pipe.received()).singleElement().satisfies(m -> {
                assertThat(m.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
                assertThat(((MqttReasonCodeAndPropertiesVariableHeader) m.variableHeader()).reasonCode()).isEqualTo((byte) 0x93);
            });
            assertThat(pipe.isOpen()).isFalse();
            assertThat(cloud.last().published).hasSize(2);
            assertThat(stage.stats().get(MqttStats.Counter.RECEIVE_MAXIMUM_EXCEEDED)).isEqualTo(1);
        }
    }

    @Test
    void qos2CountsUntilPubcompIsSent() {
        MqttStage strict = MqttStage.builder().policy(Devices.policyStore(Limits.NONE)).cloud(cloud)
                .settings(MqttSettings.DEFAULTS.withReceiveMaximum(1)).build();
        try (MqttPipe pipe = new MqttPipe(strict, device)) {
            pipe.connectAs(MqttVersion.MQTT_5);
            pipe.send(MqttPipe.publish(telemetry, 2, 1, "a"));
            assertThat(types(pipe.received())).containsExactly(MqttMessageType.PUBREC);
            pipe.send(MqttPipe.reply(MqttMessageType.PUBREL, 1));
            assertThat(types(pipe.received())).containsExactly(MqttMessageType.PUBCOMP);

            pipe.send(MqttPipe.publish(telemetry, 2, 2, "b"));
            assertThat(types(pipe.received())).containsExactly(MqttMessageType.PUBREC);
            pipe.send(MqttPipe.publish(telemetry, 1, 3, "c"));

            assertThat(types(pipe.received())).containsExactly(MqttMessageType.DISCONNECT);
            assertThat(pipe.isOpen()).isFalse();
        }
    }

    @Test
    void answeredPublishesMakeRoomAgain() {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.connectAs(MqttVersion.MQTT_5);
            for (int id = 1; id <= 6; id++) {
                pipe.send(MqttPipe.publish(telemetry, 1, id, "x"));
                assertThat(types(pipe.received())).containsExactly(MqttMessageType.PUBACK);
            }
            assertThat(pipe.isOpen()).isTrue();
        }
    }

    @Test
    void mqtt311DeviceIsNotReadWhileFullButNotDisconnected() {
        cloud.autoAck = false;
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.connectAs(MqttVersion.MQTT_3_1_1);
            pipe.send(MqttPipe.publish(telemetry, 1, 1, "a")).send(MqttPipe.publish(telemetry, 1, 2, "b"));
            assertThat(pipe.gateway.config().isAutoRead()).isFalse();

            pipe.send(MqttPipe.publish(telemetry, 1, 3, "c"));
            assertThat(pipe.isOpen()).isTrue();

            cloud.last().ackNext();
            cloud.last().ackNext();
            cloud.last().ackNext();
            assertThat(types(pipe.received())).containsExactly(MqttMessageType.PUBACK, MqttMessageType.PUBACK, MqttMessageType.PUBACK);
            assertThat(pipe.gateway.config().isAutoRead()).isTrue();
        }
    }

    @Test
    void receiveMaximumZeroInConnectIsAProtocolError() {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            MqttProperties properties = new MqttProperties();
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(), 0));
            pipe.send(MqttPipe.connect(MqttVersion.MQTT_5, device.id().value(), 0).properties(properties).build());

            MqttConnAckMessage ack = (MqttConnAckMessage) pipe.received().get(0);
            assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_PROTOCOL_ERROR);
            assertThat(pipe.isOpen()).isFalse();
            assertThat(cloud.links).isEmpty();
        }
    }

    private static List<MqttMessageType> types(List<MqttMessage> packets) {
        return packets.stream().map(m -> m.fixedHeader().messageType()).toList();
    }
}
