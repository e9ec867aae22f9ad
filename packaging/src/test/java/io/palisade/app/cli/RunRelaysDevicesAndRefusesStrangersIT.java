package io.palisade.app.cli;

import static io.palisade.app.cli.GatewayProcess.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.palisade.testing.pki.HeldCert;
import io.palisade.testing.pki.TestPki;
import tools.jackson.databind.JsonNode;

/**
 * {@code palisade run} as an operator runs it: a site whose local CA was made with
 * {@code palisade pki init}, one listener with a fixed route to a TCP echo upstream, a deny list,
 * the admin endpoint. A device of the site is relayed (real {@code openssl s_client}); a device
 * of a foreign CA and a deny-listed one are refused, each visible as one JSON WARN line with its
 * reason and in {@code /metrics}; {@code /status} lists the listener; SIGTERM stops it with exit 0.
 */
class RunRelaysDevicesAndRefusesStrangersIT {

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void relaysTheSitesDeviceRefusesStrangersAndStopsOnSigterm() throws Exception {
        Path pki = dir.resolve("state/pki");
        assertThat(Cli.run("pki", "init", pki.toString(), "--tenant", "acme").exitCode()).isZero();
        OpensslDevice good = localDevice(pki, "good");
        OpensslDevice denied = localDevice(pki, "denied");
        String deniedId = Files.readString(dir.resolve("denied/id.txt")).strip();
        Files.writeString(dir.resolve("deny.txt"), "# lost in transit\n" + deniedId + "  # pallet 7\n");
        OpensslDevice foreign = foreignDevice();

        try (EchoUpstream upstream = new EchoUpstream()) {
            Files.writeString(dir.resolve("gateway.yaml"), """
                    apiVersion: palisade/v1
                    kind: Gateway
                    site: it-site
                    state: state
                    identity: local
                    tenants:
                      - name: acme
                        trust: local
                    denyList: deny.txt
                    listeners:
                      - name: plc
                        bind: 127.0.0.1:0
                        route: {to: "127.0.0.1:%d"}
                    admin:
                      bind: 127.0.0.1:0
                    """.formatted(upstream.port()));

            try (GatewayProcess gw = GatewayProcess.start(dir, "run", "-c", "gateway.yaml")) {
                int admin = port(gw.awaitJson(event("admin")).path("address").asString());
                JsonNode listening = gw.awaitJson(event("listening"));
                assertThat(listening.path("listener").asString()).isEqualTo("plc");
                assertThat(listening.path("routeTo").asString()).isEqualTo("127.0.0.1:" + upstream.port());
                int plc = port(listening.path("address").asString());

                assertThat(get(admin, "/livez").statusCode()).isEqualTo(200);
                assertThat(get(admin, "/readyz").statusCode()).isEqualTo(200);
                HttpResponse<String> status = get(admin, "/status");
                assertThat(status.statusCode()).isEqualTo(200);
                assertThat(status.body()).contains("\"site\":\"it-site\"", "\"ready\":true",
                        "{\"name\":\"plc\",\"address\":\"127.0.0.1:" + plc + "\",\"routeTo\":\"127.0.0.1:" + upstream.port() + "\"}");

                String line = "coil 7 = 1\n";
                assertThat(good.send(plc, pki.resolve("root.crt"), line).stdout()).contains(line);
                assertThat(foreign.send(plc, pki.resolve("root.crt"), line).stdout()).doesNotContain(line);
                assertThat(denied.send(plc, pki.resolve("root.crt"), line).stdout()).doesNotContain(line);

                JsonNode unknown = gw.awaitJson(n -> event("refused").test(n) && n.path("reason").asString().equals("UNKNOWN_ISSUER"));
                assertThat(unknown.path("level").asString()).isEqualTo("WARN");
                assertThat(unknown.path("logger_name").asString()).isEqualTo("palisade.audit");
                assertThat(unknown.path("listener").asString()).isEqualTo("plc");
                assertThat(unknown.path("remote").asString()).contains("127.0.0.1");
                assertThat(unknown.path("detail").asString()).isNotBlank();
                assertThat(unknown.has("stack_trace")).isFalse();
                JsonNode revoked = gw.awaitJson(n -> event("refused").test(n) && n.path("reason").asString().equals("REVOKED"));
                assertThat(revoked.path("device").asString()).isEqualTo(deniedId);
                assertThat(gw.json()).as("one line per refusal").filteredOn(n -> n.path("level").asString().equals("WARN"))
                        .hasSize(2).allSatisfy(n -> assertThat(event("refused").test(n)).isTrue());

                await().atMost(GatewayProcess.BOUND).untilAsserted(() -> assertThat(get(admin, "/metrics").body()).contains(
                        "palisade_handshakes_total{listener=\"plc\",result=\"ok\"} 1.0",
                        "palisade_handshakes_total{listener=\"plc\",result=\"UNKNOWN_ISSUER\"} 1.0",
                        "palisade_handshakes_total{listener=\"plc\",result=\"REVOKED\"} 1.0",
                        "palisade_bytes_relayed_total{direction=\"up\",listener=\"plc\"} " + line.length() + ".0",
                        "palisade_bytes_relayed_total{direction=\"down\",listener=\"plc\"} " + line.length() + ".0",
                        "palisade_connections_active 0.0"));
                assertThat(get(admin, "/metrics").body()).doesNotContain(deniedId);

                assertThat(gw.terminate(Duration.ofSeconds(15))).as("exit code; stderr: %s", gw.stderr()).isZero();
                assertThat(gw.json()).filteredOn(event("stopping")).hasSize(1);
                assertThat(gw.json()).filteredOn(event("stopped")).hasSize(1);
                assertThat(gw.stderr()).isEmpty();
            }
        }
    }

    private OpensslDevice localDevice(Path pki, String name) throws Exception {
        Path out = dir.resolve(name);
        Cli.Result issued = Cli.run("device", "issue", "--ca", pki.toString(), "--out", out.toString());
        assertThat(issued.exitCode()).as(issued.all()).isZero();
        Files.writeString(out.resolve("id.txt"), issued.out());
        return new OpensslDevice(out.resolve("device.crt"), pki.resolve("devices-ca.crt"), out.resolve("device.key"));
    }

    private OpensslDevice foreignDevice() throws Exception {
        TestPki other = TestPki.create("acme");
        HeldCert device = other.device().build();
        Path cert = Files.writeString(dir.resolve("foreign.crt"), device.certificatePem(), StandardCharsets.US_ASCII);
        Path chain = Files.writeString(dir.resolve("foreign-chain.pem"), TestPki.pem(other.intermediate().certificate()),
                StandardCharsets.US_ASCII);
        Path key = Files.writeString(dir.resolve("foreign.key"), device.privateKeyPem(), StandardCharsets.US_ASCII);
        return new OpensslDevice(cert, chain, key);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
