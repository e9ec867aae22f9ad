package io.palisade.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.palisade.config.gateway.GatewayConfig;
import io.palisade.config.gateway.GatewayConfigLoader;
import io.palisade.core.pki.CertificateAuthority;
import io.palisade.core.pki.KeyPairs;
import io.palisade.core.pki.PemFiles;
import io.palisade.proxy.events.CloseReason;
import io.palisade.proxy.events.ConnectionClosed;
import io.palisade.proxy.events.ConnectionRefused;
import io.palisade.proxy.events.ProxyEvents;
import io.palisade.testing.pki.HeldCert;
import io.palisade.testing.pki.TestPki;

/**
 * The reload contract on a running gateway (in process, listeners on 127.0.0.1 port 0): for each
 * part, a broken file is refused with its reason and the part in force stays — proven by the next
 * device connection — then a good file is put in force. A device newly on the deny list and a
 * connection the new policy refuses are closed within a second; the other connections carry on.
 */
class ReloadOfBrokenFilesKeepsLastGoodIT {

    private static final Duration SECOND = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    final TestPki acme = TestPki.create("acme");
    final CertificateAuthority gatewayCa = CertificateAuthority.create("gateway", Clock.systemUTC());
    final List<ConnectionClosed> closes = new CopyOnWriteArrayList<>();
    final List<ConnectionRefused> refusals = new CopyOnWriteArrayList<>();
    Echo echo;
    Gateway gateway;
    int port;

    @BeforeEach
    void files() throws Exception {
        echo = new Echo();
        KeyPair keys = KeyPairs.p256();
        PemFiles.writeCertificates(dir.resolve("gateway.crt"), serverChain(keys));
        PemFiles.writePrivateKey(dir.resolve("gateway.key"), keys.getPrivate());
        // The device CA in the bundle too, so that its CRLs are checked against it on reload.
        Files.writeString(dir.resolve("acme.pem"), TestPki.pem(acme.root().certificate(), acme.intermediate().certificate()));
        writeCrl(List.of());
        Files.writeString(dir.resolve("deny.txt"), "# nobody yet\n");
    }

    @AfterEach
    void stop() throws IOException {
        if (gateway != null) {
            gateway.close();
        }
        echo.close();
    }

