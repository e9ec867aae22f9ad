package io.palisade.testing.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.pkitesting.CertificateBuilder.ExtendedKeyUsage;
import io.netty.pkitesting.CertificateBuilder.KeyUsage;
import java.security.MessageDigest;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceCertBuilderTest {

    private static final Instant NOW = Instant.parse("2031-03-04T05:06:07.890Z");
    private static final TestPki PKI = TestPki.create("acme", NOW);

    @Test
    void deviceIdIsSha256OfTheSubjectPublicKeyInfoAndIsTheCommonName() throws Exception {
        HeldCert device = PKI.device().product("thermostat").build();
        String expected = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(device.keyPair().getPublic().getEncoded()));

        assertThat(device.deviceId()).isEqualTo(expected).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(attribute(device.certificate(), "CN")).isEqualTo(expected);
        assertThat(attribute(device.certificate(), "O")).isEqualTo("acme");
        assertThat(attribute(device.certificate(), "OU")).isEqualTo("thermostat");
    }

    @Test
    void goodDeviceHasTheProfileOfDesignMd() throws Exception {
        HeldCert device = PKI.device().build();
        X509Certificate cert = device.certificate();

        assertThat(cert.getPublicKey()).isInstanceOfSatisfying(ECPublicKey.class,
                key -> assertThat(key.getParams().getCurve().getField().getFieldSize()).isEqualTo(256));
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        assertThat(cert.getKeyUsage()).startsWith(true, false, false, false, false, false);
        assertThat(cert.getExtendedKeyUsage()).containsExactly(ExtendedKeyUsage.PKIX_KP_CLIENT_AUTH.getOid());
        assertThat(cert.getSerialNumber()).isPositive();
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(Instant.parse("2031-03-04T05:06:07Z"));
        assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(7));
        assertThat(authorityKeyId(cert)).isEqualTo(subjectKeyId(PKI.intermediate().certificate()));
        assertThat(subjectKeyId(cert)).isNotEmpty();
        assertThat(cert.getIssuerX500Principal()).isEqualTo(PKI.intermediate().certificate().getSubjectX500Principal());
        assertThat(device.chain()).containsExactly(cert, PKI.intermediate().certificate());
        Chains.validate(device, PKI.root(), NOW);
    }

    @Test
    void serialsDiffer() {
        assertThat(PKI.device().build().certificate().getSerialNumber())
                .isNotEqualTo(PKI.device().build().certificate().getSerialNumber());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"expired, EXPIRED, -8, -1", "notYetValid, NOT_YET_VALID, 1, 8"})
    void validityShortcutsSayWhatTheyDo(String shortcut, BasicReason reason, int fromDays, int untilDays) {
        UnaryOperator<DeviceCertBuilder> apply = "expired".equals(shortcut)
                ? DeviceCertBuilder::expired : DeviceCertBuilder::notYetValid;
        X509Certificate cert = apply.apply(PKI.device()).build().certificate();

        assertThat(cert.getNotBefore().toInstant()).isEqualTo(Pkix.seconds(NOW.plus(Duration.ofDays(fromDays))));
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(Pkix.seconds(NOW.plus(Duration.ofDays(untilDays))));
        assertThatThrownBy(() -> Chains.validate(apply.apply(PKI.device()).build(), PKI.root(), NOW))
                .isInstanceOfSatisfying(CertPathValidatorException.class, e -> assertThat(e.getReason()).isEqualTo(reason));
    }

    @Test
    void explicitWindowIsUsedAsGiven() {
        Instant from = NOW.minus(Duration.ofHours(1));
        X509Certificate cert = PKI.device().validFrom(from).validUntil(from.plus(Duration.ofDays(30))).build().certificate();

        assertThat(cert.getNotBefore().toInstant()).isEqualTo(Pkix.seconds(from));
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(Pkix.seconds(from.plus(Duration.ofDays(30))));
        assertThatThrownBy(() -> PKI.device().validFrom(NOW).validUntil(NOW.minusSeconds(1)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("validUntil");
    }

    @Test
    void misBoundCommonNameDiffersFromTheKeysId() throws Exception {
        HeldCert other = PKI.device().build();
        HeldCert misBound = PKI.device().commonName(other.deviceId()).build();

        assertThat(attribute(misBound.certificate(), "CN")).isEqualTo(other.deviceId()).isNotEqualTo(misBound.deviceId());
        Chains.validate(misBound, PKI.root(), NOW);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"rsa2048, RSA, 2048", "secp384r1, EC, 384", "secp256r1, EC, 256"})
    void otherKeyTypesAreCertifiedAndChainValidates(String kind, String algorithm, int bits) throws Exception {
        DeviceCertBuilder builder = PKI.device();
        HeldCert device = (kind.startsWith("rsa") ? builder.rsa(bits) : builder.ec(kind)).build();

        assertThat(device.certificate().getPublicKey().getAlgorithm()).isEqualTo(algorithm);
        assertThat(device.keyPair().getPublic()).isEqualTo(device.certificate().getPublicKey());
        if (device.certificate().getPublicKey() instanceof RSAPublicKey rsa) {
            assertThat(rsa.getModulus().bitLength()).isEqualTo(bits);
        }
        assertThat(attribute(device.certificate(), "CN")).isEqualTo(device.deviceId());
        Chains.validate(device, PKI.root(), NOW);
    }

    @Test
    void givenKeyPairIsCertified() {
        HeldCert first = PKI.device().build();
        HeldCert renewed = PKI.device().keyPair(first.keyPair()).build();

        assertThat(renewed.deviceId()).isEqualTo(first.deviceId());
        assertThat(renewed.privateKey()).isEqualTo(first.privateKey());
    }

    @Test
    void defectsAreEachWhatTheySay() throws Exception {
        X509Certificate ca = PKI.device().caFlag().build().certificate();
        X509Certificate serverOnly = PKI.device().extendedKeyUsage(ExtendedKeyUsage.PKIX_KP_SERVER_AUTH).build().certificate();
        X509Certificate noEku = PKI.device().extendedKeyUsage().build().certificate();
        X509Certificate wrongKu = PKI.device().keyUsage(KeyUsage.keyEncipherment).build().certificate();
        X509Certificate noKu = PKI.device().keyUsage().build().certificate();

        assertThat(ca.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(serverOnly.getExtendedKeyUsage()).containsExactly(ExtendedKeyUsage.PKIX_KP_SERVER_AUTH.getOid());
        assertThat(noEku.getExtensionValue("2.5.29.37")).isNull();
        assertThat(wrongKu.getKeyUsage()).startsWith(false, false, true);
        assertThat(noKu.getKeyUsage()).isNull();
    }

    @Test
    void extensionCarriesTheGivenDerValue() throws Exception {
        byte[] der = new DEROctetString(new byte[32]).getEncoded();
        X509Certificate cert = PKI.device().extension("2.25.1234567890", false, der).build().certificate();

        assertThat(cert.getNonCriticalExtensionOIDs()).contains("2.25.1234567890");
        assertThat(ASN1OctetString.getInstance(cert.getExtensionValue("2.25.1234567890")).getOctets()).isEqualTo(der);
    }

    @Test
    void deviceOfAForeignPkiDoesNotChainToOurRoot() {
        HeldCert rogue = TestPki.create("rogue", NOW).device().build();

        assertThatThrownBy(() -> Chains.validate(rogue, PKI.root(), NOW)).isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void tenantOverrideChangesTheOrganisation() throws Exception {
        assertThat(attribute(PKI.device().tenant("globex").build().certificate(), "O")).isEqualTo("globex");
    }

    static String attribute(X509Certificate cert, String type) throws Exception {
        List<String> values = new LdapName(cert.getSubjectX500Principal().getName()).getRdns().stream()
                .filter(rdn -> rdn.getType().equalsIgnoreCase(type)).map(Rdn::getValue).map(String::valueOf).toList();
        assertThat(values).hasSize(1);
        return values.get(0);
    }

    static byte[] subjectKeyId(X509Certificate cert) {
        return SubjectKeyIdentifier.getInstance(
                ASN1OctetString.getInstance(cert.getExtensionValue("2.5.29.14")).getOctets()).getKeyIdentifier();
    }

    static byte[] authorityKeyId(X509Certificate cert) {
        return AuthorityKeyIdentifier.getInstance(
                ASN1OctetString.getInstance(cert.getExtensionValue("2.5.29.35")).getOctets()).getKeyIdentifierOctets();
    }
}
