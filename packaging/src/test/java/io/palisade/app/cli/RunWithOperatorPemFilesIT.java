package io.palisade.app.cli;

import static io.palisade.app.cli.GatewayProcess.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.palisade.testing.pki.HeldCert;
import io.palisade.testing.pki.TestPki;
import tools.jackson.databind.JsonNode;

/**
 * {@code palisade run} with the operator's own files: the gateway's certificate and key as PEM
 * files, a tenant trusting a PEM bundle of its device CA, and that CA's CRL as a file. A device of
 * the tenant is relayed; the device the CRL lists is refused as REVOKED.
 */
class RunWithOperatorPemFilesIT {

    @TempDir
    Path dir;

    @Test
    void trustsTheBundleAndHonoursTheCrlFile() throws Exception {
        Path operatorCa = dir.resolve("operator-ca");
        assertThat(Cli.run("pki", "init", operatorCa.toString(), "--tenant", "ops").exitCode()).isZero();
        TestPki acme = TestPki.create("acme");
        HeldCert good = acme.device().build();
        HeldCert revoked = acme.device().build();
        Files.writeString(dir.resolve("acme-root.pem"), TestPki.pem(acme.root().certificate()));
        Files.writeString(dir.resolve("acme.crl"), TestPki.pem(acme.crl(List.of(revoked.certificate().getSerialNumber()),
                acme.now().minus(Duration.ofHours(1)), acme.now().plus(Duration.ofDays(1)))));

        try (EchoUpstream upstream = new EchoUpstream()) {
            Files.writeString(dir.resolve("gateway.yaml"), """
                    apiVersion: palisade/v1
                    kind: Gateway
                    site: pem-site
                    state: state
                    identity:
                      certificate: operator-ca/gateway.crt
                      key: operator-ca/gateway.key
                    tenants:
                      - name: acme
                        trust: acme-root.pem
                        revocation: {crls: [acme.crl]}
                    listeners:
                      - name: plc
                        bind: 127.0.0.1:0
                        route: {to: "127.0.0.1:%d"}
                    admin:
                      bind: 127.0.0.1:0
                    """.formatted(upstream.port()));

            try (GatewayProcess gw = GatewayProcess.start(dir, "run", "-c", "gateway.yaml")) {
                String address = gw.awaitJson(event("listening")).path("address").asString();
                int plc = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
                Path gatewayRoot = operatorCa.resolve("root.crt");
                String line = "flow 12.5 m3/h\n";

                assertThat(device(acme, good, "good").send(plc, gatewayRoot, line).stdout()).contains(line);
                assertThat(device(acme, revoked, "revoked").send(plc, gatewayRoot, line).stdout()).doesNotContain(line);

                JsonNode refusal = gw.awaitJson(event("refused"));
                assertThat(refusal.path("reason").asString()).isEqualTo("REVOKED");
                assertThat(refusal.path("device").asString()).isEqualTo(revoked.deviceId());
                assertThat(gw.awaitJson(event("handshake")).path("device").asString()).isEqualTo(good.deviceId());
                assertThat(gw.terminate(Duration.ofSeconds(15))).as(gw.stderr()).isZero();
            }
        }
        assertThat(dir.resolve("state/pki")).as("no local CA when none is configured").doesNotExist();
    }

    private OpensslDevice device(TestPki pki, HeldCert device, String name) throws Exception {
        return new OpensslDevice(
                Files.writeString(dir.resolve(name + ".crt"), device.certificatePem(), StandardCharsets.US_ASCII),
                Files.writeString(dir.resolve(name + "-chain.pem"), TestPki.pem(pki.intermediate().certificate()),
                        StandardCharsets.US_ASCII),
                Files.writeString(dir.resolve(name + ".key"), device.privateKeyPem(), StandardCharsets.US_ASCII));
    }
}