    @Test
    void aBrokenServerCertificateKeepsTheOldOne() throws Exception {
        start(false);
        HeldCert device = acme.device().build();
        BigInteger first;
        try (TlsDevice.Connection c = new TlsDevice(device, gatewayCa.root()).connect(port)) {
            assertThat(c.echo("hello")).isEqualTo("hello");
            first = c.serverSerial();
        }

        replace("gateway.crt", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        ReloadOutcome garbage = gateway.reload(Reloadable.IDENTITY);
        assertThat(garbage.ok()).isFalse();
        assertThat(garbage.problems()).singleElement().asString().startsWith("identity: ").contains("gateway.crt");

        PemFiles.writeCertificates(dir.resolve("gateway.crt"), serverChain(KeyPairs.p256()));
        ReloadOutcome mismatch = gateway.reload(Reloadable.IDENTITY);
        assertThat(mismatch.problems()).singleElement().asString().contains("expected: the private key of");
        assertThat(serverSerial(device)).as("the old identity stays").isEqualTo(first);

        KeyPair renewed = KeyPairs.p256();
        PemFiles.writePrivateKey(dir.resolve("gateway.key"), renewed.getPrivate());
        List<X509Certificate> chain = serverChain(renewed);
        PemFiles.writeCertificates(dir.resolve("gateway.crt"), chain);
        assertThat(gateway.reload(Reloadable.IDENTITY).ok()).isTrue();
        assertThat(serverSerial(device)).isEqualTo(chain.get(0).getSerialNumber());
    }

    @Test
    void aBrokenTrustBundleKeepsTheOldOne() throws Exception {
        start(false);
        HeldCert device = acme.device().build();
        TestPki other = TestPki.create("acme");
        HeldCert otherDevice = other.device().build();

        replace("acme.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        ReloadOutcome broken = gateway.reload(Reloadable.TRUST);
        assertThat(broken.ok()).isFalse();
        assertThat(broken.problems()).singleElement().asString().startsWith("tenants[0]: ").contains("acme.pem");
        assertThat(echo(device)).as("the old bundle stays").isEqualTo("hi");

        replace("acme.pem", TestPki.pem(other.root().certificate()));
        replace("acme.crl", TestPki.pem(other.crl(List.of(), other.now().minus(Duration.ofHours(1)),
                other.now().plus(Duration.ofDays(1)))));
        assertThat(gateway.reload(Reloadable.TRUST).ok()).isTrue();
        assertThat(echo(otherDevice)).isEqualTo("hi");
        assertThat(echo(device)).as("the old CA is no longer trusted").isNull();
    }

    @Test
    void aBrokenCrlKeepsTheOldOne() throws Exception {
        HeldCert revoked = acme.device().build();
        writeCrl(List.of(revoked.certificate().getSerialNumber()));
        start(false);
        assertThat(echo(revoked)).isNull();

        replace("acme.crl", "garbage\n");
        ReloadOutcome garbage = gateway.reload(Reloadable.TRUST);
        assertThat(garbage.problems()).singleElement().asString().contains("acme.crl");
        TestPki forger = TestPki.create("acme"); // same names, other keys
        replace("acme.crl", TestPki.pem(forger.crl(List.of(), acme.now().minus(Duration.ofHours(1)),
                acme.now().plus(Duration.ofDays(1)))));
        ReloadOutcome forged = gateway.reload(Reloadable.TRUST);
        assertThat(forged.problems()).singleElement().asString()
                .contains("acme.crl", "signature does not verify", "expected: a CRL signed by the CA it names");
        assertThat(echo(revoked)).as("the old CRL stays in force").isNull();

        writeCrl(List.of());
        assertThat(gateway.reload(Reloadable.TRUST).ok()).isTrue();
        assertThat(echo(revoked)).as("no longer revoked").isEqualTo("hi");
    }

    @Test
    void aBrokenDenyListKeepsTheOldOneAndANewEntryCutsALiveDeviceOffWithinASecond() throws Exception {
        HeldCert denied = acme.device().build();
        HeldCert live = acme.device().build();
        HeldCert bystander = acme.device().build();
        Files.writeString(dir.resolve("deny.txt"), denied.deviceId() + "\n");
        start(false);
        assertThat(echo(denied)).isNull();

        try (TlsDevice.Connection cutOff = new TlsDevice(live, gatewayCa.root()).connect(port);
             TlsDevice.Connection other = new TlsDevice(bystander, gatewayCa.root()).connect(port)) {
            assertThat(cutOff.echo("before")).isEqualTo("before");
            assertThat(other.echo("before")).isEqualTo("before");

            replace("deny.txt", denied.deviceId() + "\nnot-a-device\n");
            ReloadOutcome broken = gateway.reload(Reloadable.DENY_LIST);
            assertThat(broken.problems()).containsExactly(dir.resolve("deny.txt") + ":2: not-a-device"
                    + " (expected: a device id, 64 lowercase hex characters, one per line)");
            assertThat(echo(denied)).as("the old list stays").isNull();
            assertThat(cutOff.echo("still")).isEqualTo("still");

            replace("deny.txt", live.deviceId() + "  # lost\n");
            long start = System.nanoTime();
            ReloadOutcome ok = gateway.reload(Reloadable.DENY_LIST);
            assertThat(ok.summary()).contains("1 devices denied (1 added, 1 lifted); 1 connections");
            assertThat(cutOff.ended()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SECOND);
            await().atMost(SECOND).until(() -> closes.stream().anyMatch(c -> c.reason() == CloseReason.DEVICE_CUT_OFF));
            assertThat(other.echo("after")).isEqualTo("after");
            assertThat(echo(denied)).as("lifted").isEqualTo("hi");
        }
    }

    @Test
    void aBrokenPolicyKeepsTheOldOneAndAPolicyChangeClosesWhatItNoLongerAdmits() throws Exception {
        Path policies = Files.createDirectories(dir.resolve("policies.d"));
        Files.writeString(policies.resolve("10-sensors.yaml"), policy("sensors", echo.port()));
        start(true);
        HeldCert sensor = acme.device().build();
        HeldCert meter = acme.device().product("meter").build();
        assertThat(echo(meter)).as("no policy admits a meter").isNull();

        try (TlsDevice.Connection live = new TlsDevice(sensor, gatewayCa.root()).connect(port)) {
            assertThat(live.echo("before")).isEqualTo("before");

            replace("policies.d/10-sensors.yaml", policy("sensors", echo.port()).replace("action: allow", "action: permit"));
            ReloadOutcome broken = gateway.reload(Reloadable.POLICY);
            assertThat(broken.ok()).isFalse();
            assertThat(broken.problems()).isNotEmpty().allSatisfy(p ->
                    assertThat(p).matches(".*10-sensors\\.yaml:\\d+:\\d+: .*"));
            assertThat(gateway.policies().generation()).isEqualTo(1);
            assertThat(gateway.policies().lastRejection()).isPresent();
            assertThat(live.echo("kept")).isEqualTo("kept");
            assertThat(echo(sensor)).as("the old policy stays").isEqualTo("hi");

            replace("policies.d/10-sensors.yaml", policy("sensors", echo.port() + 1));
            ReloadOutcome moved = gateway.reload(Reloadable.POLICY);
            assertThat(moved.ok()).as("%s", moved).isTrue();
            assertThat(gateway.policies().generation()).isEqualTo(2);
            assertThat(live.ended()).isTrue();
            await().atMost(SECOND).until(() -> closes.stream().anyMatch(c -> c.reason() == CloseReason.POLICY_CHANGED));
            assertThat(echo(sensor)).as("refused by the new policy").isNull();
            await().atMost(SECOND).until(() -> refusals.stream().anyMatch(r -> r.detail().contains("default")));
        }
    }

    private void start(boolean withPolicies) throws Exception {
        Files.writeString(dir.resolve("gateway.yaml"), """
                apiVersion: palisade/v1
                kind: Gateway
                site: reload-site
                state: state
                identity: {certificate: gateway.crt, key: gateway.key}
                tenants:
                  - name: acme
                    trust: acme.pem
                    revocation: {crls: [acme.crl]}
                denyList: deny.txt
                %slisteners:
                  - name: plc
                    bind: 127.0.0.1:0
                    route: {to: "127.0.0.1:%d"}
                admin:
                  bind: 127.0.0.1:0
                """.formatted(withPolicies ? "policies: policies.d\n" : "", echo.port()));
        GatewayConfig config = GatewayConfigLoader.load(dir.resolve("gateway.yaml")).orElseThrow();
        gateway = Gateway.assemble(config, List.of(new ProxyEvents() {
            @Override
            public void closed(ConnectionClosed event) {
                closes.add(event);
            }

            @Override
            public void refused(ConnectionRefused event) {
                refusals.add(event);
            }
        }), Clock.systemUTC());
        gateway.start();
        port = gateway.listeners().get("plc").getPort();
    }

    private static String policy(String name, int port) {
        return """
                apiVersion: palisade/v1
                kind: DevicePolicy
                metadata:
                  name: %s
                spec:
                  selector:
                    product: sensor
                  rules:
                    - name: to-the-plc
                      action: allow
                      to: [{cidr: 127.0.0.1/32, ports: [%d]}]
                """.formatted(name, port);
    }

    private String echo(HeldCert device) throws Exception {
        try (TlsDevice.Connection c = new TlsDevice(device, gatewayCa.root()).connect(port)) {
            return c.echo("hi");
        } catch (IOException e) {
            return null;
        }
    }

    private BigInteger serverSerial(HeldCert device) throws Exception {
        try (TlsDevice.Connection c = new TlsDevice(device, gatewayCa.root()).connect(port)) {
            return c.serverSerial();
        }
    }

    private List<X509Certificate> serverChain(KeyPair keys) {
        X509Certificate leaf = gatewayCa.issueServer(keys.getPublic(), List.of("localhost"),
                List.of(InetAddress.getLoopbackAddress()));
        return List.of(leaf, gatewayCa.deviceCa().certificate());
    }

    private void writeCrl(List<BigInteger> revoked) throws IOException {
        replace("acme.crl", TestPki.pem(acme.crl(revoked, acme.now().minus(Duration.ofHours(1)),
                acme.now().plus(Duration.ofDays(1)))));
    }

    /** Replaces {@code name} as operators should: write aside, then rename over it. */
    private void replace(String name, String content) throws IOException {
        Path target = dir.resolve(name);
        Path tmp = Files.writeString(target.resolveSibling("." + target.getFileName() + ".tmp"), content, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
