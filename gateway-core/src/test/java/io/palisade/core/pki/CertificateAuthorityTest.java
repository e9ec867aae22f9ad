package io.palisade.core.pki;

import static io.palisade.core.pki.PkiFixtures.CLOCK;
import static io.palisade.core.pki.PkiFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.core.identity.AttestationClaims;
import io.palisade.core.identity.AttestationExtension;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.FirmwareDigest;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.cert.CertPathValidatorException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";

    private final CertifiedKey root = CertificateAuthority.createRoot("acme", CLOCK);
    private final CertificateAuthority ca = CertificateAuthority.of(root.certificate(),
            CertificateAuthority.createDeviceCa(root, CLOCK), CLOCK);

    @Test
    void rootIsSelfSignedP256CaForTenYears() throws Exception {
        X509Certificate cert = ca.root();
        assertThat(attr(cert, BCStyle.CN)).isEqualTo("acme Palisade Root CA");
        assertThat(attr(cert, BCStyle.O)).isEqualTo("acme");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        cert.verify(cert.getPublicKey());
        assertThat(cert.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(cert.getCriticalExtensionOIDs()).containsExactlyInAnyOrder(BASIC_CONSTRAINTS, KEY_USAGE);
        assertThat(keyUsages(cert)).containsExactlyInAnyOrder("keyCertSign", "cRLSign");
        assertThat(aki(cert)).isEqualTo(ski(cert));
        assertCommon(cert, CertificateAuthority.ROOT_LIFETIME);
    }

    @Test
    void deviceCaIsIntermediateWithPathLenZeroForFiveYears() throws Exception {
        X509Certificate cert = ca.deviceCa().certificate();
        assertThat(attr(cert, BCStyle.CN)).isEqualTo("acme Palisade Device CA");
        assertThat(attr(cert, BCStyle.O)).isEqualTo("acme");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.root().getSubjectX500Principal());
        cert.verify(ca.root().getPublicKey());
        assertThat(cert.getBasicConstraints()).isZero();
        assertThat(cert.getCriticalExtensionOIDs()).containsExactlyInAnyOrder(BASIC_CONSTRAINTS, KEY_USAGE);
        assertThat(keyUsages(cert)).containsExactlyInAnyOrder("keyCertSign", "cRLSign");
        assertThat(aki(cert)).isEqualTo(ski(ca.root()));
        assertCommon(cert, CertificateAuthority.DEVICE_CA_LIFETIME);
        assertThat(ca.chain()).containsExactly(cert, ca.root());
        assertThat(ca.tenant()).isEqualTo("acme");
    }

    @Test
    void deviceCertificateNamesTheDeviceByItsKey() throws Exception {
        KeyPair device = KeyPairs.p256();
        X509Certificate cert = ca.issueDevice(device.getPublic(), DeviceProfile.of("thermostat"));

        assertThat(attr(cert, BCStyle.CN)).isEqualTo(DeviceId.of(device.getPublic()).value());
        assertThat(attr(cert, BCStyle.O)).isEqualTo("acme");
        assertThat(attr(cert, BCStyle.OU)).isEqualTo("thermostat");
        assertThat(cert.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(keyUsages(cert)).containsExactly("digitalSignature");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getCriticalExtensionOIDs()).containsExactlyInAnyOrder(BASIC_CONSTRAINTS, KEY_USAGE);
        assertThat(cert.getExtensionValue(Extension.cRLDistributionPoints.getId())).isNull();
        assertThat(aki(cert)).isEqualTo(ski(ca.deviceCa().certificate()));
        assertThat(ski(cert)).isNotEmpty();
        assertThat(cert.getPublicKey()).isEqualTo(device.getPublic());
        assertThat(AttestationExtension.of(cert)).isEmpty();
        assertCommon(cert, DeviceProfile.DEFAULT_LIFETIME);
    }

    @Test
    void deviceChainValidatesWithJdkPkix() throws Exception {
        X509Certificate cert = ca.issueDevice(KeyPairs.p256().getPublic(), DeviceProfile.of("thermostat"));
        var result = PkiFixtures.validate(ca.root(), NOW, List.of(cert, ca.deviceCa().certificate()));
        assertThat(result.getTrustAnchor().getTrustedCert()).isEqualTo(ca.root());
    }

    @Test
    void deviceOfAnotherTenantDoesNotValidate() {
        CertificateAuthority other = CertificateAuthority.create("globex", CLOCK);
        X509Certificate cert = other.issueDevice(KeyPairs.p256().getPublic(), DeviceProfile.of("thermostat"));
        assertThatThrownBy(() -> PkiFixtures.validate(ca.root(), NOW, List.of(cert, other.deviceCa().certificate())))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void deviceLifetimeIsConfigurableAndNeverOutlivesTheDeviceCa() {
        X509Certificate day = ca.issueDevice(KeyPairs.p256().getPublic(),
                DeviceProfile.of("thermostat").withLifetime(Duration.ofDays(1)));
        assertThat(day.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(1)));

        X509Certificate long_ = ca.issueDevice(KeyPairs.p256().getPublic(),
                DeviceProfile.of("thermostat").withLifetime(Duration.ofDays(10_000)));
        assertThat(long_.getNotAfter()).isEqualTo(ca.deviceCa().certificate().getNotAfter());
    }

    @Test
    void attestationRoundTripsAsNonCriticalExtension() {
        AttestationClaims claims = new AttestationClaims(new FirmwareDigest(new byte[32]), NOW.minusSeconds(60));
        X509Certificate cert = ca.issueDevice(KeyPairs.p256().getPublic(),
                DeviceProfile.of("thermostat").withAttestation(claims));
        assertThat(AttestationExtension.of(cert)).contains(claims);
        assertThat(cert.getNonCriticalExtensionOIDs()).contains(AttestationExtension.OID.getId());
    }

    @Test
    void deviceFromCsrIgnoresTheRequestedSubject() throws Exception {
        KeyPair device = KeyPairs.p384();
        Csr csr = Csr.parse(PkiFixtures.csr(device, "CN=admin,O=globex,OU=root", "SHA384withECDSA"));
        X509Certificate cert = ca.issueDevice(csr, DeviceProfile.of("meter"));
        assertThat(attr(cert, BCStyle.CN)).isEqualTo(DeviceId.of(device.getPublic()).value());
        assertThat(attr(cert, BCStyle.O)).isEqualTo("acme");
        assertThat(attr(cert, BCStyle.OU)).isEqualTo("meter");
    }

    @Test
    void deviceKeyMustBeP256OrP384() throws Exception {
        KeyPair rsa = PkiFixtures.keyPair("RSA", 2048);
        Csr csr = Csr.parse(PkiFixtures.csr(rsa, "CN=x", "SHA256withRSA"));
        assertThatThrownBy(() -> ca.issueDevice(csr, DeviceProfile.of("meter")))
                .isInstanceOfSatisfying(CsrRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(CsrRejectedException.Reason.UNSUPPORTED_KEY));
        assertThatThrownBy(() -> ca.issueDevice(rsa.getPublic(), DeviceProfile.of("meter")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: EC P-256 or P-384");
        KeyPair p521 = PkiFixtures.keyPair("EC", new ECGenParameterSpec("secp521r1"));
        assertThatThrownBy(() -> ca.issueDevice(p521.getPublic(), DeviceProfile.of("meter")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void gatewayCertificateCarriesNamesServerAuthAndClientAuth() throws Exception {
        X509Certificate cert = ca.issueServer(KeyPairs.p256().getPublic(), List.of("Gateway.site-a.example", "localhost"),
                List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")));
        assertThat(attr(cert, BCStyle.CN)).isEqualTo("gateway.site-a.example");
        assertThat(attr(cert, BCStyle.O)).isEqualTo("acme");
        assertThat(cert.getExtendedKeyUsage()).containsExactly(SERVER_AUTH, CLIENT_AUTH);
        assertThat(keyUsages(cert)).containsExactly("digitalSignature");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getSubjectAlternativeNames()).extracting(san -> (Object) san.get(1)).containsExactly(
                "gateway.site-a.example", "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(aki(cert)).isEqualTo(ski(ca.deviceCa().certificate()));
        assertCommon(cert, CertificateAuthority.DEFAULT_ENDPOINT_LIFETIME);
        PkiFixtures.validate(ca.root(), NOW, List.of(cert, ca.deviceCa().certificate()));
    }

    @Test
    void clientCertificateForTheCloudIsClientAuthOnly() throws Exception {
        X509Certificate cert = ca.issueClient(KeyPairs.p256().getPublic(), "site-a gateway", Duration.ofDays(30));
        assertThat(attr(cert, BCStyle.CN)).isEqualTo("site-a gateway");
        assertThat(attr(cert, BCStyle.O)).isEqualTo("acme");
        assertThat(cert.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getSubjectAlternativeNames()).isNull();
        assertCommon(cert, Duration.ofDays(30));
    }

    @Test
    void serialsArePositive128BitRandoms() {
        Set<BigInteger> serials = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            BigInteger serial = ca.issueDevice(KeyPairs.p256().getPublic(), DeviceProfile.of("t")).getSerialNumber();
            assertThat(serial.signum()).isPositive();
            assertThat(serial.bitLength()).isLessThanOrEqualTo(127);
            serials.add(serial);
        }
        assertThat(serials).hasSize(200);
    }

    @Test
    void badArgumentsAreRefusedWithWhatWasExpected() {
        assertThatThrownBy(() -> CertificateAuthority.create("acme/evil,CN=x", CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("tenant: \"acme/evil,CN=x\" (expected: ");
        assertThatThrownBy(() -> DeviceProfile.of(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("product: \"\" (expected: ");
        assertThatThrownBy(() -> DeviceProfile.of("t").withLifetime(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("lifetime: PT0S (expected: > 0)");
        assertThatThrownBy(() -> ca.issueServer(KeyPairs.p256().getPublic(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: at least one name or address");
        assertThatThrownBy(() -> ca.issueServer(KeyPairs.p256().getPublic(), List.of("bad name"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("dnsNames: \"bad name\" (expected: a DNS host name)");
        assertThatThrownBy(() -> ca.issueClient(PkiFixtures.keyPair("RSA", 1024).getPublic(), "gw"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RSA 1024 bits (expected: >= 2048)");
    }

    private static void assertCommon(X509Certificate cert, Duration lifetime) {
        assertThat(cert.getVersion()).isEqualTo(3);
        assertThat(cert.getSerialNumber().signum()).isPositive();
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(NOW.minus(CertificateAuthority.BACKDATE));
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(lifetime));
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
    }

    static String attr(X509Certificate cert, ASN1ObjectIdentifier type) {
        var rdns = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).getRDNs(type);
        assertThat(rdns).hasSize(1);
        return IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }

    static byte[] ski(X509Certificate cert) {
        return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(
                cert.getExtensionValue(Extension.subjectKeyIdentifier.getId())).getOctets()).getKeyIdentifier();
    }

    static byte[] aki(X509Certificate cert) {
        return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(
                cert.getExtensionValue(Extension.authorityKeyIdentifier.getId())).getOctets()).getKeyIdentifierObject().getOctets();
    }

    private static List<String> keyUsages(X509Certificate cert) {
        String[] names = {"digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
            "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};
        boolean[] bits = cert.getKeyUsage();
        List<String> set = new java.util.ArrayList<>();
        for (int i = 0; i < bits.length && i < names.length; i++) {
            if (bits[i]) {
                set.add(names[i]);
            }
        }
        return set;
    }

}
