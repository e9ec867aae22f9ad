package io.palisade.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code palisade pki init} and {@code palisade device issue} as a site operator uses them, judged
 * by the real openssl: the chain verifies, the CN is the hash of the key, keys are 0600, the CRL parses.
 */
class PkiCommandsIT {

    @TempDir
    static Path dir;
    static Path ca;
    static Path device;
    static String printedId;

    @BeforeAll
    static void issueADevice() {
        ca = dir.resolve("ca");
        device = dir.resolve("dev1");
        Cli.Result init = Cli.run("pki", "init", ca.toString(), "--tenant", "acme");
        assertThat(init.exitCode()).as(init.all()).isZero();
        Cli.Result issue = Cli.run("device", "issue", "--ca", ca.toString(), "--out", device.toString(),
                "--tenant", "acme", "--product", "thermostat", "--days", "3");
        assertThat(issue.exitCode()).as(issue.all()).isZero();
        printedId = issue.out().strip();
    }

    private static Processes.Result openssl(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        return Processes.run(dir, cmd);
    }

    @Test
    void opensslVerifiesTheDeviceChainForClientAuth() {
        Processes.Result r = openssl("verify", "-x509_strict", "-purpose", "sslclient",
                "-CAfile", ca.resolve("root.crt").toString(), "-untrusted", ca.resolve("devices-ca.crt").toString(),
                device.resolve("device.crt").toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains(": OK");
    }

    @Test
    void opensslVerifiesTheGatewayServerCertificate() {
        Processes.Result r = openssl("verify", "-x509_strict", "-purpose", "sslserver", "-verify_ip", "127.0.0.1",
                "-verify_hostname", "localhost", "-CAfile", ca.resolve("root.crt").toString(),
                "-untrusted", ca.resolve("devices-ca.crt").toString(), ca.resolve("gateway.crt").toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void theCommonNameIsTheSha256OfTheDeviceKeyAsOpensslComputesIt() throws Exception {
        Processes.Result der = openssl("pkey", "-in", device.resolve("device.key").toString(), "-pubout",
                "-outform", "DER", "-out", dir.resolve("pub.der").toString());
        assertThat(der.exitCode()).as(der.output()).isZero();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(dir.resolve("pub.der"))));
        assertThat(printedId).isEqualTo(sha);

        Processes.Result subject = openssl("x509", "-in", device.resolve("device.crt").toString(), "-noout",
                "-subject", "-nameopt", "RFC2253");
        assertThat(subject.output().strip()).isEqualTo("subject=CN=" + sha + ",OU=thermostat,O=acme");
    }

    @Test
    void privateKeysAreReadableByTheOwnerOnly() throws IOException {
        for (Path key : List.of(ca.resolve("root.key"), ca.resolve("devices-ca.key"), ca.resolve("gateway.key"),
                device.resolve("device.key"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).as(key.toString())
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void opensslParsesAndVerifiesTheCrl() {
        Processes.Result r = openssl("crl", "-in", ca.resolve("crl.pem").toString(), "-noout", "-text",
                "-CAfile", ca.resolve("ca-chain.pem").toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("verify OK").contains("X509v3 CRL Number");
    }

    @Test
    void deviceIdAgreesForCertificateKeyPublicKeyAndCsr() {
        openssl("pkey", "-in", device.resolve("device.key").toString(), "-pubout", "-out", dir.resolve("pub.pem").toString());
        Processes.Result csr = openssl("req", "-new", "-key", device.resolve("device.key").toString(),
                "-subj", "/CN=whatever", "-out", dir.resolve("device.csr").toString());
        assertThat(csr.exitCode()).as(csr.output()).isZero();

        Cli.Result cert = Cli.run("device", "id", device.resolve("device.crt").toString());
        assertThat(cert.exitCode()).isZero();
        assertThat(cert.out()).startsWith(printedId + "\n").contains("bound: yes");
        for (String file : List.of("dev1/device.key", "pub.pem", "device.csr")) {
            Cli.Result r = Cli.run("device", "id", dir.resolve(file).toString());
            assertThat(r.exitCode()).as(file + ": " + r.all()).isZero();
            assertThat(r.out().strip()).as(file).isEqualTo(printedId);
        }
    }

    @Test
    void aForeignTenantAndAnExistingCaDirectoryAreRefused() {
        Cli.Result wrongTenant = Cli.run("device", "issue", "--ca", ca.toString(), "--out", dir.resolve("x").toString(),
                "--tenant", "rogue");
        assertThat(wrongTenant.exitCode()).isEqualTo(2);
        assertThat(wrongTenant.err()).contains("--tenant: rogue (expected: acme");

        Cli.Result again = Cli.run("pki", "init", ca.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).startsWith("palisade: ").contains("not empty");
    }
}
