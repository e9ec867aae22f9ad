package io.palisade.app.demo;

import static io.palisade.app.demo.DemoSteps.expect;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import io.palisade.config.ConfigProblem;
import io.palisade.config.LoadResult;
import io.palisade.config.gateway.GatewayConfig;
import io.palisade.config.gateway.GatewayConfigLoader;
import io.palisade.core.identity.AttestationClaims;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.identity.DeviceIdentityVerifier;
import io.palisade.core.identity.FirmwareDigest;
import io.palisade.core.identity.Refusal;
import io.palisade.core.identity.Refused;
import io.palisade.core.identity.TenantTrust;
import io.palisade.core.identity.Verification;
import io.palisade.core.identity.Verified;
import io.palisade.core.pki.CertificateAuthority;
import io.palisade.core.pki.CertificateFiles;
import io.palisade.core.pki.DeviceProfile;
import io.palisade.core.pki.KeyPairs;
import io.palisade.core.pki.LocalCa;
import io.palisade.core.pki.PemFiles;
import io.palisade.core.revocation.DenyList;
import io.palisade.core.revocation.RevocationPolicy;
import io.palisade.proxy.events.ConnectionRefused;
import java.security.cert.CRLReason;

/**
 * {@code palisade demo}: what Palisade can do today, end to end, in a throwaway directory. A local
 * CA for tenant {@code acme}; devices good, mis-bound, foreign, expired, revoked and deny-listed,
 * each judged by the gateway's own verifier; the site's configuration checked, then a broken one.
 * One line per step, a summary, exit 1 if any step did not go as expected.
 */
public final class Demo {

    private static final String TENANT = "acme";

    private final Path dir;
    private final Clock clock;
    private final DemoSteps steps;
    private final DenyList denyList = DenyList.empty();
    private LocalCa ca;
    private DeviceId goodId;
    private X509Certificate goodCert;
    private List<X509Certificate> goodChain;
    private KeyPair goodKeys;
    private DemoDevice revoked;
    private DemoDevice rogue;
    private DemoGateway gateway;
    private int echoPort;

    public Demo(Path dir, Clock clock, PrintWriter out) {
        this.dir = dir;
        this.clock = clock;
        this.steps = new DemoSteps(out);
    }

    /** Runs every step; returns the exit code (0 when all passed). */
    public int run() {
        steps.run("pki", this::createPki);
        steps.run("good device", this::goodDevice);
        steps.run("mis-bound device", this::misboundDevice);
        steps.run("foreign device", this::foreignDevice);
        steps.run("expired device", this::expiredDevice);
        steps.run("revoked device", this::revokedDevice);
        steps.run("deny-listed device", this::denyListedDevice);
        steps.run("config check", this::checkConfig);
        steps.run("broken config", this::brokenConfig);
        steps.run("gateway", this::startGateway);
        steps.run("relay", this::relay);
        steps.run("connect allowed", this::connectAllowed);
        steps.run("connect denied", this::connectDenied);
        steps.run("revoked at handshake", () -> refusedAtHandshake(revoked, Refusal.REVOKED));
        steps.run("rogue at handshake", () -> refusedAtHandshake(rogue, Refusal.UNKNOWN_ISSUER));
        if (gateway != null) {
            try {
                gateway.close();
            } catch (IOException e) {
                steps.run("gateway stop", () -> { throw e; });
            }
        }
        return steps.finish();
    }

    private String createPki() throws IOException {
        ca = LocalCa.init(dir.resolve("ca"), TENANT, clock);
        CertificateFiles.issueServer(ca.authority(), dir.resolve("ca/gateway.crt"), dir.resolve("ca/gateway.key"),
                List.of("localhost"), List.of(java.net.InetAddress.getLoopbackAddress()), Duration.ofDays(90));
        return "local CA for tenant " + TENANT + " (root + device CA, ECDSA P-256) and a gateway server certificate in "
                + dir.resolve("ca");
    }

    private DeviceIdentityVerifier verifier(Clock at) throws IOException {
        RevocationPolicy crl = RevocationPolicy.crls(Set.of(PemFiles.readCrl(ca.directory().resolve(LocalCa.CRL))));
        return DeviceIdentityVerifier.builder().clock(at).denyList(denyList)
                .tenant(new TenantTrust(TENANT, Set.of(ca.authority().root()), crl)).build();
    }

    private String goodDevice() throws Exception {
        KeyPair keys = KeyPairs.p256();
        goodKeys = keys;
        FirmwareDigest firmware = new FirmwareDigest(HexFormat.of().parseHex(
                "9f2b6e1c0d4a8b7e3f5a1c2d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b"));
        DeviceProfile profile = DeviceProfile.of("thermostat").withAttestation(new AttestationClaims(firmware, clock.instant()));
        goodCert = ca.authority().issueDevice(keys.getPublic(), profile);
        goodChain = List.of(goodCert, ca.authority().deviceCa().certificate());
        goodId = DeviceId.of(keys.getPublic());
        Verification v = verifier(clock).verify(goodChain);
        expect(v instanceof Verified, "refused: " + v);
        DeviceIdentity id = ((Verified) v).identity();
        expect(id.id().equals(goodId), "verified as " + id.id() + ", issued as " + goodId);
        return "admitted " + shortId(id.id()) + " (tenant " + id.tenant() + ", product " + id.product().orElse("-")
                + ", firmware " + id.attestation().map(a -> a.firmware().toString().substring(0, 19) + "…").orElse("none") + ")";
    }

