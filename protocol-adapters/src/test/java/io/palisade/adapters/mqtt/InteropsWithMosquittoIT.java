package io.palisade.adapters.mqtt;

import static io.palisade.adapters.mqtt.fixtures.Programs.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.palisade.adapters.mqtt.fixtures.MqttGateway;
import io.palisade.adapters.mqtt.fixtures.Mosquitto;
import io.palisade.adapters.mqtt.fixtures.Programs;
import io.palisade.core.policy.model.Limits;
import io.palisade.testing.pki.HeldCert;

/**
 * Real programs we did not write: Mosquitto as the cloud broker, mosquitto_pub/mosquitto_sub with
 * --cert/--key/--cafile as devices through the gateway, MQTT 3.1.1 and 5. Allowed telemetry reaches
 * the cloud and commands reach the device; another device's topic is denied; a spoofed client id
 * is refused.
 */
class InteropsWithMosquittoIT {

    @TempDir
    Path dir;

    private Mosquitto cloud;
    private MqttGateway gw;

    @BeforeEach
    void start() {
        cloud = Mosquitto.start(dir);
        gw = new MqttGateway(cloud.asCloud(), null, Limits.NONE);
    }

    @AfterEach
    void stop() throws InterruptedException {
        gw.close();
        cloud.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv311", "mqttv5"})
    void devicesThroughTheGatewayAndTheCloudBrokerTalk(String version) throws Exception {
        // each device uses one connection at a time: a second connection with the same id takes the session over
        HeldCert device = gw.pki.device().build();
        HeldCert other = gw.pki.device().build();
        String id = device.deviceId();
        List<String> tls = Programs.tlsArgs(dir, "dev", device, gw.serverRoot);
        List<String> otherTls = Programs.tlsArgs(dir, "other", other, gw.serverRoot);
        String gwPort = Integer.toString(gw.port());
        String cloudPort = Integer.toString(cloud.port());

        // telemetry up: a cloud application subscribed at Mosquitto receives what the device publishes
        Process sink = Programs.start(dir, "sink", cmd("mosquitto_sub", List.of(), "-h", "127.0.0.1", "-p", cloudPort,
                "-t", "devices/+/telemetry", "-q", "1", "-C", "1", "-W", "15", "-v"));
        String otherId = other.deviceId();
        Process commands = Programs.start(dir, "commands", cmd("mosquitto_sub", otherTls, "-h", "127.0.0.1", "-p", gwPort,
                "-V", version, "-i", otherId, "-t", "devices/" + otherId + "/commands/#", "-q", "1", "-C", "1", "-W", "15", "-v"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> gw.stage.sessions() == 1);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> Programs.run(dir, "probe",
                cmd("mosquitto_pub", List.of(), "-h", "127.0.0.1", "-p", cloudPort, "-t", "probe", "-m", "x"), 5).exit() == 0);

        Programs.Result up = Programs.run(dir, "up", cmd("mosquitto_pub", tls, "-h", "127.0.0.1", "-p", gwPort, "-V", version,
                "-i", id, "-t", "devices/" + id + "/telemetry", "-m", "21.5", "-q", "1"), 15);
        assertThat(up.exit()).as(up.output()).isZero();
        Programs.Result sunk = Programs.finish(dir, "sink", sink, 15);
        assertThat(sunk.output()).contains("devices/" + id + "/telemetry 21.5");

        Programs.Result command = Programs.run(dir, "cmd", cmd("mosquitto_pub", List.of(), "-h", "127.0.0.1", "-p", cloudPort,
                "-t", "devices/" + otherId + "/commands/reboot", "-m", "now", "-q", "1"), 15);
        assertThat(command.exit()).isZero();
        assertThat(Programs.finish(dir, "commands", commands, 15).output()).contains("devices/" + otherId + "/commands/reboot now");

        // another device's topic: denied (MQTT 5 sees the reason; 3.1.1 is acknowledged and dropped) and never at the cloud
        Process spy = Programs.start(dir, "spy", cmd("mosquitto_sub", List.of(), "-h", "127.0.0.1", "-p", cloudPort,
                "-t", "devices/" + otherId + "/telemetry", "-q", "1", "-C", "1", "-W", "3"));
        Programs.Result denied = Programs.run(dir, "denied", cmd("mosquitto_pub", tls, "-h", "127.0.0.1", "-p", gwPort,
                "-V", version, "-i", id, "-t", "devices/" + other.deviceId() + "/telemetry", "-m", "spoof", "-q", "1"), 15);
        if (version.equals("mqttv5")) {
            assertThat(denied.output()).containsIgnoringCase("not authorized");
        }
        Programs.Result spied = Programs.finish(dir, "spy", spy, 10);
        assertThat(spied.output()).doesNotContain("spoof");
        assertThat(gw.stage.stats().get(MqttStats.Counter.PUBLISHES_DENIED)).isEqualTo(1);

        // a device claiming another device's client id is refused
        Programs.Result spoofed = Programs.run(dir, "spoofed", cmd("mosquitto_pub", tls, "-h", "127.0.0.1", "-p", gwPort,
                "-V", version, "-i", other.deviceId(), "-t", "devices/" + other.deviceId() + "/telemetry", "-m", "x", "-q", "1"), 15);
        assertThat(spoofed.exit()).isNotZero();
        assertThat(spoofed.output()).containsIgnoringCase(version.equals("mqttv5") ? "client identifier not valid" : "identifier rejected");
    }
}
