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

import io.palisade.adapters.update.DirectoryManifestSource;
import io.palisade.app.gateway.Gateway;
import io.palisade.config.ConfigProblem;
import io.palisade.config.gateway.CloudConfig;
import io.palisade.core.update.ImageDigest;
import io.palisade.core.update.ImageEntry;
import io.palisade.core.update.Manifest;
import io.palisade.core.update.ManifestSigner;
import io.palisade.core.update.ManifestTarget;
import io.palisade.core.update.SignedManifest;
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
    private DemoMqtt mqtt;
    private KeyPair vendor;
    private ImageDigest firmware;

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
        steps.run("mqtt telemetry", this::mqttTelemetry);
        steps.run("mqtt denied", this::mqttDenied);
        steps.run("mqtt command", this::mqttCommand);
        if (mqtt != null) {
            mqtt.close();
        }
        steps.run("update download", this::updateDownload);
        steps.run("certificate renewal", this::certificateRenewal);
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
        Path pki = dir.resolve("state/pki");
        ca = LocalCa.init(pki, TENANT, clock);
        CertificateFiles.issueServer(ca.authority(), pki.resolve("gateway.crt"), pki.resolve("gateway.key"),
                List.of("localhost"), List.of(java.net.InetAddress.getLoopbackAddress()), Duration.ofDays(90));
        return "local CA for tenant " + TENANT + " (root + device CA, ECDSA P-256) and a gateway server certificate in "
                + pki;
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
            publishFirmware();
            return writeSiteConfig("relay-gateway.yaml",
                    "bind: 127.0.0.1:0\n    route: {to: \"" + echo.getAddress().getHostAddress() + ":" + echo.getPort() + "\"}\n"
                            + "  - name: egress\n    bind: 127.0.0.1:0\n    serve: [connect]\n"
                            + "  - name: mqtt\n    bind: 127.0.0.1:0\n    serve: [mqtt]\n"
                            + "  - name: relays\n    bind: 127.0.0.1:0\n    serve: [updates, est]",
                    "policies: policies.d\nregistry: devices.yaml\nstate: " + dir.resolve("state") + "\n"
                            + "cloud:\n  updates: {vendorKeys: [" + dir.resolve("vendor.pem") + "]}\n");
        }, clock);
        InetSocketAddress at = gateway.address("devices");
        InetSocketAddress egress = gateway.address("egress");
        return "mutual TLS on " + at.getHostString() + ":" + at.getPort() + " (route to the echo service), "
                + egress.getPort() + " (CONNECT egress), " + gateway.address("mqtt").getPort() + " (MQTT) and "
                + gateway.address("relays").getPort() + " (updates, EST); policies from policies.d";
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
                    - name: telemetry-up
                      action: allow
                      mqtt: {publish: ["devices/${device.id}/telemetry"]}
                    - name: commands-down
                      action: allow
                      mqtt: {subscribe: ["devices/${device.id}/commands/#"]}
                    - name: firmware
                      action: allow
                      updates: {channels: [stable]}
                    - name: certificate-renewal
                      action: allow
                      est: [reenroll]
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

    /** The vendor's key (vendor.pem) and firmware 1.1 of thermostats on channel stable, in {@code <state>/updates}. */
    private void publishFirmware() throws IOException {
        vendor = KeyPairs.p256();
        Files.writeString(dir.resolve("vendor.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .encodeToString(vendor.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        Path updates = CloudConfig.embeddedUpdates(dir.resolve("state"));
        byte[] image = new byte[256 * 1024];
        new java.util.Random(11).nextBytes(image);
        firmware = ImageDigest.of(image);
        Files.createDirectories(updates.resolve("sha256"));
        Files.write(updates.resolve("sha256").resolve(firmware.hex()), image);
        ManifestTarget target = new ManifestTarget("thermostat", "stable");
        SignedManifest manifest = ManifestSigner.of(vendor.getPrivate(), vendor.getPublic()).sign(new Manifest(target, 11,
                clock.instant().plus(Duration.ofDays(7)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                List.of(new ImageEntry("thermostat-1.1.bin", firmware, image.length))));
        Path file = new DirectoryManifestSource(updates).pathOf(target);
        Files.createDirectories(file.getParent());
        Files.write(file, manifest.document());
    }

    private String mqttTelemetry() throws Exception {
        expect(gateway != null, "no gateway");
        mqtt = DemoMqtt.connect(goodId, new DemoDevice(goodKeys.getPrivate(), goodChain), gateway.address("mqtt"),
                ca.authority().root(), gateway.mqttCloud());
        String topic = mqtt.telemetryUp("21.5");
        return "MQTT 5 PUBLISH " + topic.replace(goodId.value(), shortId(goodId)) + " → through the gateway to the cloud broker"
                + " (embedded, " + Gateway.format(gateway.mqttCloud()) + "), received by the cloud app";
    }

    private String mqttDenied() throws Exception {
        expect(mqtt != null, "no MQTT session");
        DeviceId other = DeviceId.of(KeyPairs.p256().getPublic());
        String reason = mqtt.publishDenied(other);
        expect(reason.equals("NOT_AUTHORIZED"), "PUBACK " + reason);
        return "PUBLISH devices/" + shortId(other) + "/telemetry (another device's topic) → PUBACK NOT_AUTHORIZED"
                + ", denied by the policy";
    }

    private String mqttCommand() throws Exception {
        expect(mqtt != null, "no MQTT session");
        String topic = mqtt.commandDown("setpoint 20.0");
        return "the cloud app published " + topic.replace(goodId.value(), shortId(goodId))
                + " at the broker → delivered down to the device";
    }

    private String updateDownload() throws Exception {
        expect(gateway != null && firmware != null, "no gateway or firmware");
        List<DemoDevice> fleet = new ArrayList<>(List.of(new DemoDevice(goodKeys.getPrivate(), goodChain)));
        for (int i = 0; i < 2; i++) {
            KeyPair keys = KeyPairs.p256();
            fleet.add(new DemoDevice(keys.getPrivate(), List.of(
                    ca.authority().issueDevice(keys.getPublic(), DeviceProfile.of("thermostat")),
                    ca.authority().deviceCa().certificate())));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(fleet.size());
        try {
            List<java.util.concurrent.Future<byte[]>> downloads = new ArrayList<>();
            for (DemoDevice device : fleet) {
                DemoHttps https = new DemoHttps(device, gateway.address("relays"), ca.authority().root());
                downloads.add(pool.submit(() -> {
                    https.get("/updates/v1/thermostat/stable/manifest");
                    return https.get("/updates/v1/sha256/" + firmware.hex());
                }));
            }
            for (java.util.concurrent.Future<byte[]> download : downloads) {
                byte[] image = download.get(60, java.util.concurrent.TimeUnit.SECONDS);
                expect(ImageDigest.of(image).equals(firmware), "an image that does not hash to the manifest's digest");
            }
        } finally {
            pool.shutdownNow();
        }
        long fetches = gateway.originFetches();
        expect(fetches == 1, "origin fetches: " + fetches + " (expected 1)");
        return fleet.size() + " thermostats downloaded firmware 1.1 (vendor-signed manifest, sha256 verified) at once;"
                + " origin fetches: " + fetches;
    }

    private String certificateRenewal() throws Exception {
        expect(gateway != null, "no gateway");
        DemoHttps https = new DemoHttps(new DemoDevice(goodKeys.getPrivate(), goodChain), gateway.address("relays"),
                ca.authority().root());
        X509Certificate renewed = https.reenroll(goodKeys, "O=" + TENANT + ",OU=thermostat");
        expect(!renewed.getSerialNumber().equals(goodCert.getSerialNumber()), "the same certificate came back");
        expect(DeviceId.of(renewed.getPublicKey()).equals(goodId), "the renewed certificate is for another key");
        DemoDevice renewedDevice = new DemoDevice(goodKeys.getPrivate(), List.of(renewed, ca.authority().deviceCa().certificate()));
        String sent = "hello with the renewed certificate";
        String back = renewedDevice.roundTrip(gateway.address("devices"), ca.authority().root(), sent);
        expect(sent.equals(back), "reconnecting with the renewed certificate got back '" + back + "'");
        return "EST simplereenroll with its own key → serial " + renewed.getSerialNumber().toString(16)
                + " (was " + goodCert.getSerialNumber().toString(16) + "), reconnected with it";
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
