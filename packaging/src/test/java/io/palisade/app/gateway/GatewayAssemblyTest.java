package io.palisade.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.palisade.config.gateway.GatewayConfig;
import io.palisade.config.gateway.GatewayConfigLoader;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.pki.LocalCa;
import io.palisade.core.pki.PemFiles;
import io.palisade.testing.pki.TestPki;

/** Assembling a gateway from gateway.yaml, without binding: what is created, read and refused. */
class GatewayAssemblyTest {

    static final String HEADER = "apiVersion: palisade/v1\nkind: Gateway\nsite: site-a\nstate: state\n";
    static final String ROUTE = "listeners:\n  - {name: plc, bind: 127.0.0.1:0, route: {to: historian.example:502}}\n";

    @TempDir
    Path dir;

    @Test
    void aFirstStartCreatesTheLocalCaAndAServerCertificateAndLaterStartsReuseThem() throws Exception {
        GatewayConfig config = load(HEADER + "tenants:\n  - {name: acme, trust: local}\n" + ROUTE);

        try (Gateway gw = Gateway.assemble(config, List.of(), Clock.systemUTC())) {
            assertThat(gw.routes()).singleElement().satisfies(r -> {
                assertThat(r.name()).isEqualTo("plc");
                assertThat(r.upstream().toString()).isEqualTo("historian.example:502");
            });
            assertThat(gw.isReady()).as("not bound yet").isFalse();
        }
        Path pki = dir.resolve("state/pki");
        LocalCa ca = LocalCa.load(pki, Clock.systemUTC());
        assertThat(ca.tenant()).isEqualTo("acme");
        var server = PemFiles.readCertificates(pki.resolve("gateway.crt"));
        assertThat(server).hasSize(2);
        assertThat(server.get(1)).isEqualTo(ca.authority().deviceCa().certificate());
        byte[] root = Files.readAllBytes(pki.resolve(LocalCa.ROOT_CERT));

        Gateway.assemble(config, List.of(), Clock.systemUTC()).close();

        assertThat(Files.readAllBytes(pki.resolve(LocalCa.ROOT_CERT))).isEqualTo(root);
        assertThat(PemFiles.readCertificates(pki.resolve("gateway.crt"))).isEqualTo(server);
    }

    @Test
    void theDenyListFileIsLoaded() throws Exception {
        String id = TestPki.create("acme").device().build().deviceId();
        Files.writeString(dir.resolve("deny.txt"), "# lost\n" + id + "\n");
        GatewayConfig config = load(HEADER + "denyList: deny.txt\n" + ROUTE);

        try (Gateway gw = Gateway.assemble(config, List.of(), Clock.systemUTC())) {
            assertThat(gw.denyList().snapshot()).containsExactly(DeviceId.parse(id));
        }
    }

    @Test
    void everyProblemIsReportedAtOnce() throws Exception {
        TestPki acme = TestPki.create("acme");
        Path bundle = Files.writeString(dir.resolve("acme.pem"), TestPki.pem(acme.root().certificate()));
        Files.writeString(dir.resolve("deny.txt"), "not-an-id\n");
        assertThat(LocalCa.init(dir.resolve("state/pki"), "other", Clock.systemUTC()).tenant()).isEqualTo("other");
        GatewayConfig config = load(HEADER
                + "tenants:\n"
                + "  - {name: acme, trust: acme.pem, revocation: {distributionPoints: fetch}}\n"
                + "  - {name: lab, trust: local}\n"
                + "denyList: deny.txt\n"
                + "listeners:\n"
                + "  - {name: plc, bind: 127.0.0.1:0, route: {to: historian.example:502}}\n"
                + "  - {name: mqtt, bind: 127.0.0.1:0, serve: [mqtt, coap]}\n");
        assertThat(bundle).exists();

        assertThatThrownBy(() -> Gateway.assemble(config, List.of(), Clock.systemUTC()))
                .isInstanceOfSatisfying(AssemblyException.class, e -> assertThat(e.problems()).containsExactly(
                        "tenants[1].trust: local (expected: a local CA for tenant 'lab'; the one in "
                                + dir.resolve("state/pki") + " issues for tenant 'other')",
                        dir.resolve("deny.txt") + ":1: not-an-id (expected: a device id, 64 lowercase hex characters,"
                                + " one per line)",
                        "listeners[1] mqtt: serve: [mqtt, coap] (expected: services this build provides: connect,"
                                + " updates, est, mqtt; not available yet: coap)"));
    }

