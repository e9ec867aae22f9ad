package io.palisade.app.cli;

import static io.palisade.app.cli.GatewayProcess.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.palisade.app.gateway.Echo;
import io.palisade.app.gateway.TlsDevice;
import io.palisade.core.pki.PemFiles;
import io.palisade.testing.pki.HeldCert;
import io.palisade.testing.pki.TestPki;
import tools.jackson.databind.JsonNode;

/**
 * {@code palisade run} reloads as an operator expects: replacing the deny list (write aside,
 * rename over) cuts the listed device's live connection off within a second; a broken policy file
 * is refused with one WARN line naming file:line:col while the last good policy keeps admitting
 * devices; SIGHUP reloads every part; each outcome is counted in {@code palisade_reloads_total}.
 */
class RunReloadsOnFileReplacementAndSighupIT {

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void reloadsReplacedFilesAndEverythingOnSighup() throws Exception {
        TestPki acme = TestPki.create("acme");
        HeldCert device = acme.device().build();
        HeldCert other = acme.device().build();
        Files.writeString(dir.resolve("acme.pem"), TestPki.pem(acme.root().certificate()));
        Files.writeString(dir.resolve("deny.txt"), "# nobody\n");
        Path policies = Files.createDirectories(dir.resolve("policies.d"));

        try (Echo upstream = new Echo()) {
            Files.writeString(policies.resolve("10-sensors.yaml"), policy(upstream.port()));
            Files.writeString(dir.resolve("gateway.yaml"), """
                    apiVersion: palisade/v1
                    kind: Gateway
                    site: reload-site
                    state: state
                    tenants:
                      - name: acme
                        trust: acme.pem
                    denyList: deny.txt
                    policies: policies.d
                    listeners:
                      - name: plc
                        bind: 127.0.0.1:0
                        route: {to: "127.0.0.1:%d"}
                    admin:
                      bind: 127.0.0.1:0
                    """.formatted(upstream.port()));

            try (GatewayProcess gw = GatewayProcess.start(dir, "run", "-c", "gateway.yaml")) {
                int admin = port(gw.awaitJson(event("admin")).path("address").asString());
                int plc = port(gw.awaitJson(event("listening")).path("address").asString());
                assertThat(gw.awaitJson(event("policy")).path("enforcedOnRoutes").asBoolean()).isTrue();
                var gatewayRoot = PemFiles.readCertificate(dir.resolve("state/pki/root.crt"));
                HttpResponse<String> explained = get(admin, "/explain?device=" + device.deviceId()
                        + "&tenant=acme&product=sensor&request=connect+127.0.0.1:" + upstream.port());
                assertThat(explained.statusCode()).isEqualTo(200);
                assertThat(explained.body()).startsWith("decision: ALLOW by sensors/to-the-plc (policy generation 1)");
                assertThat(get(admin, "/explain?device=nope").statusCode()).isEqualTo(400);
                TlsDevice listed = new TlsDevice(device, gatewayRoot);
                TlsDevice bystander = new TlsDevice(other, gatewayRoot);

                try (TlsDevice.Connection live = listed.connect(plc); TlsDevice.Connection stays = bystander.connect(plc)) {
                    assertThat(live.echo("before")).isEqualTo("before");
                    assertThat(stays.echo("before")).isEqualTo("before");

                    long replaced = System.nanoTime();
                    replace(dir.resolve("deny.txt"), device.deviceId() + "  # stolen\n");
                    assertThat(live.ended()).isTrue();
                    assertThat(Duration.ofNanos(System.nanoTime() - replaced)).as("cut off within a second")
                            .isLessThan(Duration.ofSeconds(1));
                    assertThat(stays.echo("after")).isEqualTo("after");
                }
                JsonNode reloaded = gw.awaitJson(reloaded("denylist"));
                assertThat(reloaded.path("detail").asString()).contains("1 devices denied (1 added, 0 lifted)");

                replace(policies.resolve("10-sensors.yaml"), policy(upstream.port()).replace("action: allow", "action: permit"));
                JsonNode failed = gw.awaitJson(failed("policy"));
                assertThat(failed.path("level").asString()).isEqualTo("WARN");
                assertThat(failed.path("problems").get(0).asString())
                        .matches(".*policies\\.d/10-sensors\\.yaml:\\d+:\\d+: spec\\.rules\\[0\\]\\.action: permit .*");
                try (TlsDevice.Connection c = bystander.connect(plc)) {
                    assertThat(c.echo("last good")).as("the last good policy admits").isEqualTo("last good");
                }

                gw.hangUp();
                gw.awaitJson(event("sighup"));
                for (String what : new String[] {"identity", "trust"}) {
                    gw.awaitJson(reloaded(what));
                }
                await().atMost(GatewayProcess.BOUND).until(() -> gw.json().stream().filter(failed("policy")).count() == 2
                        && gw.json().stream().filter(reloaded("denylist")).count() == 2);
                assertThat(gw.json()).as("one WARN line per refused reload").filteredOn(n -> n.path("level").asString().equals("WARN"))
                        .hasSize(2).allSatisfy(n -> assertThat(failed("policy").test(n)).isTrue());

                String metrics = get(admin, "/metrics").body();
                assertThat(metrics).contains(
                        "palisade_reloads_total{result=\"failed\",what=\"policy\"} 2.0",
                        "palisade_reloads_total{result=\"ok\",what=\"denylist\"} 2.0",
                        "palisade_reloads_total{result=\"ok\",what=\"identity\"} 1.0",
                        "palisade_reloads_total{result=\"failed\",what=\"trust\"} 0.0");
                assertThat(gw.terminate(Duration.ofSeconds(15))).as(gw.stderr()).isZero();
            }
        }
    }

    private static Predicate<JsonNode> reloaded(String what) {
        return n -> event("reloaded").test(n) && what.equals(n.path("what").asString());
    }

    private static Predicate<JsonNode> failed(String what) {
        return n -> event("reload-failed").test(n) && what.equals(n.path("what").asString());
    }

    private static String policy(int port) {
        return """
                apiVersion: palisade/v1
                kind: DevicePolicy
                metadata:
                  name: sensors
                spec:
                  selector:
                    product: sensor
                  rules:
                    - name: to-the-plc
                      action: allow
                      to: [{cidr: 127.0.0.1/32, ports: [%d]}]
                """.formatted(port);
    }

    /** Write aside, then rename over the file: what config management and editors do. */
    private static void replace(Path target, String content) throws IOException {
        Path tmp = Files.writeString(target.resolveSibling("." + target.getFileName() + ".tmp"), content);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
