package io.palisade.config.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.config.ConfigProblem;
import io.palisade.config.LoadResult;
import io.palisade.config.gateway.ListenerConfig.Service;
import io.palisade.config.gateway.RevocationConfig.DistributionPoints;
import io.palisade.config.gateway.RevocationConfig.WhenUnavailable;
import io.palisade.core.pki.Pem;
import io.palisade.core.policy.model.Cidr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigLoaderTest {

    private static final String HEADER = "apiVersion: palisade/v1\nkind: Gateway\nsite: site-a\n";
    private static final String LISTENER = "listeners:\n  - name: devices\n    bind: 0.0.0.0:8443\n    serve: [connect]\n";

    @TempDir
    Path dir;

    @Test
    void exampleSiteLoadsWithoutProblems() {
        LoadResult<GatewayConfig> result = GatewayConfigLoader.load(Path.of("../config/examples/gateway.yaml"));

        assertThat(result.problems()).isEmpty();
        GatewayConfig config = result.orElseThrow();
        assertThat(config.site()).isEqualTo("example-site");
        assertThat(config.identity()).isEqualTo(new IdentityConfig.Local(Path.of("/var/lib/palisade/pki")));
        assertThat(config.tenants()).extracting(TenantConfig::name).containsExactly("acme");
        assertThat(config.listeners()).extracting(ListenerConfig::name).containsExactly("devices", "mqtt");
        Path examples = Path.of("../config/examples").toAbsolutePath().normalize();
        assertThat(config.policies()).isEqualTo(examples.resolve("policies.d"));
        assertThat(config.registry()).isEqualTo(examples.resolve("devices.yaml"));
    }

    @Test
    void policiesAndRegistryDefaultToEtcPalisade() throws Exception {
        GatewayConfig config = GatewayConfigLoader.load(write("gateway.yaml", HEADER + LISTENER)).orElseThrow();

        assertThat(config.policies()).isEqualTo(Path.of("/etc/palisade/policies.d"));
        assertThat(config.registry()).isEqualTo(Path.of("/etc/palisade/devices.yaml"));
    }

    @Test
    void policiesAndRegistryWrittenOutMustExist() throws Exception {
        Files.writeString(dir.resolve("not-a-dir"), "");
        Files.createDirectories(dir.resolve("registry-dir"));
        Path file = write("gateway.yaml", HEADER + LISTENER + "policies: policies.d\nregistry: devices.yaml\n");
        Path other = write("other.yaml", HEADER + LISTENER + "policies: not-a-dir\nregistry: registry-dir\n");

        assertThat(GatewayConfigLoader.load(file).problems()).extracting(p -> p.toString().replace(dir + "/", ""))
                .containsExactly(
                        "gateway.yaml:8:11: policies: policies.d (expected: an existing directory; policies.d: no such directory)",
                        "gateway.yaml:9:11: registry: devices.yaml (expected: readable file; devices.yaml: no such file)");
        assertThat(GatewayConfigLoader.load(other).problems()).extracting(p -> p.toString().replace(dir + "/", ""))
                .containsExactly(
                        "other.yaml:8:11: policies: not-a-dir (expected: an existing directory; not-a-dir: not a directory)",
                        "other.yaml:9:11: registry: registry-dir (expected: readable file; registry-dir: is a directory)");
        Files.createDirectories(dir.resolve("policies.d"));
        Files.writeString(dir.resolve("devices.yaml"), "");
        assertThat(GatewayConfigLoader.load(file).orElseThrow().policies()).isEqualTo(dir.resolve("policies.d"));
    }

    @Test
    void reportsAllThreeProblemsOfOneFileSortedByPosition() throws Exception {
        Path file = write("gateway.yaml", HEADER
                + "listeners:\n  - name: devices\n    bind: 0.0.0.0:70000\n    serve: [connect]\n"
                + "limits:\n  idleTimeout: 5 minutes\n"
                + "admn:\n  bind: 127.0.0.1:9090\n");

        List<ConfigProblem> problems = GatewayConfigLoader.load(file).problems();

        assertThat(problems).extracting(p -> p.toString().replace(dir + "/", "")).containsExactly(
                "gateway.yaml:6:11: listeners[0].bind: 0.0.0.0:70000 (expected: port 0-65535)",
                "gateway.yaml:9:16: limits.idleTimeout: 5 minutes (expected: a duration: a whole number and a unit, "
                        + "ms, s, m or h (500ms, 10s, 5m, 2h))",
                "gateway.yaml:10:1: admn: unknown key (expected: one of apiVersion, kind, site, state, identity, "
                        + "tenants, denyList, policies, registry, listeners, cloud, limits, admin; did you mean `admin`?)");
        assertThat(problems.get(0)).isEqualTo(new ConfigProblem(file, 6, 11, "listeners[0].bind", "0.0.0.0:70000",
                "port 0-65535"));
    }

    @Test
    void minimalFileGetsEveryDefault() throws Exception {
        GatewayConfig config = GatewayConfigLoader.load(write("gateway.yaml", HEADER + LISTENER)).orElseThrow();

        Path pki = Path.of("/var/lib/palisade/pki");
        assertThat(config.state()).isEqualTo(GatewayConfig.DEFAULT_STATE);
        assertThat(config.pkiDirectory()).isEqualTo(pki);
        assertThat(config.identity()).isEqualTo(new IdentityConfig.Local(pki));
        assertThat(config.tenants()).containsExactly(
                new TenantConfig("local", new TrustConfig.LocalCa(pki), RevocationConfig.DEFAULT));
        assertThat(config.denyList()).isEmpty();
        assertThat(config.limits()).isEqualTo(new LimitsConfig(Duration.ofSeconds(10), Duration.ofMinutes(5), 50_000, 50));
        assertThat(config.admin()).isEqualTo(new AdminConfig(new HostPort("127.0.0.1", 9090), false));
        assertThat(config.cloud()).isEqualTo(CloudConfig.EMBEDDED);
    }

    @Test
    void cloudUpstreamsAndVendorKeysBind() throws Exception {
        java.security.KeyPair vendor = io.palisade.core.pki.KeyPairs.p256();
        java.nio.file.Files.writeString(dir.resolve("vendor.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(vendor.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        Path file = write("gateway.yaml", HEADER + LISTENER + "cloud:\n"
                + "  mqtt: {uri: \"mqtts://broker.cloud.example:8883\"}\n"
                + "  updates: {uri: \"https://updates.cloud.example/v1\", vendorKeys: [vendor.pem]}\n"
                + "  est: {uri: \"https://ca.cloud.example/.well-known/est\"}\n");

        GatewayConfig config = GatewayConfigLoader.load(file).orElseThrow();

        assertThat(config.cloud()).isEqualTo(new CloudConfig(
                java.util.Optional.of(java.net.URI.create("mqtts://broker.cloud.example:8883")),
                java.util.Optional.of(java.net.URI.create("https://updates.cloud.example/v1")),
                List.of(dir.resolve("vendor.pem")),
                java.util.Optional.of(java.net.URI.create("https://ca.cloud.example/.well-known/est"))));
    }

    @Test
    void fullFileWithRealPemFilesBindsEveryFieldAndResolvesRelativePaths() throws Exception {
        TestPem gateway = TestPem.selfSigned("gateway");
        TestPem acme = TestPem.selfSigned("acme devices CA");
        gateway.writeCertificate(dir.resolve("certs/gateway.crt"));
        gateway.writePkcs8Key(dir.resolve("certs/gateway.key"));
        acme.writeCertificate(dir.resolve("ca/acme.pem"));
        acme.writeCrl(dir.resolve("ca/acme.crl"));
        Files.writeString(dir.resolve("deny.txt"), "");
        Path file = write("gateway.yaml", HEADER
                + "state: state\n"
                + "identity: {certificate: certs/gateway.crt, key: " + dir.resolve("certs/gateway.key") + "}\n"
                + "tenants:\n"
                + "  - name: acme\n    trust: ca/acme.pem\n"
                + "    revocation: {crls: [ca/acme.crl], distributionPoints: fetch, whenUnavailable: allow}\n"
                + "  - name: lab\n    trust: local\n"
                + "denyList: deny.txt\n"
                + "listeners:\n"
                + "  - {name: devices, bind: \"[::]:8443\", serve: [connect, updates, est],"
                + " proxyProtocol: {trustedFrom: [10.0.0.5/32, \"fd00:1::/64\"]}}\n"
                + "  - {name: mqtt, bind: gw.example:8883, serve: [mqtt]}\n"
                + "  - {name: coap, bind: 127.0.0.1:0, serve: [coap]}\n"
                + "  - {name: plc, bind: 0.0.0.0:1502, route: {to: historian.example:502}}\n"
                + "  - {name: scada, bind: 0.0.0.0:1503, route: {to: scada.example:6502, tls: true, trust: ca/acme.pem, proxyProtocol: true}}\n"
                + "  - {name: meters, bind: 0.0.0.0:1504, route: {to: meters.example:443, tls: true}}\n"
                + "limits: {handshakeTimeout: 500ms, idleTimeout: 2h, maxConnections: 10, handshakesPerSecondPerAddress: 5}\n"
                + "admin: {bind: 0.0.0.0:9090, unsafeAllowNonLoopbackAdmin: true}\n");

        LoadResult<GatewayConfig> result = GatewayConfigLoader.load(file);

        assertThat(result.problems()).isEmpty();
        GatewayConfig config = result.orElseThrow();
        Path state = dir.resolve("state");
        assertThat(config.state()).isEqualTo(state);
        assertThat(config.identity()).isEqualTo(
                new IdentityConfig.PemFiles(dir.resolve("certs/gateway.crt"), dir.resolve("certs/gateway.key")));
        assertThat(config.tenants()).containsExactly(
                new TenantConfig("acme", new TrustConfig.Bundle(dir.resolve("ca/acme.pem")), new RevocationConfig(
                        List.of(dir.resolve("ca/acme.crl")), DistributionPoints.FETCH, WhenUnavailable.ALLOW)),
                new TenantConfig("lab", new TrustConfig.LocalCa(state.resolve("pki")), RevocationConfig.DEFAULT));
        assertThat(config.denyList()).isEqualTo(Optional.of(dir.resolve("deny.txt")));
        assertThat(config.listeners()).containsExactly(
                new ListenerConfig("devices", new HostPort("::", 8443), Set.of(Service.CONNECT, Service.UPDATES, Service.EST))
                        .withProxyProtocol(new ProxyProtocolConfig(List.of(Cidr.parse("10.0.0.5/32"), Cidr.parse("fd00:1::/64")))),
                new ListenerConfig("mqtt", new HostPort("gw.example", 8883), Set.of(Service.MQTT)),
                new ListenerConfig("coap", new HostPort("127.0.0.1", 0), Set.of(Service.COAP)),
                new ListenerConfig("plc", new HostPort("0.0.0.0", 1502), new RouteConfig(new HostPort("historian.example", 502))),
                new ListenerConfig("scada", new HostPort("0.0.0.0", 1503), new RouteConfig(new HostPort("scada.example", 6502), true,
                        Optional.of(dir.resolve("ca/acme.pem")), true)),
                new ListenerConfig("meters", new HostPort("0.0.0.0", 1504), new RouteConfig(new HostPort("meters.example", 443), true,
                        Optional.empty(), false)));
        assertThat(config.limits()).isEqualTo(new LimitsConfig(Duration.ofMillis(500), Duration.ofHours(2), 10, 5));
        assertThat(config.admin()).isEqualTo(new AdminConfig(new HostPort("0.0.0.0", 9090), true));
    }

    @Test
    void filesHoldingTheWrongKindOfPemAreRefused() throws Exception {
        TestPem pem = TestPem.selfSigned("gateway");
        pem.writeCertificate(dir.resolve("gateway.crt"));
        pem.writeKey(dir.resolve("gateway.key"));
        pem.writeEncryptedKey(dir.resolve("encrypted.key"));
        Path file = write("gateway.yaml", HEADER
                + "identity: {certificate: gateway.key, key: gateway.crt}\n"
                + "tenants:\n  - name: acme\n    trust: gateway.crt\n    revocation: {crls: [gateway.crt]}\n"
                + "  - name: beta\n    trust: encrypted.key\n"
                + LISTENER);

        List<String> problems = GatewayConfigLoader.load(file).problems().stream()
                .map(p -> p.toString().replace(dir + "/", "")).toList();

        assertThat(problems).containsExactly(
                "gateway.yaml:4:25: identity.certificate: gateway.key (expected: readable PEM certificate file; "
                        + "gateway.key: no CERTIFICATE block (found EC PRIVATE KEY))",
                "gateway.yaml:4:43: identity.key: gateway.crt (expected: readable unencrypted PEM private key file; "
                        + "gateway.crt: no PRIVATE KEY block (found CERTIFICATE))",
                "gateway.yaml:8:25: tenants[0].revocation.crls[0]: gateway.crt (expected: readable PEM CRL file; "
                        + "gateway.crt: no X509 CRL block (found CERTIFICATE))",
                "gateway.yaml:10:12: tenants[1].trust: encrypted.key (expected: readable PEM certificate file; "
                        + "encrypted.key: no CERTIFICATE block (found ENCRYPTED PRIVATE KEY))");
    }

    @Test
    void crlFileWithSeveralCrlsIsCheckedWhole() throws Exception {
        TestPem acme = TestPem.selfSigned("acme devices CA");
        acme.writeCertificate(dir.resolve("acme.pem"));
        String twoCrls = Pem.encodeCrl(acme.crl()) + Pem.encodeCrl(TestPem.selfSigned("acme root").crl());
        Files.writeString(dir.resolve("good.crl"), twoCrls);
        Files.writeString(dir.resolve("bad.crl"), twoCrls + "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n");
        Path file = write("gateway.yaml", HEADER
                + "tenants:\n  - name: acme\n    trust: acme.pem\n    revocation: {crls: [good.crl, bad.crl]}\n" + LISTENER);

        assertThat(GatewayConfigLoader.load(file).problems()).extracting(ConfigProblem::expected)
                .singleElement(InstanceOfAssertFactories.STRING).startsWith("readable PEM CRL file; ")
                .contains("bad.crl: CRL 3 is malformed (");
    }

    @Test
    void traditionalRsaKeyIsAccepted() throws Exception {
        TestPem pem = TestPem.selfSigned("gateway", "RSA");
        pem.writeCertificate(dir.resolve("gateway.crt"));
        pem.writeKey(dir.resolve("gateway.key"));
        Path file = write("gateway.yaml", HEADER + "identity: {certificate: gateway.crt, key: gateway.key}\n" + LISTENER);

        assertThat(Files.readString(dir.resolve("gateway.key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(GatewayConfigLoader.load(file).problems()).isEmpty();
    }

    @Test
    void identityKeyOfAnotherCertificateIsRefused() throws Exception {
        TestPem.selfSigned("gateway").writeCertificate(dir.resolve("gateway.crt"));
        TestPem.selfSigned("old gateway").writePkcs8Key(dir.resolve("gateway.key"));
        Path file = write("gateway.yaml", HEADER + "identity: {certificate: gateway.crt, key: gateway.key}\n" + LISTENER);

        assertThat(GatewayConfigLoader.load(file).problems()).extracting(p -> p.toString().replace(dir + "/", ""))
                .containsExactly("gateway.yaml:4:43: identity.key: gateway.key (expected: the private key of "
                        + "identity.certificate; not the private key of the certificate in gateway.crt)");
    }

    @Test
    void identityKeyOfAnotherAlgorithmIsRefused() throws Exception {
        TestPem.selfSigned("gateway").writeCertificate(dir.resolve("gateway.crt"));
        TestPem.writeRsaKey(dir.resolve("gateway.key"));
        Path file = write("gateway.yaml", HEADER + "identity: {certificate: gateway.crt, key: gateway.key}\n" + LISTENER);

        assertThat(GatewayConfigLoader.load(file).problems()).singleElement().satisfies(p -> assertThat(p.expected())
                .isEqualTo("the private key of identity.certificate; a RSA key, but the certificate holds a EC key"));
    }

    @Test
    void ecKeyWithoutItsCurveIsRefused() throws Exception {
        TestPem pem = TestPem.selfSigned("gateway");
        pem.writeCertificate(dir.resolve("gateway.crt"));
        pem.writeKey(dir.resolve("gateway.key"));
        Path file = write("gateway.yaml", HEADER + "identity: {certificate: gateway.crt, key: gateway.key}\n" + LISTENER);

        assertThat(GatewayConfigLoader.load(file).problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("identity.key");
            assertThat(p.expected()).endsWith("gateway.key: EC PRIVATE KEY names no curve");
        });
    }

    @Test
    void encryptedIdentityKeyIsRefused() throws Exception {
        TestPem pem = TestPem.selfSigned("gateway");
        pem.writeCertificate(dir.resolve("gateway.crt"));
        pem.writeEncryptedKey(dir.resolve("gateway.key"));
        Path file = write("gateway.yaml", HEADER + "identity: {certificate: gateway.crt, key: gateway.key}\n" + LISTENER);

        assertThat(GatewayConfigLoader.load(file).problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("identity.key");
            assertThat(p.expected()).isEqualTo("readable unencrypted PEM private key file; "
                    + dir.resolve("gateway.key") + ": the private key is encrypted");
        });
    }

    @Test
    void missingConfigFileIsOneProblemNamingTheFileAsGiven() {
        Path missing = Path.of("no-such-dir/gateway.yaml");

        List<ConfigProblem> problems = GatewayConfigLoader.load(missing).problems();

        assertThat(problems).extracting(ConfigProblem::toString).containsExactly(
                "no-such-dir/gateway.yaml:1:1: (file): no-such-dir/gateway.yaml (expected: readable YAML file; no such file)");
    }

    @Test
    void orElseThrowListsEveryProblem() throws Exception {
        Path file = write("gateway.yaml", "apiVersion: palisade/v1\n");

        LoadResult<GatewayConfig> result = GatewayConfigLoader.load(file);

        assertThat(result.value()).isEmpty();
        assertThatThrownBy(result::orElseThrow).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kind: missing").hasMessageContaining("site: missing")
                .hasMessageContaining("listeners: missing");
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }
}
