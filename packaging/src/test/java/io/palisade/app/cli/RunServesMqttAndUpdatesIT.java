package io.palisade.app.cli;

import static io.palisade.app.cli.GatewayProcess.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.palisade.adapters.update.DirectoryManifestSource;
import io.palisade.core.pki.KeyPairs;
import io.palisade.core.update.ImageDigest;
import io.palisade.core.update.ImageEntry;
import io.palisade.core.update.Manifest;
import io.palisade.core.update.ManifestSigner;
import io.palisade.core.update.ManifestTarget;
import io.palisade.core.update.SignedManifest;

/**
 * {@code palisade run} with {@code serve: [mqtt]} and {@code serve: [connect, updates, est]} and no
 * cloud configured: the real {@code mosquitto_pub} of one device publishes through the gateway to
 * the embedded broker, the real {@code mosquitto_sub} of another device, through the gateway too,
 * receives it; a publish to another device's topic is refused (MQTT 5: Not authorized), written as one
 * {@code mqtt-denied} audit line and counted on {@code /metrics}; the real {@code curl} downloads a
 * vendor-signed manifest from {@code <state>/updates}.
 */
class RunServesMqttAndUpdatesIT {

    private static final String TOPIC = "fleet/broadcast";

    @TempDir
    Path dir;

