package io.palisade.adapters.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.palisade.adapters.mqtt.fixtures.Devices;
import io.palisade.adapters.mqtt.fixtures.FakeCloud;
import io.palisade.adapters.mqtt.fixtures.MqttPipe;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.policy.model.Limits;
import io.palisade.testing.pki.TestPki;

/** Oversized and malformed packets close the connection; a device silent past 1.5 × keepalive is closed. */
class BoundsAndKeepAliveTest {

    private static final TestPki PKI = TestPki.create("acme");

    private final FakeCloud cloud = new FakeCloud();
    private final MqttStage stage = MqttStage.builder().policy(Devices.policyStore(Limits.NONE)).cloud(cloud)
            .settings(MqttSettings.DEFAULTS.withMaxPacketBytes(4096)).build();
    private final DeviceIdentity device = Devices.newDevice(PKI);
    private final String telemetry = "devices/" + device.id().value() + "/telemetry";

    @Test
    void oversizedPublishClosesTheConnection() {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.connectAs(MqttVersion.MQTT_3_1_1);
            pipe.send(MqttPipe.publish(telemetry, 1, 1, "x".repeat(5000)));

            assertThat(pipe.isOpen()).isFalse();
            assertThat(cloud.last().published).isEmpty();
            assertThat(stage.stats().get(MqttStats.Counter.MALFORMED_PACKETS)).isEqualTo(1);
        }
    }

    @Test
    void oversizedHeaderAloneClosesBeforeThePayloadArrives() {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.connectAs(MqttVersion.MQTT_3_1_1);
            // PUBLISH QoS 0 announcing 100 MiB (remaining length 0x80 0x80 0x80 0x32), nothing after it
            pipe.sendRaw(new byte[] {0x30, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x32});

            assertThat(pipe.isOpen()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "\u00e0\u00ff\u00ff\u00ff\u00ff\u00ff"})
    void malformedBytesClose(String text) {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.connectAs(MqttVersion.MQTT_3_1_1);
            pipe.sendRaw(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

            assertThat(pipe.isOpen()).isFalse();
        }
    }

    @Test
    void clientIdLongerThanTheBoundIsRefused() {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.send(MqttPipe.connect(MqttVersion.MQTT_5, "d".repeat(200), 30).build());

            assertThat(pipe.isOpen()).isFalse();
            assertThat(cloud.links).isEmpty();
        }
    }

    @Test
    void silentDeviceIsClosedAfterOneAndAHalfKeepalives() {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.send(MqttPipe.connect(MqttVersion.MQTT_3_1_1, device.id().value(), 10).build());
            pipe.received();

            pipe.advance(14_900, TimeUnit.MILLISECONDS);
            assertThat(pipe.isOpen()).isTrue();

            pipe.advance(200, TimeUnit.MILLISECONDS);
            assertThat(pipe.isOpen()).isFalse();
            assertThat(stage.stats().get(MqttStats.Counter.KEEPALIVE_TIMEOUTS)).isEqualTo(1);
        }
    }

    @Test
    void pingsKeepTheDeviceConnected() {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.send(MqttPipe.connect(MqttVersion.MQTT_5, device.id().value(), 10).build());
            pipe.received();
            for (int i = 0; i < 5; i++) {
                pipe.advance(10, TimeUnit.SECONDS);
                pipe.send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0)));
                assertThat(pipe.received()).extracting(m -> m.fixedHeader().messageType()).containsExactly(MqttMessageType.PINGRESP);
            }
            assertThat(pipe.isOpen()).isTrue();
        }
    }

    @Test
    void keepaliveZeroTurnsTheCheckOff() {
        try (MqttPipe pipe = new MqttPipe(stage, device)) {
            pipe.connectAs(MqttVersion.MQTT_3_1_1);
            pipe.advance(1, TimeUnit.HOURS);

            assertThat(pipe.isOpen()).isTrue();
            assertThat(pipe.gateway.pipeline().get(KeepAliveHandler.NAME)).isNull();
        }
    }
}
