package io.palisade.adapters.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.palisade.adapters.mqtt.cloud.CloudMessage;
import io.palisade.adapters.mqtt.fixtures.Devices;
import io.palisade.adapters.mqtt.fixtures.FakeCloud;
import io.palisade.adapters.mqtt.fixtures.MqttPipe;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.policy.PolicyStore;
import io.palisade.core.policy.model.Limits;
import io.palisade.core.policy.model.MqttClause;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.PolicySet;
import io.palisade.core.policy.model.Rule;
import io.palisade.core.policy.model.Selector;
import io.palisade.testing.pki.TestPki;

/**
 * Cloud → device: at most a window of QoS 1/2 messages waits for the device's acknowledgement
 * (the device's MQTT 5 Receive Maximum, bounded by the gateway's), the rest wait in order in a
 * bounded queue, and the broker is acknowledged only for what the device acknowledged.
 */
class DeliveryWindowTest {

    private static final TestPki PKI = TestPki.create("acme");

    private final FakeCloud cloud = new FakeCloud();
    private final PolicyStore policy = Devices.policyStore(Limits.NONE);
    private final DeviceIdentity device = Devices.newDevice(PKI);
    private final String commands = "devices/" + device.id().value() + "/commands/";
    /** The numbers of the messages the broker was acknowledged for, in the order it was. */
    private final List<Integer> cloudAcked = new ArrayList<>();

    private MqttStage stage(int inflight, int queued) {
        return MqttStage.builder().policy(policy).cloud(cloud)
                .settings(MqttSettings.DEFAULTS.withMaxInflightToDevice(inflight).withMaxQueuedToDevice(queued)).build();
    }