    @Test
    void devicesPublishAndReceiveThroughTheEmbeddedBrokerAndDownloadAManifest() throws Exception {
        Path pki = dir.resolve("state/pki");
        assertThat(Cli.run("pki", "init", pki.toString(), "--tenant", "acme").exitCode()).isZero();
        Device publisher = device(pki, "publisher");
        Device subscriber = device(pki, "subscriber");
        KeyPair vendor = KeyPairs.p256();
        Files.writeString(dir.resolve("vendor.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(vendor.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        SignedManifest manifest = publishManifest(vendor);
        writePolicy();
        Files.writeString(dir.resolve("gateway.yaml"), """
                apiVersion: palisade/v1
                kind: Gateway
                site: it-site
                state: state
                tenants:
                  - {name: acme, trust: local}
                policies: policies.d
                registry: devices.yaml
                listeners:
                  - {name: devices, bind: 127.0.0.1:0, serve: [connect, updates, est]}
                  - {name: mqtt, bind: 127.0.0.1:0, serve: [mqtt]}
                cloud:
                  updates: {vendorKeys: [vendor.pem]}
                admin:
                  bind: 127.0.0.1:0
                """);

        try (GatewayProcess gw = GatewayProcess.start(dir, "run", "-c", "gateway.yaml")) {
            int mqtt = port(gw.awaitJson(n -> event("listening").test(n) && n.path("listener").asString().equals("mqtt")));
            int https = port(gw.awaitJson(n -> event("listening").test(n) && n.path("listener").asString().equals("devices")));
            Path received = dir.resolve("received.txt");
            Process sub = new ProcessBuilder(mosquitto("mosquitto_sub", subscriber, mqtt, List.of("-t", TOPIC, "-q", "1", "-C", "1")))
                    .redirectOutput(received.toFile()).redirectErrorStream(false)
                    .redirectError(dir.resolve("sub.err").toFile()).start();
            try {
                await().atMost(GatewayProcess.BOUND).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                    Processes.Result pub = Processes.run(dir, mosquitto("mosquitto_pub", publisher, mqtt,
                            List.of("-t", TOPIC, "-q", "1", "-m", "hello fleet")));
                    assertThat(pub.exitCode()).as(pub.output()).isZero();
                    assertThat(Files.readString(received)).isEqualTo("hello fleet\n");
                });
            } finally {
                sub.destroy();
            }

            String otherTopic = "devices/" + subscriber.id() + "/cmd";
            Processes.Result denied = Processes.run(dir, mosquitto("mosquitto_pub", publisher, mqtt, "mqttv5",
                    List.of("-t", otherTopic, "-q", "1", "-m", "not yours")));
            assertThat(denied.output()).contains("Not authorized");
            tools.jackson.databind.JsonNode audit = gw.awaitJson(event("mqtt-denied"));
            assertThat(audit.path("level").asString()).isEqualTo("WARN");
            assertThat(audit.path("device").asString()).isEqualTo(publisher.id());
            assertThat(audit.path("kind").asString()).isEqualTo("publish");
            assertThat(audit.path("topic").asString()).isEqualTo(otherTopic);
            assertThat(audit.path("rule").asString()).isEqualTo("default");
            assertThat(audit.has("stack_trace")).isFalse();
            assertThat(gw.json().stream().filter(event("mqtt-denied"))).hasSize(1);

            Processes.Result curl = Processes.run(dir, List.of("curl", "-sS", "--fail", "--max-time", "20",
                    "--cacert", pki.resolve("root.crt").toString(),
                    "--cert", publisher.chain().toString(), "--key", publisher.key().toString(),
                    "https://127.0.0.1:" + https + "/updates/v1/sensor/stable/manifest"));
            assertThat(curl.exitCode()).as(curl.output()).isZero();
            assertThat(curl.output()).isEqualTo(new String(manifest.document(), StandardCharsets.US_ASCII));

            String adminAddress = gw.awaitJson(event("admin")).path("address").asString();
            int admin = Integer.parseInt(adminAddress.substring(adminAddress.lastIndexOf(':') + 1));
            String status = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + admin + "/status")).timeout(Duration.ofSeconds(10)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(status).contains("\"updates\"", "\"product\":\"sensor\"", "\"channel\":\"stable\"",
                    "\"version\":" + manifest.manifest().version(), "\"serving\":true", "\"routeTo\":\"(services)\"");
            String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + admin + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("palisade_mqtt_denied_total{kind=\"publish\",rule=\"default\"} 1.0",
                    "palisade_update_manifest_fetches_total ",
                    "palisade_update_manifest_failures_total 0.0", "palisade_update_image_origin_fetches_total ");

            assertThat(gw.terminate(Duration.ofSeconds(15))).as("exit code; stderr: %s", gw.stderr()).isZero();
        }
    }

    private record Device(String id, Path chain, Path key) {}

    private Device device(Path pki, String name) throws Exception {
        Path out = dir.resolve(name);
        Cli.Result issued = Cli.run("device", "issue", "--ca", pki.toString(), "--out", out.toString(), "--product", "sensor");
        assertThat(issued.exitCode()).as(issued.all()).isZero();
        Path chain = out.resolve("chain.pem");
        Files.writeString(chain, Files.readString(out.resolve("device.crt")) + Files.readString(pki.resolve("devices-ca.crt")));
        return new Device(issued.out().strip(), chain, out.resolve("device.key"));
    }

    private List<String> mosquitto(String client, Device device, int port, List<String> args) {
        return mosquitto(client, device, port, "mqttv311", args);
    }

    private List<String> mosquitto(String client, Device device, int port, String version, List<String> args) {
        List<String> command = new ArrayList<>(List.of(client, "-h", "127.0.0.1", "-p", String.valueOf(port), "-V", version,
                "-i", device.id(), "--cafile", dir.resolve("state/pki/root.crt").toString(),
                "--cert", device.chain().toString(), "--key", device.key().toString()));
        command.addAll(args);
        return command;
    }

    private SignedManifest publishManifest(KeyPair vendor) throws Exception {
        Path updates = dir.resolve("state/updates");
        byte[] image = "firmware 1.0\n".getBytes(StandardCharsets.US_ASCII);
        ImageDigest digest = ImageDigest.of(image);
        Files.createDirectories(updates.resolve("sha256"));
        Files.write(updates.resolve("sha256").resolve(digest.hex()), image);
        ManifestTarget target = new ManifestTarget("sensor", "stable");
        SignedManifest signed = ManifestSigner.of(vendor.getPrivate(), vendor.getPublic()).sign(new Manifest(target, 1,
                Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS),
                List.of(new ImageEntry("firmware.bin", digest, image.length))));
        Path file = new DirectoryManifestSource(updates).pathOf(target);
        Files.createDirectories(file.getParent());
        Files.write(file, signed.document());
        return signed;
    }

    private void writePolicy() throws Exception {
        Files.createDirectories(dir.resolve("policies.d"));
        Files.writeString(dir.resolve("policies.d/10-sensors.yaml"), """
                apiVersion: palisade/v1
                kind: DevicePolicy
                metadata: {name: sensors}
                spec:
                  selector: {tenant: acme, product: sensor}
                  rules:
                    - name: fleet-broadcast
                      action: allow
                      mqtt:
                        publish: ["%s"]
                        subscribe: ["%s"]
                    - name: firmware
                      action: allow
                      updates: {channels: [stable]}
                """.formatted(TOPIC, TOPIC));
        Files.writeString(dir.resolve("devices.yaml"), "apiVersion: palisade/v1\nkind: DeviceRegistry\ndevices: {}\n");
    }

    private static int port(tools.jackson.databind.JsonNode listening) {
        String address = listening.path("address").asString();
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
