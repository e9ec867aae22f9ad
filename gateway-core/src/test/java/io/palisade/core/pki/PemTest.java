package io.palisade.core.pki;

import static io.palisade.core.pki.PkiFixtures.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {

    private static final CertificateAuthority CA = CertificateAuthority.create("acme", CLOCK);

    @TempDir
    Path dir;

    @Test
    void certificateChainRoundTripsInOrder() throws Exception {
        X509Certificate leaf = CA.issueDevice(KeyPairs.p256().getPublic(), DeviceProfile.of("thermostat"));
        List<X509Certificate> chain = List.of(leaf, CA.deviceCa().certificate(), CA.root());
        Path file = dir.resolve("chain.pem");
        PemFiles.writeCertificates(file, chain);

        assertThat(PemFiles.readCertificates(file)).containsExactlyElementsOf(chain);
        assertThat(PemFiles.readCertificate(file)).isEqualTo(leaf);
        assertThat(Files.readString(file)).startsWith("-----BEGIN CERTIFICATE-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
    }

    @Test
    void privateKeyIsPkcs8AndMode0600() throws Exception {
        KeyPair keys = KeyPairs.p256();
        Path file = dir.resolve("device.key");
        PemFiles.writePrivateKey(file, keys.getPrivate());

        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PemFiles.readPrivateKey(file).getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
    }

    @Test
    void replacingAWorldReadableFileLeavesAKeyOnly0600AndNoTemporaryFiles() throws Exception {
        Path file = dir.resolve("gateway.key");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        PemFiles.writePrivateKey(file, KeyPairs.p256().getPrivate());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var entries = Files.list(dir)) {
            assertThat(entries).containsExactly(file);
        }
    }

    @Test
    void readsSec1EcPrivateKeyAfterEcParameters() throws Exception {
        KeyPair keys = KeyPairs.p256();
        var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ((ECPrivateKey) keys.getPrivate()).getS(),
                SECObjectIdentifiers.secp256r1);
        Path file = dir.resolve("openssl-style.key");
        try (PemWriter w = new PemWriter(Files.newBufferedWriter(file))) {
            w.writeObject(new PemObject("EC PARAMETERS", SECObjectIdentifiers.secp256r1.getEncoded()));
            w.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        }
        ECPrivateKey read = (ECPrivateKey) PemFiles.readPrivateKey(file);
        assertThat(read.getS()).isEqualTo(((ECPrivateKey) keys.getPrivate()).getS());
        assertThat(new CertifiedKey(CA.issueDevice(keys.getPublic(), DeviceProfile.of("t")), read)).isNotNull();
    }

    @Test
    void crlAndCsrRoundTrip() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("acme", CLOCK);
        ca.revoke(BigInteger.valueOf(42), CRLReason.SUPERSEDED);
        X509CRL crl = ca.publishCrl();
        Path crlFile = dir.resolve("crl.pem");
        PemFiles.writeCrl(crlFile, crl);
        assertThat(PemFiles.readCrl(crlFile)).isEqualTo(crl);
        assertThat(Files.readString(crlFile)).startsWith("-----BEGIN X509 CRL-----\n");

        KeyPair keys = KeyPairs.p256();
        byte[] der = PkiFixtures.p256Csr(keys);
        Path csrFile = dir.resolve("device.csr");
        PemFiles.writeCsr(csrFile, der);
        assertThat(PemFiles.readCsr(csrFile)).isEqualTo(der);
        assertThat(Csr.parse(PemFiles.readCsr(csrFile)).publicKey()).isEqualTo(keys.getPublic());
    }

    @Test
    void wrongContentIsNamedWithFileAndExpectation() throws Exception {
        Path key = dir.resolve("root.key");
        PemFiles.writePrivateKey(key, KeyPairs.p256().getPrivate());
        assertThatThrownBy(() -> PemFiles.readCertificate(key)).isInstanceOf(PkiFileException.class)
                .hasMessage(key + ": no CERTIFICATE block (expected: PEM certificate)");

        Path cert = dir.resolve("root.crt");
        PemFiles.writeCertificates(cert, List.of(CA.root()));
        assertThatThrownBy(() -> PemFiles.readPrivateKey(cert)).isInstanceOf(PkiFileException.class)
                .hasMessageStartingWith(cert + ": no PRIVATE KEY block (expected: unencrypted PEM private key");
        assertThatThrownBy(() -> PemFiles.readCrl(cert)).isInstanceOf(PkiFileException.class)
                .hasMessage(cert + ": no X509 CRL block (expected: PEM CRL)");

        Path missing = dir.resolve("absent.crt");
        assertThatThrownBy(() -> PemFiles.readCertificates(missing)).isInstanceOf(PkiFileException.class)
                .hasMessage(missing + ": no such file (expected: PEM certificate)");
    }

    @Test
    void damagedPemIsACheckedError() throws Exception {
        Path broken = dir.resolve("broken.crt");
        Files.writeString(broken, "-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> PemFiles.readCertificates(broken)).isInstanceOf(PkiFileException.class)
                .hasMessageStartingWith(broken + ": malformed PEM");

        Path notDer = dir.resolve("garbage.crt");
        Files.writeString(notDer, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> PemFiles.readCertificates(notDer)).isInstanceOf(PkiFileException.class)
                .hasMessageStartingWith(notDer + ": certificate 1 is malformed");

        Path encrypted = dir.resolve("encrypted.key");
        Files.writeString(encrypted, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(encrypted)).isInstanceOf(PkiFileException.class)
                .hasMessageStartingWith(encrypted + ": the private key is encrypted (expected: unencrypted");

        Path badKey = dir.resolve("bad.key");
        Files.writeString(badKey, "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(badKey)).isInstanceOf(PkiFileException.class)
                .hasMessageStartingWith(badKey + ": malformed PRIVATE KEY");
    }

    @Test
    void readsPkcs1RsaPrivateKeyThatMatchesOnlyItsOwnPublicKey() throws Exception {
        KeyPair keys = PkiFixtures.keyPair("RSA", 2048);
        byte[] pkcs1 = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded()).parsePrivateKey()
                .toASN1Primitive().getEncoded();
        Path file = dir.resolve("traditional-rsa.key");
        Files.writeString(file, pem(new PemObject("RSA PRIVATE KEY", pkcs1)));

        PrivateKey read = PemFiles.readPrivateKey(file);

        assertThat(read.getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
        assertThat(KeyMatch.matches(read, keys.getPublic())).isTrue();
        assertThat(KeyMatch.matches(read, PkiFixtures.keyPair("RSA", 2048).getPublic())).isFalse();
        assertThat(KeyMatch.matches(read, KeyPairs.p256().getPublic())).isFalse();
    }

    @Test
    void traditionalKeyWithEncryptionHeaderIsRefusedAsEncrypted() throws Exception {
        Path file = dir.resolve("encrypted-traditional.key");
        Files.writeString(file, pem(new PemObject("EC PRIVATE KEY", List.of(new PemHeader("Proc-Type", "4,ENCRYPTED"),
                new PemHeader("DEK-Info", "AES-256-CBC,00112233445566778899AABBCCDDEEFF")), new byte[48])));

        assertThatThrownBy(() -> PemFiles.readPrivateKey(file)).isInstanceOf(PkiFileException.class)
                .hasMessageStartingWith(file + ": the private key is encrypted (expected: unencrypted");
    }

    @Test
    void crlFileWithSeveralCrlsYieldsEveryOneInOrder() throws Exception {
        X509CRL root = CertificateAuthority.create("acme", CLOCK).publishCrl();
        X509CRL other = CertificateAuthority.create("globex", CLOCK).publishCrl();
        Path file = dir.resolve("chain.crl");
        Files.writeString(file, Pem.encodeCrl(root) + Pem.encodeCrl(other));

        assertThat(PemFiles.readCrls(file)).containsExactly(root, other);
        assertThat(PemFiles.readCrl(file)).isEqualTo(root);

        Path garbage = dir.resolve("garbage.crl");
        Files.writeString(garbage, Pem.encodeCrl(root) + "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n");
        assertThatThrownBy(() -> PemFiles.readCrls(garbage)).isInstanceOf(PkiFileException.class)
                .hasMessageStartingWith(garbage + ": CRL 2 is malformed");
    }

    private static String pem(PemObject block) throws Exception {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(block);
        }
        return out.toString();
    }
}
