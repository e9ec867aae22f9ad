package io.palisade.core.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.palisade.core.identity.DeviceId;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLReason;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local CA's files, judged by a PKI implementation we did not write: the real {@code openssl}
 * (strict X.509 checks, purpose checks, CRL parsing and checking, key files). Real time, since
 * openssl validates at the current time.
 */
class OpensslAcceptsLocalCaIT {

    private static final String OPENSSL = "/usr/bin/openssl";
    private static final long TIMEOUT_SECONDS = 30;

    @TempDir
    Path tmp;

    private Path caDir;
    private LocalCa ca;

    @BeforeEach
    void initCa() throws IOException {
        assumeTrue(Files.isExecutable(Path.of(OPENSSL)), OPENSSL + " is not installed (apt-get install openssl)");
        caDir = tmp.resolve("ca");
        ca = LocalCa.init(caDir, "acme", Clock.systemUTC());
    }

    @Test
    void verifiesAnIssuedDeviceStrictlyForClientAuth() throws Exception {
        CertificateFiles.issueDevice(ca.authority(), tmp.resolve("d1"), DeviceProfile.of("thermostat"));
        Result r = run(OPENSSL, "verify", "-x509_strict", "-purpose", "sslclient",
                "-CAfile", caDir.resolve(LocalCa.ROOT_CERT).toString(),
                "-untrusted", caDir.resolve(LocalCa.DEVICE_CA_CERT).toString(),
                tmp.resolve("d1/device.crt").toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("device.crt: OK");
    }

    @Test
    void verifiesTheGatewayServerCertificateForServerAuth() throws Exception {
        CertificateFiles.issueServer(ca.authority(), tmp.resolve("gateway.crt"), tmp.resolve("gateway.key"),
                List.of("localhost"), List.of(InetAddress.getLoopbackAddress()), Duration.ofDays(90));
        Result r = run(OPENSSL, "verify", "-x509_strict", "-purpose", "sslserver", "-verify_hostname", "localhost",
                "-verify_ip", "127.0.0.1", "-CAfile", caDir.resolve(LocalCa.CHAIN).toString(),
                tmp.resolve("gateway.crt").toString());
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    @Test
    void theDeviceKeyHashesToTheCommonName() throws Exception {
        Path out = tmp.resolve("d2");
        DeviceId id = CertificateFiles.issueDevice(ca.authority(), out, DeviceProfile.of("thermostat"));
        Path digest = tmp.resolve("digest.txt");
        List<Process> pipeline = ProcessBuilder.startPipeline(List.of(
                new ProcessBuilder(OPENSSL, "pkey", "-in", out.resolve(CertificateFiles.DEVICE_KEY).toString(),
                        "-pubout", "-outform", "DER").redirectError(ProcessBuilder.Redirect.DISCARD),
                new ProcessBuilder("sha256sum").redirectOutput(digest.toFile())));
        for (Process p : pipeline) {
            assertThat(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("pipeline finished").isTrue();
            assertThat(p.exitValue()).isZero();
        }
        String sha256 = Files.readString(digest).split("\\s+")[0];
        X509Certificate cert = PemFiles.readCertificate(out.resolve(CertificateFiles.DEVICE_CERT));
        assertThat(sha256).isEqualTo(id.value())
                .isEqualTo(CertificateAuthorityTest.attr(cert, org.bouncycastle.asn1.x500.style.BCStyle.CN));
    }

    @Test
    void parsesAndVerifiesTheCrlAndRejectsTheRevokedDevice() throws Exception {
        Path out = tmp.resolve("d3");
        CertificateFiles.issueDevice(ca.authority(), out, DeviceProfile.of("thermostat"));
        BigInteger serial = PemFiles.readCertificate(out.resolve(CertificateFiles.DEVICE_CERT)).getSerialNumber();
        ca.revoke(serial, CRLReason.KEY_COMPROMISE);
        String crl = caDir.resolve(LocalCa.CRL).toString();

        String hex = serial.toString(16).toUpperCase(Locale.ROOT);
        hex = hex.length() % 2 == 0 ? hex : "0" + hex; // openssl prints whole octets
        Result text = run(OPENSSL, "crl", "-in", crl, "-noout", "-text");
        assertThat(text.exit()).as(text.toString()).isZero();
        assertThat(text.out()).contains("X509v3 CRL Number:", "Key Compromise",
                "Serial Number: " + hex, "acme Palisade Device CA");

        Result verified = run(OPENSSL, "crl", "-in", crl, "-noout", "-CAfile", caDir.resolve(LocalCa.CHAIN).toString());
        assertThat(verified.exit()).as(verified.toString()).isZero();
        assertThat(verified.out() + verified.err()).contains("verify OK");

        Result revoked = run(OPENSSL, "verify", "-crl_check", "-CRLfile", crl,
                "-CAfile", caDir.resolve(LocalCa.ROOT_CERT).toString(),
                "-untrusted", caDir.resolve(LocalCa.DEVICE_CA_CERT).toString(),
                out.resolve(CertificateFiles.DEVICE_CERT).toString());
        assertThat(revoked.exit()).as(revoked.toString()).isNotZero();
        assertThat(revoked.out() + revoked.err()).contains("certificate revoked");
    }

    private record Result(int exit, String out, String err) {}

    private Result run(String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + ": did not finish within " + TIMEOUT_SECONDS + " s");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