    @Test
    void aBrokenPolicyRefusesTheStartNoPolicyDirectoryIsAnEmptyStore() throws Exception {
        Path policies = Files.createDirectories(dir.resolve("policies.d"));
        Files.writeString(policies.resolve("10-bad.yaml"), "apiVersion: palisade/v1\nkind: DevicePolicy\n"
                + "metadata: {name: bad}\nspec:\n  rules:\n    - {name: r, action: permit, to: [{host: a.example}]}\n");

        assertThatThrownBy(() -> Gateway.assemble(load(HEADER + "policies: policies.d\n" + ROUTE), List.of(), Clock.systemUTC()))
                .isInstanceOfSatisfying(AssemblyException.class, e -> assertThat(e.problems()).isNotEmpty()
                        .allSatisfy(p -> assertThat(p).matches(".*policies\\.d/10-bad\\.yaml:\\d+:\\d+: .*")));

        try (Gateway gw = Gateway.assemble(load(HEADER + ROUTE), List.of(), Clock.systemUTC())) {
            assertThat(gw.policies().generation()).isEqualTo(1);
            assertThat(gw.policies().current().policySet().policies()).isEmpty();
            assertThat(gw.policyEnforced()).as("no policy directory: fixed routes stay open").isFalse();
        }
    }

    @Test
    void aDamagedLocalCaIsReportedOnceThoughIdentityAndTrustBothNeedIt() throws Exception {
        Path pki = Files.createDirectories(dir.resolve("state/pki"));
        Files.writeString(pki.resolve("root.crt"), "garbage\n");
        GatewayConfig config = load(HEADER + ROUTE);

        assertThatThrownBy(() -> Gateway.assemble(config, List.of(), Clock.systemUTC()))
                .isInstanceOfSatisfying(AssemblyException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("local CA: " + pki.resolve("root.crt")));
    }

    private GatewayConfig load(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("gateway.yaml"), yaml);
        return GatewayConfigLoader.load(file).orElseThrow();
    }

    @Test
    void mqttUpdatesEstAndConnectAreServedTheMqttSideStartsWithTheGateway() throws Exception {
        Path vendor = writeVendorKey();
        GatewayConfig config = load(HEADER + "listeners:\n"
                + "  - {name: devices, bind: 127.0.0.1:0, serve: [connect, updates, est]}\n"
                + "  - {name: mqtt, bind: 127.0.0.1:0, serve: [mqtt]}\n"
                + "cloud:\n  updates: {vendorKeys: [" + vendor.getFileName() + "]}\n");

        try (Gateway gw = Gateway.assemble(config, List.of(), Clock.systemUTC())) {
            assertThat(gw.mqttCloud()).as("not started yet").isEmpty();
            assertThat(dir.resolve("state/updates")).isDirectory();
            assertThat(dir.resolve("state/image-cache")).isDirectory();
            gw.start();
            assertThat(gw.listeners()).containsOnlyKeys("devices", "mqtt");
            assertThat(gw.mqttCloud()).hasValueSatisfying(b -> assertThat(b.host()).isEqualTo("127.0.0.1"));
            assertThat(dir.resolve("state/mqtt-spool")).isDirectory();
        }
    }

    @Test
    void updatesWithoutVendorKeysAreRefusedAtStart() throws Exception {
        GatewayConfig config = load(HEADER + "listeners:\n  - {name: devices, bind: 127.0.0.1:0, serve: [updates]}\n");

        assertThatThrownBy(() -> Gateway.assemble(config, List.of(), Clock.systemUTC()))
                .isInstanceOfSatisfying(AssemblyException.class, e -> assertThat(e.problems()).containsExactly(
                        "listeners[0] devices: cloud.updates.vendorKeys: [] (expected: at least one PEM public key file"
                                + " of the vendor, to verify update manifests; required by serve: [updates])"));
    }

    @Test
    void estAloneNeedsNoVendorKeys() throws Exception {
        GatewayConfig config = load(HEADER + "listeners:\n  - {name: devices, bind: 127.0.0.1:0, serve: [est]}\n");

        try (Gateway gw = Gateway.assemble(config, List.of(), Clock.systemUTC())) {
            assertThat(gw.isReady()).isFalse();
        }
    }

    private Path writeVendorKey() throws Exception {
        java.security.KeyPair vendor = io.palisade.core.pki.KeyPairs.p256();
        return Files.writeString(dir.resolve("vendor.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .encodeToString(vendor.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
    }
}
