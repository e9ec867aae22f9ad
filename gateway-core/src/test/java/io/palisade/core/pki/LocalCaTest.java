package io.palisade.core.pki;

import static io.palisade.core.pki.PkiFixtures.CLOCK;
import static io.palisade.core.pki.PkiFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.core.identity.DeviceId;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCaTest {

    @TempDir
    Path tmp;

    @Test
    void initWritesEveryFileWithKeysPrivate() throws Exception {
        Path dir = tmp.resolve("ca");
        LocalCa ca = LocalCa.init(dir, "acme", CLOCK);

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(LocalCa.ROOT_CERT,
                    LocalCa.ROOT_KEY, LocalCa.DEVICE_CA_CERT, LocalCa.DEVICE_CA_KEY, LocalCa.CHAIN, LocalCa.CRL,
                    LocalCa.REVOKED);
        }
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(dir.resolve(LocalCa.ROOT_KEY))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve(LocalCa.DEVICE_CA_KEY))).isEqualTo("rw-------");
        assertThat(PemFiles.readCertificates(dir.resolve(LocalCa.CHAIN)))
                .containsExactly(ca.authority().deviceCa().certificate(), ca.authority().root());
        X509CRL crl = PemFiles.readCrl(dir.resolve(LocalCa.CRL));
        assertThat(CrlTest.number(crl)).isEqualTo(1);
        assertThat(crl.getRevokedCertificates()).isNull();
        assertThat(ca.tenant()).isEqualTo("acme");
    }

    @Test
    void loadRestoresTheSameCa() throws Exception {
        Path dir = tmp.resolve("ca");
        LocalCa created = LocalCa.init(dir, "acme", CLOCK);
        LocalCa loaded = LocalCa.load(dir, CLOCK);

        assertThat(loaded.tenant()).isEqualTo("acme");
        assertThat(loaded.authority().root()).isEqualTo(created.authority().root());
        assertThat(loaded.authority().deviceCa().certificate()).isEqualTo(created.authority().deviceCa().certificate());
        X509Certificate device = loaded.authority().issueDevice(KeyPairs.p256().getPublic(), DeviceProfile.of("meter"));
        PkiFixtures.validate(PemFiles.readCertificate(dir.resolve(LocalCa.ROOT_CERT)), NOW,
                List.of(device, PemFiles.readCertificate(dir.resolve(LocalCa.DEVICE_CA_CERT))));
    }

    @Test
    void revocationsAndCrlNumbersSurviveRestarts() throws Exception {
        Path dir = tmp.resolve("ca");
        LocalCa ca = LocalCa.init(dir, "acme", CLOCK);
        X509Certificate device = ca.authority().issueDevice(KeyPairs.p256().getPublic(), DeviceProfile.of("meter"));
        assertThat(ca.revoke(device.getSerialNumber(), CRLReason.KEY_COMPROMISE)).isTrue();
        assertThat(PemFiles.readCrl(dir.resolve(LocalCa.CRL)).isRevoked(device)).isTrue();

        Clock later = Clock.fixed(NOW.plus(Duration.ofHours(1)), ZoneOffset.UTC);
        LocalCa restarted = LocalCa.load(dir, later);
        assertThat(restarted.authority().revocations()).containsExactly(
                new Revocation(device.getSerialNumber(), CRLReason.KEY_COMPROMISE, NOW));
        assertThat(restarted.authority().lastCrlNumber()).isEqualTo(2);
        X509CRL next = restarted.publishCrl();
        assertThat(CrlTest.number(next)).isEqualTo(3);
        assertThat(next.isRevoked(device)).isTrue();
        assertThat(PemFiles.readCrl(dir.resolve(LocalCa.CRL))).isEqualTo(next);
        assertThat(Files.readString(dir.resolve(LocalCa.REVOKED))).contains(
                device.getSerialNumber().toString(16) + " KEY_COMPROMISE " + NOW.getEpochSecond() + "\n");
    }

    @Test
    void initRefusesANonEmptyDirectoryButTakesAnEmptyOne() throws Exception {
        Path dir = tmp.resolve("ca");
        LocalCa.init(dir, "acme", CLOCK);
        assertThatThrownBy(() -> LocalCa.init(dir, "acme", CLOCK)).isInstanceOf(PkiFileException.class)
                .hasMessage(dir + ": not empty (expected: an absent or empty directory for a new CA)");

        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertThat(LocalCa.init(empty, "globex", CLOCK).tenant()).isEqualTo("globex");
    }

    @Test
    void loadNamesTheFileThatDoesNotFit() throws Exception {
        Path dir = tmp.resolve("ca");
        LocalCa.init(dir, "acme", CLOCK);
        Files.copy(dir.resolve(LocalCa.ROOT_KEY), dir.resolve(LocalCa.DEVICE_CA_KEY), StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> LocalCa.load(dir, CLOCK)).isInstanceOf(PkiFileException.class)
                .hasMessageStartingWith(dir.resolve(LocalCa.DEVICE_CA_KEY) + ": not the key of ");

        Path other = tmp.resolve("other");
        LocalCa.init(other, "acme", CLOCK);
        Files.copy(other.resolve(LocalCa.CRL), dir.resolve(LocalCa.CRL), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(other.resolve(LocalCa.DEVICE_CA_KEY), dir.resolve(LocalCa.DEVICE_CA_KEY), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(other.resolve(LocalCa.DEVICE_CA_CERT), dir.resolve(LocalCa.DEVICE_CA_CERT), StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> LocalCa.load(dir, CLOCK)).isInstanceOf(PkiFileException.class)
                .hasMessageStartingWith(dir.resolve(LocalCa.DEVICE_CA_CERT) + ": deviceCa: ");

        Path third = tmp.resolve("third");
        LocalCa.init(third, "acme", CLOCK);
        Files.writeString(third.resolve(LocalCa.REVOKED), "# header\nzz KEY_COMPROMISE 1\n");
        assertThatThrownBy(() -> LocalCa.load(third, CLOCK)).isInstanceOf(PkiFileException.class)
                .hasMessage(third.resolve(LocalCa.REVOKED) + ":2: \"zz KEY_COMPROMISE 1\" "
                        + "(expected: <serial hex> <reason> <epoch seconds>)");

        Files.delete(third.resolve(LocalCa.DEVICE_CA_KEY));
        assertThatThrownBy(() -> LocalCa.load(third, CLOCK)).isInstanceOf(PkiFileException.class)
                .hasMessage(third.resolve(LocalCa.DEVICE_CA_KEY) + ": no such file (expected: PEM private key)");
    }

    @Test
    void issuesASimulatedDeviceAsKeyAndChainFiles() throws Exception {
        LocalCa ca = LocalCa.init(tmp.resolve("ca"), "acme", CLOCK);
        Path out = tmp.resolve("devices/d1");
        DeviceId id = CertificateFiles.issueDevice(ca.authority(), out, DeviceProfile.of("meter").withLifetime(Duration.ofDays(2)));

        assertThat(mode(out.resolve(CertificateFiles.DEVICE_KEY))).isEqualTo("rw-------");
        List<X509Certificate> chain = PemFiles.readCertificates(out.resolve(CertificateFiles.DEVICE_CERT));
        assertThat(chain).hasSize(2);
        assertThat(chain.get(1)).isEqualTo(ca.authority().deviceCa().certificate());
        assertThat(CertificateAuthorityTest.attr(chain.get(0), org.bouncycastle.asn1.x500.style.BCStyle.CN))
                .isEqualTo(id.value());
        assertThat(DeviceId.of(chain.get(0).getPublicKey())).isEqualTo(id);
        assertThat(chain.get(0).getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(2)));
        new CertifiedKey(chain.get(0), PemFiles.readPrivateKey(out.resolve(CertificateFiles.DEVICE_KEY)));
    }

    @Test
    void issuesTheGatewayServerCertificateAsFiles() throws Exception {
        LocalCa ca = LocalCa.init(tmp.resolve("ca"), "acme", CLOCK);
        Path cert = tmp.resolve("gateway.crt");
        Path key = tmp.resolve("gateway.key");
        X509Certificate issued = CertificateFiles.issueServer(ca.authority(), cert, key, List.of("localhost"),
                List.of(InetAddress.getLoopbackAddress()), CertificateAuthority.DEFAULT_ENDPOINT_LIFETIME);
        assertThat(PemFiles.readCertificates(cert)).containsExactly(issued, ca.authority().deviceCa().certificate());
        assertThat(mode(key)).isEqualTo("rw-------");
        new CertifiedKey(issued, PemFiles.readPrivateKey(key));
        assertThat(issued.getSerialNumber()).isNotEqualTo(BigInteger.ZERO);
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
