package io.palisade.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.Certificate;
import org.junit.jupiter.api.Test;

import io.palisade.core.revocation.DenyList;
import io.palisade.core.revocation.RevocationPolicy;
import io.palisade.testing.MutableClock;
import io.palisade.testing.pki.HeldCert;
import io.palisade.testing.pki.TestPki;

/**
 * The memo of validated paths: what it saves (a reconnecting device, a shared CA link, a decoded
 * CA), and what it must not change (every other check still runs; a look-alike is verified afresh).
 */
class PathMemoTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final TestPki ACME = TestPki.create("acme", NOW);
    /** Same tenant, same CA names, other keys: its CAs sign look-alikes of ACME's certificates. */
    private static final TestPki ROGUE = TestPki.create("acme", NOW);

    private final MutableClock clock = new MutableClock(NOW.plus(Duration.ofHours(1)));
    private final PathMemo memo = new PathMemo(100);

    private DeviceIdentityVerifier verifier(RevocationPolicy revocation, DenyList denyList) {
        return DeviceIdentityVerifier.builder().clock(clock).pathMemo(memo).denyList(denyList)
                .tenant(new TenantTrust("acme", Set.of(ACME.root().certificate()), revocation)).build();
    }

    private DeviceIdentityVerifier verifier() {
        return verifier(RevocationPolicy.none(), DenyList.empty());
    }

    private static Refusal reason(Verification v) {
        assertThat(v).isInstanceOf(Refused.class);
        return ((Refused) v).reason();
    }

    @Test
    void aValidatedPathLeavesItsLinksAndAReconnectUsesThem() {
        HeldCert device = ACME.device().build();
        DeviceIdentityVerifier verifier = verifier();

        assertThat(verifier.verify(device.chain())).isInstanceOf(Verified.class);
        assertThat(memo.links()).as("device <- device CA, device CA <- root").isEqualTo(2);
        assertThat(memo.issuers()).as("device CA, root").isEqualTo(2);
        assertThat(verifier.verify(device.chain())).isInstanceOf(Verified.class);
        assertThat(memo.links()).isEqualTo(2);

        assertThat(verifier.verify(ACME.device().build().chain())).isInstanceOf(Verified.class);
        assertThat(memo.links()).as("a second device adds only its own link").isEqualTo(3);
    }

    @Test
    void aRefusedChainLeavesNothing() {
        assertThat(reason(verifier().verify(ROGUE.device().build().chain()))).isEqualTo(Refusal.UNKNOWN_ISSUER);
        assertThat(reason(verifier().verify(ACME.device().expired().build().chain()))).isEqualTo(Refusal.EXPIRED);

        assertThat(memo.links()).isZero();
        assertThat(memo.issuers()).isZero();
    }

    @Test
    void aRememberedDeviceStillExpires() {
        HeldCert device = ACME.device().build();
        DeviceIdentityVerifier verifier = verifier();
        assertThat(verifier.verify(device.chain())).isInstanceOf(Verified.class);

        clock.advance(Duration.between(clock.instant(), device.certificate().getNotAfter().toInstant()).plusSeconds(1));

        assertThat(reason(verifier.verify(device.chain()))).isEqualTo(Refusal.EXPIRED);
    }

    @Test
    void aRememberedDeviceIsStillRevokedByCrlAndDenyList() {
        HeldCert device = ACME.device().build();
        assertThat(verifier().verify(device.chain())).isInstanceOf(Verified.class);
        X509CRL crl = ACME.crl(List.of(device.certificate().getSerialNumber()), NOW, NOW.plus(Duration.ofDays(1)));
        DenyList deny = DenyList.of(List.of(DeviceId.parse(device.deviceId())));

        assertThat(reason(verifier(RevocationPolicy.crls(Set.of(crl)), DenyList.empty()).verify(device.chain())))
                .isEqualTo(Refusal.REVOKED);
        assertThat(reason(verifier(RevocationPolicy.none(), deny).verify(device.chain()))).isEqualTo(Refusal.REVOKED);
    }

    @Test
    void aRememberedCaStillExpiresAndIsStillRevoked() {
        HeldCert shortLived = ACME.intermediateBuilder().commonName("acme Short CA").validUntil(NOW.plus(Duration.ofDays(2))).build();
        HeldCert device = ACME.device().issuedBy(shortLived).build();
        assertThat(verifier().verify(device.chain())).isInstanceOf(Verified.class);
        assertThat(memo.issuers()).isEqualTo(2);

        X509CRL none = ACME.crl(shortLived, List.of(), NOW, NOW.plus(Duration.ofDays(1)));
        X509CRL caRevoked = ACME.crl(ACME.root(), List.of(shortLived.certificate().getSerialNumber()), NOW, NOW.plus(Duration.ofDays(1)));
        assertThat(reason(verifier(RevocationPolicy.crls(Set.of(none, caRevoked)), DenyList.empty()).verify(device.chain())))
                .isEqualTo(Refusal.REVOKED);

        clock.advance(Duration.ofDays(3));
        assertThat(reason(verifier().verify(device.chain()))).isEqualTo(Refusal.EXPIRED);
    }

    @Test
    void aRememberedCaIsReportedAsTheCertificateThisChainPresented() throws Exception {
        HeldCert device = ACME.device().build();
        assertThat(verifier().verify(device.chain())).isInstanceOf(Verified.class);
        X509Certificate sameCa = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(ACME.intermediate().certificate().getEncoded()));

        Verification v = verifier().verify(List.of(device.certificate(), sameCa));

        assertThat(((Verified) v).identity().chain().get(1)).isSameAs(sameCa);
    }

    @Test
    void aLookAlikeOfARememberedDeviceWithAnotherSignatureIsRefused() throws Exception {
        HeldCert device = ACME.device().build();
        DeviceIdentityVerifier verifier = verifier();
        assertThat(verifier.verify(device.chain())).isInstanceOf(Verified.class);

        X509Certificate forged = resigned(device.certificate(), ROGUE.intermediate().privateKey());

        assertThat(forged.getTBSCertificate()).isEqualTo(device.certificate().getTBSCertificate());
        assertThat(reason(verifier.verify(List.of(forged, ACME.intermediate().certificate()))))
                .isEqualTo(Refusal.UNKNOWN_ISSUER);
    }

    @Test
    void aLookAlikeOfARememberedCaWithAnotherSignatureIsRefused() throws Exception {
        HeldCert device = ACME.device().build();
        DeviceIdentityVerifier verifier = verifier();
        assertThat(verifier.verify(device.chain())).isInstanceOf(Verified.class);

        // Same names, same key (so the device's own signature verifies under it), forged by another root.
        X509Certificate forgedCa = resigned(ACME.intermediate().certificate(), ROGUE.root().privateKey());

        assertThat(reason(verifier.verify(List.of(device.certificate(), forgedCa)))).isEqualTo(Refusal.UNKNOWN_ISSUER);
    }

    @Test
    void holdsAtMostItsBound() {
        PathMemo small = new PathMemo(3);
        DeviceIdentityVerifier verifier = DeviceIdentityVerifier.builder().clock(clock).pathMemo(small)
                .tenant(TenantTrust.of("acme", Set.of(ACME.root().certificate()))).build();

        for (int i = 0; i < 10; i++) {
            assertThat(verifier.verify(ACME.device().build().chain())).isInstanceOf(Verified.class);
        }

        assertThat(small.links()).isLessThanOrEqualTo(3);
        assertThat(PathMemo.SHARED).isNotSameAs(small);
        assertThatThrownBy(() -> new PathMemo(0)).hasMessage("maxLinks: 0 (expected: > 0)");
    }

    /** {@code cert} with its to-be-signed part unchanged and a signature by {@code key} instead of its issuer's. */
    private static X509Certificate resigned(X509Certificate cert, PrivateKey key) throws Exception {
        Certificate asn1 = Certificate.getInstance(cert.getEncoded());
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(asn1.getTBSCertificate().getEncoded("DER"));
        byte[] der = new DERSequence(new ASN1Encodable[] {asn1.getTBSCertificate(), asn1.getSignatureAlgorithm(),
                new DERBitString(signer.sign())}).getEncoded("DER");
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }
}
