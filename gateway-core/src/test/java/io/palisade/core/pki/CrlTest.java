package io.palisade.core.pki;

import static io.palisade.core.pki.PkiFixtures.CLOCK;
import static io.palisade.core.pki.PkiFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SignatureException;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;

class CrlTest {

    private final CertificateAuthority ca = CertificateAuthority.create("acme", CLOCK);
    private final X509Certificate device = ca.issueDevice(KeyPairs.p256().getPublic(), DeviceProfile.of("thermostat"));

    @Test
    void listsTheRevokedSerialWithReasonAndVerifiesWithTheDeviceCaKey() throws Exception {
        assertThat(ca.revoke(device.getSerialNumber(), CRLReason.KEY_COMPROMISE)).isTrue();
        X509CRL crl = ca.publishCrl();

        crl.verify(ca.deviceCa().certificate().getPublicKey());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(ca.deviceCa().certificate().getSubjectX500Principal());
        assertThat(crl.isRevoked(device)).isTrue();
        X509CRLEntry entry = crl.getRevokedCertificate(device.getSerialNumber());
        assertThat(entry.getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
        assertThat(entry.getRevocationDate().toInstant()).isEqualTo(NOW);
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(NOW);
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(NOW.plus(CertificateAuthority.DEFAULT_CRL_VALIDITY));
        assertThat(crl.getVersion()).isEqualTo(2);
        assertThat(aki(crl)).isEqualTo(CertificateAuthorityTest.ski(ca.deviceCa().certificate()));
    }

    @Test
    void isNotVerifiedByTheRootKey() {
        X509CRL crl = ca.publishCrl();
        assertThatThrownBy(() -> crl.verify(ca.root().getPublicKey())).isInstanceOf(SignatureException.class);
    }

    @Test
    void numberIncrementsWithEveryPublication() throws Exception {
        assertThat(ca.lastCrlNumber()).isZero();
        assertThat(number(ca.publishCrl())).isEqualTo(1);
        assertThat(number(ca.publishCrl())).isEqualTo(2);
        assertThat(number(ca.publishCrl(Duration.ofHours(6)))).isEqualTo(3);
        assertThat(ca.lastCrlNumber()).isEqualTo(3);
    }

    @Test
    void nextUpdateIsConfigurable() {
        X509CRL crl = ca.publishCrl(Duration.ofHours(6));
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(6)));
        assertThatThrownBy(() -> ca.publishCrl(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("validity: PT0S (expected: > 0)");
    }

    @Test
    void theFirstRevocationStandsAndOthersStayValid() {
        X509Certificate other = ca.issueDevice(KeyPairs.p256().getPublic(), DeviceProfile.of("thermostat"));
        assertThat(ca.revoke(device.getSerialNumber(), CRLReason.CESSATION_OF_OPERATION)).isTrue();
        assertThat(ca.revoke(device.getSerialNumber(), CRLReason.KEY_COMPROMISE)).isFalse();
        X509CRL crl = ca.publishCrl();
        assertThat(crl.getRevokedCertificates()).hasSize(1);
        assertThat(crl.getRevokedCertificate(device.getSerialNumber()).getRevocationReason())
                .isEqualTo(CRLReason.CESSATION_OF_OPERATION);
        assertThat(crl.isRevoked(other)).isFalse();
        assertThat(ca.revocations()).extracting(Revocation::serial).containsExactly(device.getSerialNumber());
    }

    @Test
    void refusesNonsenseRevocations() {
        assertThatThrownBy(() -> ca.revoke(BigInteger.ZERO, CRLReason.UNSPECIFIED))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("serial: 0 (expected: > 0)");
        assertThatThrownBy(() -> ca.revoke(BigInteger.TEN, CRLReason.REMOVE_FROM_CRL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("reason: REMOVE_FROM_CRL (expected: ");
    }

    static BigInteger number(X509CRL crl) {
        return CRLNumber.getInstance(ASN1OctetString.getInstance(
                crl.getExtensionValue(Extension.cRLNumber.getId())).getOctets()).getCRLNumber();
    }

    private static byte[] aki(X509CRL crl) {
        return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(
                crl.getExtensionValue(Extension.authorityKeyIdentifier.getId())).getOctets()).getKeyIdentifierObject().getOctets();
    }
}
