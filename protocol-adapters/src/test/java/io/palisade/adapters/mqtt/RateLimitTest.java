package io.palisade.adapters.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.netty.handler.codec.mqtt.MqttVersion;
import io.palisade.adapters.mqtt.fixtures.Devices;
import io.palisade.adapters.mqtt.fixtures.FakeCloud;
import io.palisade.adapters.mqtt.fixtures.MqttPipe;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.policy.model.Limits;
import io.palisade.testing.pki.TestPki;

/** The policy's messagesPerSecond and bytesPerSecond shape a device: reading pauses, nothing is dropped. */
class RateLimitTest {

    private static final TestPki PKI = TestPki.create("acme");

    private final FakeCloud cloud = new FakeCloud();
    private final DeviceIdentity device = Devices.newDevice(PKI);
    private final String telemetry = "devices/" + device.id().value() + "/telemetry";

    @Test
    void overTheMessageRateReadingPausesUntilTheBudgetRefills() {
        MqttStage stage = MqttStage.builder().policy(Devices.policyStore(Limits.of(null, 2, null))).cloud(cloud).build();
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.connectAs(MqttVersion.MQTT_3_1_1);
            pipe.send(MqttPipe.publish(telemetry, 1, 1, "a")).send(MqttPipe.publish(telemetry, 1, 2, "b"));
            assertThat(pipe.gateway.config().isAutoRead()).isTrue();

            pipe.send(MqttPipe.publish(telemetry, 1, 3, "c"));
            assertThat(pipe.gateway.config().isAutoRead()).isFalse();
            assertThat(cloud.last().published).hasSize(3);
            assertThat(stage.stats().get(MqttStats.Counter.RATE_LIMITED)).isEqualTo(1);

            pipe.advance(600, TimeUnit.MILLISECONDS);
            assertThat(pipe.gateway.config().isAutoRead()).isTrue();
        }
    }

    @Test
    void overTheByteRateReadingPauses() {
        MqttStage stage = MqttStage.builder().policy(Devices.policyStore(Limits.of(null, null, 1000L))).cloud(cloud).build();
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.connectAs(MqttVersion.MQTT_3_1_1);
            pipe.send(MqttPipe.publish(telemetry, 0, 0, "x".repeat(1500)));
            assertThat(pipe.gateway.config().isAutoRead()).isFalse();

            pipe.advance(499, TimeUnit.MILLISECONDS);
            assertThat(pipe.gateway.config().isAutoRead()).isFalse();
            pipe.advance(2, TimeUnit.MILLISECONDS);
            assertThat(pipe.gateway.config().isAutoRead()).isTrue();
        }
    }

    @Test
    void noLimitsNoPause() {
        MqttStage stage = MqttStage.builder().policy(Devices.policyStore(Limits.NONE)).cloud(cloud).build();
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.connectAs(MqttVersion.MQTT_3_1_1);
            for (int i = 1; i <= 50; i++) {
                pipe.send(MqttPipe.publish(telemetry, 1, i, "x"));
            }
            assertThat(pipe.gateway.config().isAutoRead()).isTrue();
            assertThat(pipe.received()).hasSize(50);
        }
    }
}
