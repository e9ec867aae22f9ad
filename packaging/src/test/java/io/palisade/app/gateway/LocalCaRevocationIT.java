package io.palisade.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.palisade.config.gateway.GatewayConfigLoader;
import io.palisade.core.pki.CertificateFiles;
import io.palisade.core.pki.DeviceProfile;
import io.palisade.core.pki.LocalCa;
import io.palisade.core.pki.PemFiles;

/**
 * {@code trust: local}: the local CA's own {@code crl.pem} is in force, so a device revoked with the
 * local CA is refused once the file changes (the watched file reloads trust); and a CRL past 80% of
 * its validity is published anew by the gateway, which holds the CA key, rather than left to go
 * stale and lock every device out.
 */
class LocalCaRevocationIT {

    @TempDir
    Path dir;

    @Test
    void aDeviceRevokedWithTheLocalCaIsRefusedOnceCrlPemIsReplaced() throws Exception {
        Path pki = dir.resolve("state/pki");
        LocalCa ca = LocalCa.init(pki, "acme", Clock.systemUTC());
        CertificateFiles.issueDevice(ca.authority(), dir.resolve("d"), DeviceProfile.of("sensor"));
        List<ReloadOutcome> outcomes = new CopyOnWriteArrayList<>();
        try (Echo echo = new Echo()) {
            Files.writeString(dir.resolve("gateway.yaml"), """
                    apiVersion: palisade/v1
                    kind: Gateway
                    site: local-site
                    state: state
                    tenants:
                      - {name: acme, trust: local}
                    listeners:
                      - {name: plc, bind: 127.0.0.1:0, route: {to: "127.0.0.1:%d"}}
                    """.formatted(echo.port()));
            try (Gateway gateway = Gateway.assemble(GatewayConfigLoader.load(dir.resolve("gateway.yaml")).orElseThrow(),
                    List.of(), Clock.systemUTC())) {
                gateway.start();
                try (Reloader reloader = gateway.startReloader(outcomes::add, Duration.ofMillis(100), false)) {
                    int port = gateway.listeners().get("plc").getPort();
                    TlsDevice device = new TlsDevice(PemFiles.readPrivateKey(dir.resolve("d/device.key")),
                            PemFiles.readCertificates(dir.resolve("d/device.crt")), ca.authority().root());
                    assertThat(echo(device, port)).isEqualTo("hi");

                    ca.revoke(PemFiles.readCertificate(dir.resolve("d/device.crt")).getSerialNumber(), CRLReason.KEY_COMPROMISE);

                    await().atMost(Duration.ofSeconds(10)).until(() -> outcomes.stream()
                            .anyMatch(o -> o.what() == Reloadable.TRUST && o.ok()));
                    assertThat(echo(device, port)).as("revoked by the local CA").isNull();
                }
            }
        }
    }

    @Test
    void aCrlPastItsRefreshPointIsPublishedAnew() throws Exception {
        Instant start = Instant.parse("2026-03-01T00:00:00Z");
        LocalCa ca = LocalCa.init(dir.resolve("pki"), "acme", Clock.fixed(start, ZoneOffset.UTC));
        X509CRL first = PemFiles.readCrl(dir.resolve("pki/crl.pem"));

        Clock early = Clock.fixed(start.plus(Duration.ofHours(12)), ZoneOffset.UTC);
        assertThat(LocalCrlKeeper.refreshIfDue(LocalCa.load(dir.resolve("pki"), early), early)).isEqualTo(first);

        Clock late = Clock.fixed(start.plus(Duration.ofHours(20)), ZoneOffset.UTC);
        X509CRL renewed = LocalCrlKeeper.refreshIfDue(LocalCa.load(dir.resolve("pki"), late), late);
        assertThat(renewed.getThisUpdate().toInstant()).isAfter(first.getThisUpdate().toInstant());
        assertThat(renewed.getNextUpdate().toInstant()).isAfter(late.instant());
        assertThat(PemFiles.readCrl(dir.resolve("pki/crl.pem"))).isEqualTo(renewed);
        assertThat(ca.tenant()).isEqualTo("acme");
    }

    private static String echo(TlsDevice device, int port) throws Exception {
        try (TlsDevice.Connection c = device.connect(port)) {
            return c.echo("hi");
        } catch (IOException e) {
            return null;
        }
    }
}
