package io.palisade.testing.pki;

import static io.palisade.testing.pki.DeviceCertBuilderTest.authorityKeyId;
import static io.palisade.testing.pki.DeviceCertBuilderTest.subjectKeyId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestPkiTest {

    private static final Instant NOW = Instant.parse("2031-03-04T05:06:07Z");
    private static final TestPki PKI = TestPki.create("acme", NOW);

    @Test
    void rootAndIntermediateAreP256CasAroundNow() throws Exception {
        X509Certificate root = PKI.root().certificate();
        X509Certificate intermediate = PKI.intermediate().certificate();

        assertThat(PKI.tenant()).isEqualTo("acme");
        assertThat(PKI.now()).isEqualTo(NOW);
        for (X509Certificate ca : List.of(root, intermediate)) {
            assertThat(ca.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
            assertThat(ca.getKeyUsage()).startsWith(false, false, false, false, false, true, true);
            assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
            assertThat(ca.getNotBefore().toInstant()).isBefore(NOW);
            assertThat(ca.getNotAfter().toInstant()).isAfter(NOW.plus(Duration.ofDays(365)));
            assertThat(ca.getSerialNumber()).isPositive();
        }
        root.verify(root.getPublicKey());
        intermediate.verify(root.getPublicKey());
        assertThat(root.getSubjectX500Principal()).isEqualTo(root.getIssuerX500Principal());
        assertThat(authorityKeyId(root)).isEqualTo(subjectKeyId(root));
        assertThat(authorityKeyId(intermediate)).isEqualTo(subjectKeyId(root));
        assertThat(DeviceCertBuilderTest.attribute(intermediate, "CN")).isEqualTo("acme Device CA");
        assertThat(PKI.root().chain()).containsExactly(root);
        assertThat(PKI.intermediate().chain()).containsExactly(intermediate);
    }

    @ParameterizedTest(name = "{0} extra intermediates")
    @ValueSource(ints = {1, 3})
    void chainsOfAnyLengthValidate(int extra) throws Exception {
        HeldCert issuer = PKI.intermediate();
        for (int i = 0; i < extra; i++) {
            issuer = PKI.intermediateBuilder().issuedBy(issuer).build();
        }
        HeldCert device = PKI.device().issuedBy(issuer).build();

        assertThat(device.chain()).hasSize(extra + 2).doesNotContain(PKI.root().certificate());
        assertThat(device.chain().get(extra + 1)).isEqualTo(PKI.intermediate().certificate());
        Chains.validate(device, PKI.root(), NOW);
    }

    @Test
    void pathLengthConstraintIsEnforcedByPkix() {
        HeldCert constrained = PKI.intermediateBuilder().pathLength(0).build();
        HeldCert below = PKI.intermediateBuilder().issuedBy(constrained).build();

        assertThat(constrained.certificate().getBasicConstraints()).isZero();
        assertThatThrownBy(() -> Chains.validate(PKI.device().issuedBy(below).build(), PKI.root(), NOW))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void crlFromTheIntermediateRevokesWhatItLists() throws Exception {
        HeldCert revoked = PKI.device().build();
        HeldCert good = PKI.device().build();
        Instant thisUpdate = NOW.minus(Duration.ofHours(1));
        X509CRL crl = PKI.crl(List.of(revoked.certificate().getSerialNumber()), thisUpdate, NOW.plus(Duration.ofDays(1)));

        crl.verify(PKI.intermediate().certificate().getPublicKey());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(PKI.intermediate().certificate().getSubjectX500Principal());
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(thisUpdate);
        assertThat(crl.getRevokedCertificate(revoked.certificate()).getRevocationDate().toInstant()).isEqualTo(thisUpdate);
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(1)));
        assertThat(crl.isRevoked(revoked.certificate())).isTrue();
        assertThat(crl.isRevoked(good.certificate())).isFalse();
        Chains.validate(good, PKI.root(), NOW, crl, emptyRootCrl());
        assertThatThrownBy(() -> Chains.validate(revoked, PKI.root(), NOW, crl, emptyRootCrl()))
                .isInstanceOfSatisfying(CertPathValidatorException.class,
                        e -> assertThat(e.getReason()).isEqualTo(BasicReason.REVOKED));
    }

    @Test
    void crlNumbersGrow() {
        BigInteger first = crlNumber(PKI.crl(List.of(), NOW, NOW.plusSeconds(60)));
        BigInteger second = crlNumber(PKI.crl(List.of(), NOW, NOW.plusSeconds(60)));

        assertThat(second).isGreaterThan(first);
    }

    @Test
    void writtenFilesParseBackAndTheKeyIsPrivate(@TempDir Path dir) throws Exception {
        HeldCert device = PKI.device().build();
        HeldCert.PemFiles files = device.writeTo(dir, "device");

        assertThat(files.certificate()).isEqualTo(dir.resolve("device.crt"));
        assertThat(files.privateKey()).isEqualTo(dir.resolve("device.key"));
        assertThat(Files.getPosixFilePermissions(files.privateKey()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (InputStream in = Files.newInputStream(files.certificate())) {
            assertThat(certificates(in)).containsExactlyElementsOf(device.chain());
        }
        String keyPem = Files.readString(files.privateKey(), StandardCharsets.US_ASCII);
        assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        byte[] pkcs8 = Base64.getMimeDecoder().decode(keyPem.replaceAll("-----[A-Z ]+-----", ""));
        assertThat(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8))).isEqualTo(device.privateKey());

        device.writeTo(dir, "device");
        assertThat(Files.getPosixFilePermissions(files.privateKey()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void trustFilesHoldRootAndIntermediate(@TempDir Path dir) throws Exception {
        TestPki.TrustFiles files = PKI.writeTrustTo(dir);

        assertThat(Files.readString(files.root())).isEqualTo(TestPki.pem(PKI.root().certificate()));
        assertThat(Files.readString(files.intermediate())).isEqualTo(TestPki.pem(PKI.intermediate().certificate()));
    }

    @Test
    void pemRoundTrips() throws Exception {
        HeldCert device = PKI.device().build();
        String pem = TestPki.pem(device.certificate(), PKI.intermediate().certificate());
        X509CRL crl = PKI.crl(List.of(BigInteger.TEN), NOW, NOW.plusSeconds(60));

        assertThat(pem).isEqualTo(device.chainPem());
        assertThat(certificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))))
                .containsExactlyElementsOf(device.chain());
        assertThat(CertificateFactory.getInstance("X.509").generateCRL(
                new ByteArrayInputStream(TestPki.pem(crl).getBytes(StandardCharsets.US_ASCII)))).isEqualTo(crl);
    }

    @Test
    void blankTenantIsRefused() {
        assertThatThrownBy(() -> TestPki.create(" ", NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("tenant: \" \" (expected: not blank)");
    }

    private static List<Certificate> certificates(InputStream in) throws Exception {
        return new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
    }

    private static X509CRL emptyRootCrl() {
        return PKI.crl(PKI.root(), List.of(), NOW, NOW.plus(Duration.ofDays(1)));
    }

    private static BigInteger crlNumber(X509CRL crl) {
        return org.bouncycastle.asn1.ASN1Integer.getInstance(org.bouncycastle.asn1.ASN1OctetString.getInstance(
                crl.getExtensionValue("2.5.29.20")).getOctets()).getValue();
    }
}
