package io.palisade.adapters.est;

import static io.palisade.adapters.fixtures.Processes.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.palisade.adapters.fixtures.Curl;
import io.palisade.adapters.fixtures.Devices;
import io.palisade.adapters.fixtures.Devices.Device;
import io.palisade.adapters.fixtures.Policies;
import io.palisade.adapters.fixtures.RelayGateway;
import io.palisade.adapters.http.HttpRelayService;
import io.palisade.core.enrollment.EnrollmentRules;
import io.palisade.core.enrollment.LocalCaEnroller;
import io.palisade.core.enrollment.NonceIssuer;
import io.palisade.core.policy.PolicyStore;
import io.palisade.testing.pki.TestPki;

/**
 * EST with tools we did not write: {@code openssl req} makes the request, the real {@code curl}
 * posts it base64 with the device's current certificate, {@code openssl} unpacks the PKCS#7
 * answer and {@code openssl verify} accepts the new certificate against the CA, which then
 * connects to the gateway. Re-enrollment with the device's own key and enrollment of a fresh
 * {@code openssl}-made key both work; another device's key is a 403, the two bytes {@code 30 00}
 * a 400.
 */
class EnrollsWithOpensslAndCurlIT {

    @TempDir
    Path dir;

    private final Devices devices = new Devices();
    private final Device device = devices.device();
    private RelayGateway gw;
    private Curl curl;
    private Path caRoot;
    private Path caIntermediate;

    @BeforeEach
    void start() throws Exception {
        PolicyStore policy = Policies.standard();
        NonceIssuer nonces = NonceIssuer.create(Clock.systemUTC());
        gw = new RelayGateway(devices, policy, HttpRelayService.builder()
                .routes(EstRelay.of(EnrollmentRules.of(policy, nonces, Clock.systemUTC()), nonces,
                        CertificateIssuer.local(new LocalCaEnroller(devices.ca)))).build());
        curl = new Curl(dir, gw.writeRoot(dir), device.chain().subList(0, 2), device.keys(), "device");
        caRoot = Files.writeString(dir.resolve("ca-root.pem"), TestPki.pem(devices.ca.root()), StandardCharsets.US_ASCII);
        caIntermediate = Files.writeString(dir.resolve("ca-devices.pem"), TestPki.pem(devices.ca.deviceCa().certificate()),
                StandardCharsets.US_ASCII);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void reenrollsWithTheDevicesOwnKey() throws Exception {
        ok(dir, "openssl", "req", "-new", "-key", curl.keyFile().toString(), "-subj", "/O=acme/OU=sensor",
                "-outform", "DER", "-out", "csr.der");

        Path renewed = enroll("simplereenroll", "csr.der", "renewed");

        assertThat(ok(dir, "openssl", "x509", "-in", renewed.toString(), "-noout", "-subject"))
                .contains("CN = " + device.id(), "OU = sensor", "O = acme");
        connects(renewed, curl.keyFile());
    }

    @Test
    void enrollsAFreshKeyMadeByOpenssl() throws Exception {
        ok(dir, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "fresh.key", "-subj", "/O=acme/OU=sensor", "-outform", "DER", "-out", "fresh.der");

        Path issued = enroll("simpleenroll", "fresh.der", "fresh");

        connects(issued, dir.resolve("fresh.key"));
    }

    @Test
    void anotherDevicesKeyIsRefused() throws Exception {
        Device other = devices.device();
        Curl otherFiles = new Curl(dir, dir.resolve("gateway-root.pem"), other.chain().subList(0, 2), other.keys(), "other");
        ok(dir, "openssl", "req", "-new", "-key", otherFiles.keyFile().toString(), "-subj", "/O=acme/OU=sensor",
                "-outform", "DER", "-out", "other.der");
        ok(dir, "openssl", "base64", "-in", "other.der", "-out", "other.b64");

        Curl.Result r = post("simplereenroll", "other.b64", true);

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text()).contains("KEY_NOT_BOUND");
    }

    @Test
    void theTwoBytes3000AreA400WithAReason() throws Exception {
        Files.write(dir.resolve("tiny.der"), new byte[] {0x30, 0x00});

        Curl.Result r = post("simplereenroll", "tiny.der", false);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("MALFORMED_CSR");
    }

    @Test
    void cacertsReadsWithOpenssl() throws Exception {
        Curl.Result r = curl.run(gw.url("/.well-known/est/cacerts"));
        assertThat(r.status()).isEqualTo(200);
        Files.write(dir.resolve("cacerts.b64"), r.body());

        ok(dir, "openssl", "base64", "-d", "-in", "cacerts.b64", "-out", "cacerts.der");
        String certs = ok(dir, "openssl", "pkcs7", "-inform", "DER", "-in", "cacerts.der", "-print_certs");

        assertThat(certs).contains("acme Palisade Root CA", "acme Palisade Device CA");
    }

    /** Posts {@code csr} (DER) base64 with the device's certificate, unpacks the answer; returns the new certificate (PEM). */
    private Path enroll(String op, String csrDer, String name) throws Exception {
        ok(dir, "openssl", "base64", "-in", csrDer, "-out", name + ".b64");
        Curl.Result r = post(op, name + ".b64", true);
        assertThat(r.status()).as(r.text() + r.stderr()).isEqualTo(200);
        Files.write(dir.resolve(name + "-p7.b64"), r.body());
        ok(dir, "openssl", "base64", "-d", "-in", name + "-p7.b64", "-out", name + "-p7.der");
        ok(dir, "openssl", "pkcs7", "-inform", "DER", "-in", name + "-p7.der", "-print_certs", "-out", name + ".pem");
        assertThat(ok(dir, "openssl", "verify", "-CAfile", caRoot.toString(), "-untrusted", caIntermediate.toString(), name + ".pem"))
                .contains(name + ".pem: OK");
        return dir.resolve(name + ".pem");
    }

    private Curl.Result post(String op, String file, boolean base64) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--data-binary", "@" + dir.resolve(file),
                "-H", "Content-Type: application/pkcs10"));
        if (base64) {
            args.addAll(List.of("-H", "Content-Transfer-Encoding: base64"));
        }
        return curl.run(gw.url("/.well-known/est/" + op), args.toArray(new String[0]));
    }

    /** The new certificate (with the device CA) and its key get the gateway to answer. */
    private void connects(Path certificate, Path key) throws Exception {
        Path chain = Files.writeString(dir.resolve(certificate.getFileName() + ".chain"),
                Files.readString(certificate) + Files.readString(caIntermediate), StandardCharsets.US_ASCII);
        Curl.Result r = Curl.withFiles(dir, dir.resolve("gateway-root.pem"), chain, key).run(gw.url("/.well-known/est/csrattrs"));
        assertThat(r.status()).as(r.stderr()).isEqualTo(200);
    }
}