    private String misboundDevice() throws Exception {
        KeyPair keys = KeyPairs.p256();
        X509Certificate genuine = ca.authority().issueDevice(keys.getPublic(), DeviceProfile.of("thermostat"));
        X509Certificate claimsGood = MisboundCertificate.claiming(goodId.value(), genuine, ca.authority().deviceCa().privateKey());
        return refused(verifier(clock).verify(List.of(claimsGood, ca.authority().deviceCa().certificate())),
                Refusal.ID_NOT_BOUND_TO_KEY, "a certificate whose CN claims " + shortId(goodId) + " for another key");
    }

    private String foreignDevice() throws Exception {
        CertificateAuthority rogue = CertificateAuthority.create("rogue", clock);
        KeyPair keys = KeyPairs.p256();
        X509Certificate cert = rogue.issueDevice(keys.getPublic(), DeviceProfile.of("thermostat"));
        this.rogue = new DemoDevice(keys.getPrivate(), List.of(cert, rogue.deviceCa().certificate()));
        return refused(verifier(clock).verify(List.of(cert, rogue.deviceCa().certificate())),
                Refusal.UNKNOWN_ISSUER, "a device of a CA the site does not trust");
    }

    private String expiredDevice() throws Exception {
        Clock tenDaysAgo = Clock.offset(clock, Duration.ofDays(-10));
        CertificateAuthority past = CertificateAuthority.of(ca.authority().root(), ca.authority().deviceCa(), tenDaysAgo);
        X509Certificate cert = past.issueDevice(KeyPairs.p256().getPublic(), DeviceProfile.of("thermostat"));
        return refused(verifier(clock).verify(List.of(cert, ca.authority().deviceCa().certificate())),
                Refusal.EXPIRED, "a 7-day certificate issued 10 days ago");
    }

    private String revokedDevice() throws Exception {
        KeyPair keys = KeyPairs.p256();
        X509Certificate cert = ca.authority().issueDevice(keys.getPublic(), DeviceProfile.of("thermostat"));
        ca.revoke(cert.getSerialNumber(), CRLReason.KEY_COMPROMISE);
        revoked = new DemoDevice(keys.getPrivate(), List.of(cert, ca.authority().deviceCa().certificate()));
        return refused(verifier(clock).verify(List.of(cert, ca.authority().deviceCa().certificate())),
                Refusal.REVOKED, "serial " + cert.getSerialNumber().toString(16) + " on the CA's new CRL");
    }

    private String denyListedDevice() throws Exception {
        denyList.add(goodId);
        try {
            return refused(verifier(clock).verify(goodChain), Refusal.REVOKED,
                    "the good device once its id is on the local deny list");
        } finally {
            denyList.remove(goodId);
        }
    }

    private String checkConfig() throws Exception {
        Path file = writeSiteConfig("demo-gateway.yaml", "bind: 127.0.0.1:0\n    serve: [connect]", "limits:\n  handshakeTimeout: 10s\n");
        LoadResult<GatewayConfig> result = GatewayConfigLoader.load(file);
        expect(result.isLoaded(), "refused: " + result.problems());
        GatewayConfig config = result.orElseThrow();
        return file.getFileName() + " valid (site " + config.site() + ", tenant " + config.tenants().get(0).name()
                + " trusting the local root, " + config.listeners().size() + " listener)";
    }

    private String brokenConfig() throws Exception {
        Path file = writeSiteConfig("broken-gateway.yaml", "bind: 127.0.0.1:70000\n    serve: [connect]", "limits:\n  handshakeTimout: 10s\n");
        LoadResult<GatewayConfig> result = GatewayConfigLoader.load(file);
        expect(!result.isLoaded(), "a broken configuration was accepted");
        List<String> lines = new ArrayList<>();
        for (ConfigProblem p : result.problems()) {
            lines.add(p.toString().replace(dir + "/", ""));
        }
        expect(lines.size() == 2, "expected 2 problems, got " + result.problems());
        return "refused, " + String.join("; ", lines);
    }