    @ParameterizedTest(name = "{0}, device Receive Maximum {1}, gateway bound {2} → {3} in flight")
    @CsvSource({
            "MQTT_3_1_1, 0,  3, 3",
            "MQTT_5,     0,  3, 3",
            "MQTT_5,     2,  3, 2",
            "MQTT_5,     10, 3, 3",
            "MQTT_5,     1,  32, 1",
    })
    void windowIsTheSmallerOfTheDevicesReceiveMaximumAndTheGatewaysBound(MqttVersion version, int deviceMaximum, int bound, int expected) {
        MqttStage stage = stage(bound, 100);
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            connect(pipe, version, deviceMaximum);
            deliver(pipe, 1, 6, 1);

            assertThat(topics(pipe.received())).containsExactlyElementsOf(numbers(1, expected));
            assertThat(cloudAcked).isEmpty();
            assertThat(stage.stats().get(MqttStats.Counter.PUBLISHES_DOWN)).isEqualTo(expected);
        }
    }

    @Test
    void eachAcknowledgementReleasesTheNextInOrderAndOnlyItsOwnMessageIsAcknowledgedUpstream() {
        try (MqttPipe pipe = new MqttPipe(stage(2, 100), device)) {
            connect(pipe, MqttVersion.MQTT_3_1_1, 0);
            deliver(pipe, 1, 5, 1);
            List<MqttMessage> first = pipe.received();
            assertThat(topics(first)).containsExactly(1, 2);

            pipe.send(MqttPipe.reply(MqttMessageType.PUBACK, MqttPipe.packetId(first.get(1))));
            List<MqttMessage> third = pipe.received();
            assertThat(topics(third)).containsExactly(3);
            assertThat(cloudAcked).containsExactly(2);

            pipe.send(MqttPipe.reply(MqttMessageType.PUBACK, MqttPipe.packetId(first.get(0))));
            List<MqttMessage> fourth = pipe.received();
            pipe.send(MqttPipe.reply(MqttMessageType.PUBACK, MqttPipe.packetId(third.get(0))));
            assertThat(topics(fourth)).containsExactly(4);
            assertThat(topics(pipe.received())).containsExactly(5);
            assertThat(cloudAcked).containsExactly(2, 1, 3);
        }
    }

    @Test
    void qos2HoldsItsPlaceUntilPubcompButTheBrokerIsAcknowledgedAtPubrec() {
        try (MqttPipe pipe = new MqttPipe(stage(1, 100), device)) {
            connect(pipe, MqttVersion.MQTT_5, 0);
            deliver(pipe, 1, 2, 2);
            MqttMessage first = pipe.received().get(0);

            pipe.send(MqttPipe.reply(MqttMessageType.PUBREC, MqttPipe.packetId(first)));
            assertThat(pipe.received()).extracting(m -> m.fixedHeader().messageType()).containsExactly(MqttMessageType.PUBREL);
            assertThat(cloudAcked).containsExactly(1);

            pipe.send(MqttPipe.reply(MqttMessageType.PUBCOMP, MqttPipe.packetId(first)));
            assertThat(topics(pipe.received())).containsExactly(2);
        }
    }

    @Test
    void pubrecRefusingTheMessageEndsItsExchangeAndFreesItsPlace() {
        try (MqttPipe pipe = new MqttPipe(stage(1, 100), device)) {
            connect(pipe, MqttVersion.MQTT_5, 0);
            deliver(pipe, 1, 2, 2);
            int id = MqttPipe.packetId(pipe.received().get(0));

            pipe.send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBREC, false, MqttQoS.AT_MOST_ONCE, false, 0),
                    new MqttPubReplyMessageVariableHeader(id, (byte) 0x80, MqttProperties.NO_PROPERTIES)));

            assertThat(pipe.received()).singleElement().satisfies(m -> assertThat(topics(List.of(m))).containsExactly(2));
            assertThat(cloudAcked).containsExactly(1);
        }
    }

    @Test
    void aFullQueueHoldsTheBrokerBackUntilItIsDownToHalfAndNothingIsLost() {
        MqttStage stage = stage(2, 4);
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            connect(pipe, MqttVersion.MQTT_3_1_1, 0);
            deliver(pipe, 1, 5, 1);
            assertThat(cloud.last().holding).isFalse();
            deliver(pipe, 6, 6, 1);
            assertThat(cloud.last().holding).isTrue();

            List<MqttMessage> first = pipe.received();
            pipe.send(MqttPipe.reply(MqttMessageType.PUBACK, MqttPipe.packetId(first.get(0))));
            assertThat(cloud.last().holding).isTrue();
            pipe.send(MqttPipe.reply(MqttMessageType.PUBACK, MqttPipe.packetId(first.get(1))));
            assertThat(cloud.last().holding).isFalse();
            assertThat(cloud.last().holdChanges).isEqualTo(2);
            assertThat(stage.stats().get(MqttStats.Counter.CLOUD_HELD)).isEqualTo(1);

            List<Integer> delivered = new ArrayList<>(topics(first));
            for (List<MqttMessage> got = pipe.received(); !got.isEmpty(); got = pipe.received()) {
                delivered.addAll(topics(got));
                got.forEach(m -> pipe.send(MqttPipe.reply(MqttMessageType.PUBACK, MqttPipe.packetId(m))));
            }
            assertThat(delivered).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(cloudAcked).containsExactly(1, 2, 3, 4, 5, 6);
        }
    }

    @Test
    void whileTheDevicesOwnPublishesWaitForTheCloudTheBrokerIsNotHeld() {
        cloud.autoAck = false;
        MqttStage stage = MqttStage.builder().policy(policy).cloud(cloud).settings(MqttSettings.DEFAULTS
                .withMaxInflightToDevice(2).withMaxQueuedToDevice(4).withReceiveMaximum(1)).build();
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            connect(pipe, MqttVersion.MQTT_3_1_1, 0);
            deliver(pipe, 1, 6, 1);
            assertThat(cloud.last().holding).isTrue();

            pipe.send(MqttPipe.publish("devices/" + device.id().value() + "/telemetry", 1, 1, "up"));

            assertThat(pipe.gateway.config().isAutoRead()).isFalse();
            assertThat(cloud.last().holding).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}: disconnected, the broker keeps what it sent")
    @CsvSource({"MQTT_3_1_1", "MQTT_5"})
    void aDeviceThatCannotKeepUpWhileTheBrokerCannotBeHeldIsDisconnected(MqttVersion version) {
        cloud.autoAck = false;
        MqttStage stage = MqttStage.builder().policy(policy).cloud(cloud).settings(MqttSettings.DEFAULTS
                .withMaxInflightToDevice(2).withMaxQueuedToDevice(2).withReceiveMaximum(1)).build();
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            connect(pipe, version, 0);
            pipe.send(MqttPipe.publish("devices/" + device.id().value() + "/telemetry", 1, 1, "up"));
            deliver(pipe, 1, 6, 1);
            assertThat(pipe.isOpen()).isTrue();

            deliver(pipe, 7, 7, 1);

            assertThat(pipe.isOpen()).isFalse();
            assertThat(stage.stats().get(MqttStats.Counter.DOWNSTREAM_OVERFLOW)).isEqualTo(1);
            assertThat(cloudAcked).isEmpty();
            if (version == MqttVersion.MQTT_5) {
                assertThat(pipe.received()).last().satisfies(m -> assertThat(m.fixedHeader().messageType())
                        .isEqualTo(MqttMessageType.DISCONNECT));
            }
        }
    }

    @Test
    void qos0IsNotHeldBackByAFullWindow() {
        try (MqttPipe pipe = new MqttPipe(stage(1, 100), device)) {
            connect(pipe, MqttVersion.MQTT_3_1_1, 0);
            deliver(pipe, 1, 2, 1);
            deliver(pipe, 3, 3, 0);

            assertThat(topics(pipe.received())).containsExactly(1, 3);
            assertThat(cloudAcked).isEmpty();
        }
    }

    @Test
    void aWaitingMessageIsJudgedUnderThePolicyInForceWhenItLeaves() {
        MqttStage stage = stage(1, 100);
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            connect(pipe, MqttVersion.MQTT_3_1_1, 0);
            deliver(pipe, 1, 2, 1);
            MqttMessage first = pipe.received().get(0);
            policy.swap(PolicySet.of(Policy.of("telemetry-only", Selector.EVERY_DEVICE, List.of(
                    Rule.allow("up").mqtt(MqttClause.publish("devices/${device.id}/telemetry")).build()))));

            pipe.send(MqttPipe.reply(MqttMessageType.PUBACK, MqttPipe.packetId(first)));

            assertThat(pipe.received()).isEmpty();
            assertThat(cloudAcked).containsExactly(1, 2);
            assertThat(stage.stats().get(MqttStats.Counter.PUBLISHES_DENIED)).isEqualTo(1);
        }
    }

    private void connect(MqttPipe pipe, MqttVersion version, int receiveMaximum) {
        MqttProperties properties = new MqttProperties();
        if (receiveMaximum > 0) {
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(), receiveMaximum));
        }
        pipe.send(MqttPipe.connect(version, device.id().value(), 0).properties(properties).build());
        assertThat(pipe.received()).hasSize(1);
    }

    /** The broker sends messages {@code from..to} at {@code qos}, each on its own topic {@code commands/<n>}. */
    private void deliver(MqttPipe pipe, int from, int to, int qos) {
        for (int n = from; n <= to; n++) {
            int number = n;
            CloudMessage message = CloudMessage.text(commands + n, "m" + n, qos);
            pipe.gateway.eventLoop().execute(() -> cloud.last().listener.message(message, () -> cloudAcked.add(number)));
        }
        pipe.settle();
    }

    /** The numbers of the PUBLISHes among {@code packets}. */
    private List<Integer> topics(List<MqttMessage> packets) {
        return packets.stream().filter(MqttPublishMessage.class::isInstance).map(MqttPublishMessage.class::cast)
                .map(p -> Integer.parseInt(p.variableHeader().topicName().substring(commands.length()))).toList();
    }

    private static List<Integer> numbers(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).boxed().toList();
    }
}
