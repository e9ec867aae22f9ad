package io.palisade.adapters.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.palisade.adapters.mqtt.fixtures.Devices;
import io.palisade.adapters.mqtt.fixtures.FakeCloud;
import io.palisade.adapters.mqtt.fixtures.MqttPipe;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.policy.Decision;
import io.palisade.core.policy.Request;
import io.palisade.core.policy.model.Limits;
import io.palisade.testing.pki.TestPki;

/** Every PUBLISH from a device is judged; allowed ones are acknowledged only once the cloud has them. */
class PublishPolicyTest {

    private static final TestPki PKI = TestPki.create("acme");

    private final FakeCloud cloud = new FakeCloud();
    private final List<String> audit = new ArrayList<>();
    private final DeviceIdentity device = Devices.newDevice(PKI);
    private final String telemetry = "devices/" + device.id().value() + "/telemetry";

    private MqttStage stage(DeniedPublishAction action) {
        return MqttStage.builder().policy(Devices.policyStore(Limits.NONE)).cloud(cloud)
                .settings(MqttSettings.DEFAULTS.withDeniedPublish(action))
                .events(new MqttEvents() {
                    @Override
                    public void denied(DeviceId id, Request request, Decision decision) {
                        audit.add(id.value().substring(0, 8) + " " + request + " " + decision.ruleName());
                    }
                }).build();
    }

    @Test
    void allowedQos1IsAcknowledgedOnlyOnceTheCloudHasIt() {
        cloud.autoAck = false;
        try (MqttPipe pipe = new MqttPipe(stage(DeniedPublishAction.DROP), device)) {
            pipe.connectAs(MqttVersion.MQTT_3_1_1);
            pipe.send(MqttPipe.publish(telemetry, 1, 1, "21.5"));

            assertThat(pipe.received()).isEmpty();
            assertThat(cloud.last().published).singleElement().satisfies(m -> {
                assertThat(m.topic()).isEqualTo(telemetry);
                assertThat(m.qos()).isEqualTo(1);
                assertThat(m.payloadText()).isEqualTo("21.5");
            });

            cloud.last().ackNext();

            assertThat(pipe.received()).singleElement().satisfies(m -> {
                assertThat(m.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK);
                assertThat(MqttPipe.packetId(m)).isEqualTo(1);
            });
        }
    }

    @Test
    void acknowledgementsFollowTheDeviceOrderEvenWhenTheCloudAnswersOutOfOrder() {
        cloud.autoAck = false;
        try (MqttPipe pipe = new MqttPipe(stage(DeniedPublishAction.DROP), device)) {
            pipe.connectAs(MqttVersion.MQTT_5);
            pipe.send(MqttPipe.publish(telemetry, 1, 1, "a")).send(MqttPipe.publish(telemetry, 1, 2, "b"));
            var second = cloud.last().pending.remove(1);
            pipe.gateway.eventLoop().execute(() -> second.complete(null));

            assertThat(pipe.received()).isEmpty();

            cloud.last().ackNext();
            assertThat(pipe.received()).extracting(MqttPipe::packetId).containsExactly(1, 2);
        }
    }

    @Test
    void qos2IsRecordedOnceAndCompletedByPubrel() {
        try (MqttPipe pipe = new MqttPipe(stage(DeniedPublishAction.DROP), device)) {
            pipe.connectAs(MqttVersion.MQTT_3_1_1);
            pipe.send(MqttPipe.publish(telemetry, 2, 9, "x"));
            assertThat(pipe.received()).extracting(m -> m.fixedHeader().messageType()).containsExactly(MqttMessageType.PUBREC);

            pipe.send(MqttPipe.publish(telemetry, 2, 9, "x"));
            assertThat(pipe.received()).extracting(m -> m.fixedHeader().messageType()).containsExactly(MqttMessageType.PUBREC);

            pipe.send(MqttPipe.reply(MqttMessageType.PUBREL, 9));
            assertThat(pipe.received()).extracting(m -> m.fixedHeader().messageType()).containsExactly(MqttMessageType.PUBCOMP);
            assertThat(cloud.last().published).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0} qos {1}, 3.1.1 action {2} → {3}")
    @CsvSource({
            "MQTT_5,     1, DROP,       PUBACK 135",
            "MQTT_5,     2, DROP,       PUBREC 135",
            "MQTT_5,     0, DROP,       nothing",
            "MQTT_3_1_1, 1, DROP,       PUBACK 0",
            "MQTT_3_1_1, 2, DROP,       PUBREC 0",
            "MQTT_3_1_1, 0, DROP,       nothing",
            "MQTT_3_1_1, 1, DISCONNECT, closed",
            "MQTT_5,     1, DISCONNECT, PUBACK 135",
    })
    void deniedPublishGetsTheRightAnswerAndNeverReachesTheCloud(MqttVersion version, int qos, DeniedPublishAction action, String expected) {
        MqttStage stage = stage(action);
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.connectAs(version);
            DeviceIdentity other = Devices.newDevice(PKI);
            pipe.send(MqttPipe.publish("devices/" + other.id().value() + "/telemetry", qos, qos == 0 ? 0 : 5, "spoof"));

            List<MqttMessage> replies = pipe.received();
            switch (expected) {
                case "nothing" -> assertThat(replies).isEmpty();
                case "closed" -> assertThat(pipe.isOpen()).isFalse();
                default -> assertThat(replies).singleElement().satisfies(m -> assertThat(
                        m.fixedHeader().messageType() + " " + MqttPipe.reason(m)).isEqualTo(expected));
            }
            assertThat(cloud.last().published).isEmpty();
            assertThat(stage.stats().get(MqttStats.Counter.PUBLISHES_DENIED)).isEqualTo(1);
            assertThat(audit).singleElement().asString().contains("mqtt publish devices/" + other.id().value())
                    .endsWith(Decision.DEFAULT_RULE);
        }
    }

    @Test
    void topicLongerThanTheBoundCloses() {
        MqttStage stage = MqttStage.builder().policy(Devices.policyStore(Limits.NONE)).cloud(cloud)
                .settings(MqttSettings.DEFAULTS.withMaxTopicLength(100)).build();
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.connectAs(MqttVersion.MQTT_3_1_1);
            pipe.send(MqttPipe.publish(telemetry + "/" + "x".repeat(100), 0, 0, "x"));

            assertThat(pipe.isOpen()).isFalse();
        }
    }

    @Test
    void retainFlagTravelsToTheCloud() {
        try (MqttPipe pipe = new MqttPipe(stage(DeniedPublishAction.DROP), device)) {
            pipe.connectAs(MqttVersion.MQTT_3_1_1);
            pipe.send(io.netty.handler.codec.mqtt.MqttMessageBuilders.publish().topicName(telemetry).retained(true)
                    .qos(io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE).messageId(3)
                    .payload(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {1})).build());

            assertThat(cloud.last().published).singleElement().satisfies(m -> assertThat(m.retain()).isTrue());
        }
    }
}