    private String startGateway() throws Exception {
        gateway = DemoGateway.start(echo -> {
            echoPort = echo.getPort();
            writePolicy(echo.getPort());
            return writeSiteConfig("relay-gateway.yaml",
                    "bind: 127.0.0.1:0\n    route: {to: \"" + echo.getAddress().getHostAddress() + ":" + echo.getPort() + "\"}\n"
                            + "  - name: egress\n    bind: 127.0.0.1:0\n    serve: [connect]",
                    "policies: policies.d\nregistry: devices.yaml\n");
        }, clock);
        InetSocketAddress at = gateway.address("devices");
        InetSocketAddress egress = gateway.address("egress");
        return "mutual TLS on " + at.getHostString() + ":" + at.getPort() + " (route to the echo service) and "
                + egress.getPort() + " (CONNECT egress), policies from policies.d";
    }

    /** Thermostats may reach the echo service, and nothing else: what the relay and CONNECT steps show. */
    private void writePolicy(int port) throws IOException {
        Files.createDirectories(dir.resolve("policies.d"));
        Files.writeString(dir.resolve("policies.d/10-thermostats.yaml"), """
                apiVersion: palisade/v1
                kind: DevicePolicy
                metadata: {name: thermostats}
                spec:
                  selector: {tenant: acme, product: thermostat}
                  rules:
                    - name: echo-service
                      action: allow
                      to: [{cidr: 127.0.0.1/32, ports: [%d]}]
                """.formatted(port));
        Files.writeString(dir.resolve("devices.yaml"), "apiVersion: palisade/v1\nkind: DeviceRegistry\ndevices: {}\n");
    }

    private String connectAllowed() throws Exception {
        expect(gateway != null, "no gateway");
        DemoDevice good = new DemoDevice(goodKeys.getPrivate(), goodChain);
        String answer = good.connect(gateway.address("egress"), ca.authority().root(), "127.0.0.1:" + echoPort, "over the tunnel");
        expect(answer.equals("200 over the tunnel"), "CONNECT answered '" + answer + "'");
        return "CONNECT 127.0.0.1:" + echoPort + " → 200, allowed by thermostats/echo-service, bytes echoed through the tunnel";
    }

    private String connectDenied() throws Exception {
        expect(gateway != null, "no gateway");
        DemoDevice good = new DemoDevice(goodKeys.getPrivate(), goodChain);
        int other = echoPort == 65535 ? 65534 : echoPort + 1;
        String answer = good.connect(gateway.address("egress"), ca.authority().root(), "127.0.0.1:" + other, "");
        expect(answer.startsWith("403"), "CONNECT answered '" + answer + "'");
        ConnectionRefused event = gateway.nextRefusal(Duration.ofSeconds(5));
        expect(event != null, "no refusal reported");
        return "CONNECT 127.0.0.1:" + other + " → 403 (default deny: no rule allows it; audit: " + event.reason() + ")";
    }

    private String relay() throws Exception {
        expect(gateway != null, "no gateway");
        DemoDevice good = new DemoDevice(goodKeys.getPrivate(), goodChain);
        String sent = "telemetry from " + shortId(goodId);
        String back = good.roundTrip(gateway.address("devices"), ca.authority().root(), sent);
        if (!sent.equals(back)) {
            ConnectionRefused why = gateway.nextRefusal(Duration.ofSeconds(1));
            throw new DemoSteps.Unexpected("sent '" + sent + "', got back '" + back + "'"
                    + (why == null ? "" : " (refused " + why.reason() + ": " + why.detail() + ")"));
        }
        return "the good device's bytes went through the gateway to the echo service and back";
    }

    private String refusedAtHandshake(DemoDevice device, Refusal expected) throws Exception {
        expect(gateway != null && device != null, "no gateway or device");
        String back = device.roundTrip(gateway.address("devices"), ca.authority().root(), "let me in");
        expect(back.isEmpty(), "relayed a refused device: '" + back + "'");
        ConnectionRefused event = gateway.nextRefusal(Duration.ofSeconds(5));
        expect(event != null, "no refusal reported");
        expect(event.certificateRefusal().orElse(null) == expected,
                "refused " + event.reason() + " " + event.certificateRefusal().orElse(null) + ", expected " + expected);
        return "TLS handshake refused, audit reason " + expected + " (the device saw only an alert)";
    }

    private Path writeSiteConfig(String name, String bind, String limits) throws IOException {
        Path ca = this.ca.directory();
        String yaml = """
                apiVersion: palisade/v1
                kind: Gateway
                site: demo
                identity:
                  certificate: %s
                  key: %s
                tenants:
                  - name: acme
                    trust: %s
                    revocation:
                      crls: [%s]
                listeners:
                  - name: devices
                    %s
                %s""".formatted(ca.resolve("gateway.crt"), ca.resolve("gateway.key"), ca.resolve(LocalCa.ROOT_CERT),
                ca.resolve(LocalCa.CRL), bind, limits);
        return Files.writeString(dir.resolve(name), yaml);
    }

    private static String refused(Verification v, Refusal expected, String what) throws DemoSteps.Unexpected {
        expect(v instanceof Refused r && r.reason() == expected, what + ": expected " + expected + ", got " + v);
        return "refused " + expected + " — " + what;
    }

    private static String shortId(DeviceId id) {
        return id.value().substring(0, 12) + "…";
    }
}
