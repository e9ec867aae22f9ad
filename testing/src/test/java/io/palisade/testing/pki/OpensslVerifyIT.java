package io.palisade.testing.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.pkitesting.CertificateBuilder.ExtendedKeyUsage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code openssl verify}, a verifier we did not write, judges the test PKI's chains and CRLs. */
class OpensslVerifyIT {

    private static final Path OPENSSL = Path.of("/usr/bin/openssl");
    private static final TestPki PKI = TestPki.create("acme");

    @TempDir
    Path dir;

    @BeforeAll
    static void opensslIsInstalled() {
        assumeTrue(Files.isExecutable(OPENSSL), "openssl not installed at " + OPENSSL);
    }

    @Test
    void acceptsAGoodDevice() throws Exception {
        PKI.writeTrustTo(dir);
        PKI.device().product("thermostat").build().writeTo(dir, "device");

        Result result = verify("-purpose", "sslclient", "device.crt");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("device.crt: OK");
    }

    @Test
    void refusesAServerAuthOnlyDeviceAsATlsClient() throws Exception {
        PKI.writeTrustTo(dir);
        PKI.device().extendedKeyUsage(ExtendedKeyUsage.PKIX_KP_SERVER_AUTH).build().writeTo(dir, "device");

        Result result = verify("-purpose", "sslclient", "device.crt");

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("unsuitable certificate purpose");
    }

    @Test
    void refusesADeviceOfAForeignCa() throws Exception {
        PKI.writeTrustTo(dir);
        TestPki.create("rogue").device().build().writeTo(dir, "rogue");

        Result result = verify("rogue.crt");

        assertThat(result.exitCode()).as(result.output()).isNotZero();
    }

    @Test
    void refusesARevokedDeviceWithTheCrl() throws Exception {
        PKI.writeTrustTo(dir);
        HeldCert device = PKI.device().build();
        device.writeTo(dir, "device");
        Files.writeString(dir.resolve("crl.pem"), TestPki.pem(PKI.crl(List.of(device.certificate().getSerialNumber()),
                PKI.now().minus(Duration.ofMinutes(1)), PKI.now().plus(Duration.ofDays(1)))));

        Result result = verify("-crl_check", "-CRLfile", "crl.pem", "device.crt");

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("certificate revoked");
    }

    private record Result(int exitCode, String output) {}

    private Result verify(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(OPENSSL.toString(), "verify",
                "-CAfile", "root.pem", "-untrusted", "intermediate.pem"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("openssl verify did not finish within 30 s: " + command);
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
