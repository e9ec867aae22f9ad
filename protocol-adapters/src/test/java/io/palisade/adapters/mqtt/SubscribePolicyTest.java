package io.palisade.adapters.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
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

/** SUBSCRIBE is judged per filter; messages from the cloud are judged again; a policy change revokes live subscriptions. */
class SubscribePolicyTest {

    private static final TestPki PKI = TestPki.create("acme");

    private final FakeCloud cloud = new FakeCloud();
    private final PolicyStore policy = Devices.policyStore(Limits.NONE);
    private final MqttStage stage = MqttStage.builder().policy(policy).cloud(cloud).build();
    private final DeviceIdentity device = Devices.newDevice(PKI);
    private final String commands = "devices/" + device.id().value() + "/commands";

    @ParameterizedTest(name = "{0}: own commands granted, another device''s refused with {1}")
    @CsvSource({"MQTT_3_1_1, 128", "MQTT_5, 135"})
    void eachFilterIsJudged(MqttVersion version, int deniedCode) {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.connectAs(version);
            pipe.send(MqttMessageBuilders.subscribe().messageId(4)
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, commands + "/#")
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "devices/+/commands/#")
                    .addSubscription(MqttQoS.AT_MOST_ONCE, "#").build());

            MqttSubAckMessage ack = (MqttSubAckMessage) pipe.received().get(0);
            assertThat(ack.variableHeader().messageId()).isEqualTo(4);
            assertThat(ack.payload().reasonCodes()).containsExactly(1, deniedCode, deniedCode);
            assertThat(cloud.last().subscribed).containsExactly(commands + "/#");
            assertThat(stage.stats().get(MqttStats.Counter.SUBSCRIPTIONS_DENIED)).isEqualTo(2);
        }
    }

    @Test
    void brokerRefusalIsPassedOn() {
        cloud.grant = 0x80;
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.connectAs(MqttVersion.MQTT_3_1_1);
            pipe.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE, commands + "/#").build());

            assertThat(((MqttSubAckMessage) pipe.received().get(0)).payload().reasonCodes()).containsExactly(0x80);
        }
    }

    @Test
    void cloudMessagesReachTheDeviceWithTheirQosAndAreAcknowledgedUpstreamOnlyOnceTheDeviceHasThem() {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.connectAs(MqttVersion.MQTT_3_1_1);
            subscribe(pipe, commands + "/#");
            AtomicInteger acked = new AtomicInteger();

            deliver(pipe, CloudMessage.text(commands + "/reboot", "now", 1), acked);
            List<MqttMessage> got = pipe.received();

            assertThat(got).singleElement().isInstanceOfSatisfying(MqttPublishMessage.class, p -> {
                assertThat(p.variableHeader().topicName()).isEqualTo(commands + "/reboot");
                assertThat(p.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
            });
            assertThat(acked).hasValue(0);

            pipe.send(MqttPipe.reply(MqttMessageType.PUBACK, MqttPipe.packetId(got.get(0))));
            assertThat(acked).hasValue(1);
        }
    }

    @Test
    void cloudMessageOnATopicTheDeviceMayNotReadIsDroppedAndAcknowledged() {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.connectAs(MqttVersion.MQTT_3_1_1);
            AtomicInteger acked = new AtomicInteger();

            deliver(pipe, CloudMessage.text("devices/other/commands/reboot", "now", 1), acked);

            assertThat(pipe.received()).isEmpty();
            assertThat(acked).hasValue(1);
            assertThat(stage.stats().get(MqttStats.Counter.PUBLISHES_DENIED)).isEqualTo(1);
        }
    }

    @Test
    void policyChangeRevokesLiveSubscriptionsAndTheirMessagesStop() {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.connectAs(MqttVersion.MQTT_3_1_1);
            subscribe(pipe, commands + "/#");
            policy.addListener(stage.policyListener());

            policy.swap(PolicySet.of(Policy.of("telemetry-only", Selector.EVERY_DEVICE, List.of(
                    Rule.allow("up").mqtt(MqttClause.publish("devices/${device.id}/telemetry")).build()))));
            pipe.settle();

            assertThat(cloud.last().unsubscribed).containsExactly(commands + "/#");
            assertThat(stage.stats().get(MqttStats.Counter.SUBSCRIPTIONS_REVOKED)).isEqualTo(1);
            AtomicInteger acked = new AtomicInteger();
            deliver(pipe, CloudMessage.text(commands + "/reboot", "now", 1), acked);
            assertThat(pipe.received()).isEmpty();
        }
    }

    @Test
    void unsubscribeIsRelayedAndAnswered() {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.connectAs(MqttVersion.MQTT_5);
            subscribe(pipe, commands + "/#");
            pipe.send(MqttMessageBuilders.unsubscribe().messageId(12).addTopicFilter(commands + "/#").build());

            assertThat(pipe.received()).singleElement().satisfies(m -> {
                assertThat(m.fixedHeader().messageType()).isEqualTo(MqttMessageType.UNSUBACK);
                assertThat(MqttPipe.packetId(m)).isEqualTo(12);
            });
            assertThat(cloud.last().unsubscribed).containsExactly(commands + "/#");
        }
    }

    @Test
    void lostCloudSessionIsSubscribedAgain() {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.connectAs(MqttVersion.MQTT_3_1_1);
            subscribe(pipe, commands + "/#");
            cloud.last().drop();
            cloud.last().restore(false);
            pipe.settle();

            assertThat(cloud.last().subscribed).containsExactly(commands + "/#", commands + "/#");
        }
    }

    private void subscribe(MqttPipe pipe, String filter) {
        pipe.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE, filter).build());
        assertThat(((MqttSubAckMessage) pipe.received().get(0)).payload().reasonCodes()).containsExactly(1);
    }

    private void deliver(MqttPipe pipe, CloudMessage message, AtomicInteger acked) {
        pipe.gateway.eventLoop().execute(() -> cloud.last().listener.message(message, acked::incrementAndGet));
        pipe.settle();
    }

    static Clock clock() {
        return Clock.systemUTC();
    }
}
