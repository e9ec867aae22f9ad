package io.palisade.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.palisade.config.gateway.GatewayConfigLoader;
import io.palisade.core.pki.PemFiles;
import io.palisade.testing.pki.HeldCert;
import io.palisade.testing.pki.TestPki;

/**
 * {@code revocation.distributionPoints: fetch}: device certificates name
 * {@code http://127.0.0.1:PORT/devices.crl} (a tiny HTTP server here). The first device that names
 * it makes the gateway fetch it; from then on the CRL decides (a revoked device is refused, a good
 * one relayed), and it is kept under {@code <state>/crl-cache} so that a restarted gateway has it
 * before the server answers. While no CRL can be had, {@code whenUnavailable} decides.
 */
class FetchesCrlsFromDistributionPointsIT {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    final TestPki acme = TestPki.create("acme");
    final AtomicReference<byte[]> served = new AtomicReference<>();
    final AtomicInteger requests = new AtomicInteger();
    final List<CrlFetch> fetches = new CopyOnWriteArrayList<>();
    HttpServer server;
    Echo echo;
    Gateway gateway;
    HeldCert good;
    HeldCert revoked;

    @BeforeEach
    void distributionPoint() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/devices.crl", exchange -> {
            requests.incrementAndGet();
            byte[] body = served.get();
            try (OutputStream out = exchange.getResponseBody()) {
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.sendResponseHeaders(200, body.length);
                    out.write(body);
                }
            }
        });
        server.start();
        echo = new Echo();
        byte[] cdp = cdp("http://127.0.0.1:" + server.getAddress().getPort() + "/devices.crl");
        good = acme.device().extension(Extension.cRLDistributionPoints.getId(), false, cdp).build();
        revoked = acme.device().extension(Extension.cRLDistributionPoints.getId(), false, cdp).build();
        Files.writeString(dir.resolve("acme.pem"), TestPki.pem(acme.root().certificate()));
    }

    @AfterEach
    void stop() throws IOException {
        if (gateway != null) {
            gateway.close();
        }
        server.stop(0);
        echo.close();
    }

    @Test
    void theFirstDeviceNamingAPointMakesTheGatewayFetchItAndTheCrlDecidesFromThenOn() throws Exception {
        served.set(acme.crl(List.of(revoked.certificate().getSerialNumber()), acme.now().minus(Duration.ofMinutes(5)),
                acme.now().plus(Duration.ofDays(1))).getEncoded());
        start("deny");

        assertThat(echo(good)).as("not fetched yet: unavailable, denied").isNull();
        await().atMost(BOUND).until(() -> fetches.stream().anyMatch(CrlFetch::ok));
        assertThat(echo(good)).isEqualTo("hi");
        assertThat(echo(revoked)).isNull();
        assertThat(requests).as("fetched once, not per device").hasValue(1);
        assertThat(gateway.distributionPoints()).singleElement().satisfies(p -> assertThat(p.crl()).isPresent());
        Path cached = dir.resolve("state/crl-cache").resolve(CrlFetcher.fileName(gateway.distributionPoints().get(0).url()));
        assertThat(Files.readString(cached)).startsWith("# http://127.0.0.1:").contains("BEGIN X509 CRL");

        gateway.close();
        served.set(null);
        start("deny");
        assertThat(echo(revoked)).as("the cached CRL is in force before the server answers").isNull();
        assertThat(echo(good)).isEqualTo("hi");
    }

    @Test
    void whileNoCrlCanBeHadWhenUnavailableDecides() throws Exception {
        start("allow");

        assertThat(echo(revoked)).as("unavailable, allowed by policy").isEqualTo("hi");
        await().atMost(BOUND).until(() -> fetches.stream().anyMatch(f -> !f.ok()));
        assertThat(fetches.get(0).detail()).contains("HTTP 404 (expected: 200 with a CRL)");
        assertThat(echo(good)).isEqualTo("hi");
    }

    @Test
    void aBadlySignedCrlIsNotPutInForce() throws Exception {
        TestPki forger = TestPki.create("acme"); // same names, other keys
        served.set(forger.crl(List.of(), acme.now().minus(Duration.ofMinutes(5)), acme.now().plus(Duration.ofDays(1)))
                .getEncoded());
        start("deny");

        assertThat(echo(good)).isNull();
        await().atMost(BOUND).until(() -> !fetches.isEmpty());
        assertThat(fetches.get(0).ok()).isFalse();
        assertThat(fetches.get(0).detail()).contains("signature does not verify");
        assertThat(echo(good)).as("still unavailable: denied").isNull();
    }

    private void start(String whenUnavailable) throws Exception {
        fetches.clear();
        Files.writeString(dir.resolve("gateway.yaml"), """
                apiVersion: palisade/v1
                kind: Gateway
                site: crl-site
                state: state
                tenants:
                  - name: acme
                    trust: acme.pem
                    revocation: {distributionPoints: fetch, whenUnavailable: %s}
                listeners:
                  - name: plc
                    bind: 127.0.0.1:0
                    route: {to: "127.0.0.1:%d"}
                """.formatted(whenUnavailable, echo.port()));
        gateway = Gateway.assemble(GatewayConfigLoader.load(dir.resolve("gateway.yaml")).orElseThrow(), List.of(),
                Clock.systemUTC());
        gateway.start();
        assertThat(gateway.startCrlFetcher(fetches::add, Duration.ofSeconds(5))).isPresent();
    }

    private String echo(HeldCert device) throws Exception {
        int port = gateway.listeners().get("plc").getPort();
        try (TlsDevice.Connection c = new TlsDevice(device, PemFiles.readCertificate(dir.resolve("state/pki/root.crt")))
                .connect(port)) {
            return c.echo("hi");
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] cdp(String url) throws IOException {
        return new CRLDistPoint(new DistributionPoint[] {new DistributionPoint(new DistributionPointName(
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url))), null, null)}).getEncoded();
    }
}
