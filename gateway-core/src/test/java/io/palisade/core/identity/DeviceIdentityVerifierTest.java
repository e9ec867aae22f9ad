package io.palisade.core.identity;

import static io.netty.pkitesting.CertificateBuilder.ExtendedKeyUsage.PKIX_KP_SERVER_AUTH;
import static io.netty.pkitesting.CertificateBuilder.KeyUsage.digitalSignature;
import static io.netty.pkitesting.CertificateBuilder.KeyUsage.keyCertSign;
import static io.netty.pkitesting.CertificateBuilder.KeyUsage.keyEncipherment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.palisade.core.revocation.DenyList;
import io.palisade.core.revocation.RevocationPolicy;
import io.palisade.core.revocation.WhenUnavailable;
import io.palisade.testing.pki.HeldCert;
import io.palisade.testing.pki.TestPki;

class DeviceIdentityVerifierTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW.plus(Duration.ofHours(1)), ZoneOffset.UTC);
    private static final TestPki ACME = TestPki.create("acme", NOW);
    private static final TestPki GLOBEX = TestPki.create("globex", NOW);
    private static final FirmwareDigest FIRMWARE = new FirmwareDigest(new byte[32]);

    private static TenantTrust acmeTrust(RevocationPolicy revocation) {
        return new TenantTrust("acme", Set.of(ACME.root().certificate()), revocation);
    }

    private static DeviceIdentityVerifier.Builder verifier() {
        return DeviceIdentityVerifier.builder().clock(CLOCK).tenant(acmeTrust(RevocationPolicy.none()))
                .tenant(TenantTrust.of("globex", Set.of(GLOBEX.root().certificate())));
    }

    private static Refused refused(Verification v) {
        assertThat(v).isInstanceOf(Refused.class);
        return (Refused) v;
    }

    @Test
    void goodDeviceWithoutAttestationIsVerified() {
        HeldCert device = ACME.device().product("thermostat").build();

        Verification v = verifier().build().verify(device.chain());

        assertThat(v).isInstanceOf(Verified.class);
        DeviceIdentity id = ((Verified) v).identity();
        assertThat(id.id().value()).isEqualTo(device.deviceId());
        assertThat(id.tenant()).isEqualTo("acme");
        assertThat(id.product()).contains("thermostat");
        assertThat(id.chain()).containsExactly(device.certificate(), ACME.intermediate().certificate(), ACME.root().certificate());
        assertThat(id.notBefore()).isEqualTo(device.certificate().getNotBefore().toInstant());
        assertThat(id.notAfter()).isEqualTo(device.certificate().getNotAfter().toInstant());
        assertThat(id.attestation()).isEmpty();
    }

    @Test
    void attestationClaimsAreCarriedIntoTheIdentity() {
        AttestationClaims claims = new AttestationClaims(FIRMWARE, NOW.minusSeconds(60));
        HeldCert device = ACME.device().extension(AttestationExtension.OID.getId(), false, AttestationExtension.encode(claims)).build();

        Verification v = verifier().build().verify(device.chain());

        assertThat(v).isInstanceOf(Verified.class);
        assertThat(((Verified) v).identity().attestation()).contains(claims);
    }

    @Test
    void eachDeviceIsVerifiedUnderItsOwnTenant() {
        DeviceIdentityVerifier verifier = verifier().build();

        Verification acme = verifier.verify(ACME.device().build().chain());
        Verification globex = verifier.verify(GLOBEX.device().build().chain());

        assertThat(((Verified) acme).identity().tenant()).isEqualTo("acme");
        assertThat(((Verified) globex).identity().tenant()).isEqualTo("globex");
        assertThat(((Verified) globex).identity().chain()).endsWith(GLOBEX.root().certificate());
    }

    @Test
    void deviceOfOneTenantMintedByAnotherTenantsCaIsRefused() {
        List<X509Certificate> chain = ACME.device().tenant("globex").build().chain();

        Refused r = refused(verifier().build().verify(chain));

        assertThat(r.reason()).isEqualTo(Refusal.TENANT_MISMATCH);
        assertThat(r.detail()).contains("tenant acme", "'globex'");
    }

    static Stream<Arguments> defectiveChains() throws java.io.IOException {
        HeldCert other = ACME.device().build();
        return Stream.of(
                arguments("foreign CA with the same name", chain(TestPki.create("acme", NOW).device().build()), Refusal.UNKNOWN_ISSUER),
                arguments("intermediate not sent", List.of(ACME.device().build().certificate()), Refusal.UNKNOWN_ISSUER),
                arguments("expired", chain(ACME.device().expired().build()), Refusal.EXPIRED),
                arguments("not yet valid", chain(ACME.device().notYetValid().build()), Refusal.NOT_YET_VALID),
                arguments("keyUsage without digitalSignature", chain(ACME.device().keyUsage(keyEncipherment).build()), Refusal.WRONG_KEY_USAGE),
                arguments("no keyUsage", chain(ACME.device().keyUsage().build()), Refusal.WRONG_KEY_USAGE),
                arguments("serverAuth only", chain(ACME.device().extendedKeyUsage(PKIX_KP_SERVER_AUTH).build()), Refusal.WRONG_KEY_USAGE),
                arguments("no extendedKeyUsage", chain(ACME.device().extendedKeyUsage().build()), Refusal.WRONG_KEY_USAGE),
                arguments("intermediate EKU excludes clientAuth", underCustomCa(CustomCerts.serverAuthOnly()), Refusal.WRONG_KEY_USAGE),
                arguments("CN of another device", chain(ACME.device().commonName(other.deviceId()).build()), Refusal.ID_NOT_BOUND_TO_KEY),
                arguments("CN not a device id", chain(ACME.device().commonName("thermostat-1").build()), Refusal.ID_NOT_BOUND_TO_KEY),
                arguments("leaf marked CA", chain(ACME.device().caFlag().build()), Refusal.NOT_END_ENTITY),
                arguments("leaf with keyCertSign", chain(ACME.device().keyUsage(digitalSignature, keyCertSign).build()), Refusal.NOT_END_ENTITY),
                arguments("RSA 1024", chain(ACME.device().rsa(1024).build()), Refusal.WEAK_KEY),
                arguments("P-521", chain(ACME.device().ec("secp521r1").build()), Refusal.WEAK_KEY),
                arguments("SHA-1 signature", sha1Device(), Refusal.WEAK_SIGNATURE),
                arguments("malformed attestation", chain(ACME.device().extension(AttestationExtension.OID.getId(), false,
                        new DERSequence(DERNull.INSTANCE).getEncoded()).build()), Refusal.MALFORMED),
                arguments("unknown critical extension", chain(ACME.device().extension("1.3.6.1.4.1.55738.666.1", true,
                        DERNull.INSTANCE.getEncoded()).build()), Refusal.MALFORMED),
                arguments("outside the CA's name constraints", underCustomCa(b -> b.addExtension(Extension.nameConstraints, true,
                        new NameConstraints(new GeneralSubtree[] {new GeneralSubtree(new GeneralName(new X500Name("O=globex")))}, null))),
                        Refusal.NAME_CONSTRAINTS),
                arguments("pathLenConstraint exceeded", pathLenViolation(), Refusal.INVALID_CHAIN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defectiveChains")
    void defectiveChainIsRefusedWithItsReason(String defect, List<X509Certificate> chain, Refusal expected) {
        Refused r = refused(verifier().build().verify(chain));

        assertThat(r.reason()).as(r.detail()).isEqualTo(expected);
        assertThat(r.detail()).isNotBlank();
    }

    @Test
    void moreCertificatesThanTheCapAreRefusedBeforePathBuilding() {
        List<X509Certificate> chain = new ArrayList<>(ACME.device().build().chain());
        while (chain.size() < 9) {
            chain.add(ACME.intermediateBuilder().build().certificate());
        }

        assertThat(refused(verifier().build().verify(chain)).reason()).isEqualTo(Refusal.CHAIN_TOO_LONG);
        assertThat(verifier().maxChainLength(9).build().verify(chain)).isInstanceOf(Verified.class);
    }

    @Test
    void deniedDeviceIsRefusedAtOnceAndAdmittedOnceLifted() {
        HeldCert device = ACME.device().build();
        DenyList deny = DenyList.empty();
        DeviceIdentityVerifier verifier = verifier().denyList(deny).build();
        assertThat(verifier.verify(device.chain())).isInstanceOf(Verified.class);

        deny.add(DeviceId.parse(device.deviceId()));
        Refused r = refused(verifier.verify(device.chain()));
        assertThat(r.reason()).isEqualTo(Refusal.REVOKED);
        assertThat(r.detail()).contains("deny list", device.deviceId());

        deny.remove(DeviceId.parse(device.deviceId()));
        assertThat(verifier.verify(device.chain())).isInstanceOf(Verified.class);
    }

    @Test
    void deviceOnTheTenantsCrlIsRevoked() {
        HeldCert device = ACME.device().build();
        HeldCert sibling = ACME.device().build();
        X509CRL crl = ACME.crl(List.of(device.certificate().getSerialNumber()), NOW, NOW.plus(Duration.ofDays(1)));
        DeviceIdentityVerifier verifier = DeviceIdentityVerifier.builder().clock(CLOCK)
                .tenant(acmeTrust(RevocationPolicy.crls(Set.of(crl)))).build();

        assertThat(refused(verifier.verify(device.chain())).reason()).isEqualTo(Refusal.REVOKED);
        assertThat(verifier.verify(sibling.chain())).isInstanceOf(Verified.class);
    }

    @Test
    void staleCrlDeniesByDefaultAndAllowsWhenTheTenantSaysSo() {
        HeldCert device = ACME.device().build();
        X509CRL stale = ACME.crl(List.of(), NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1)));
        Function<WhenUnavailable, DeviceIdentityVerifier> withPolicy = when -> DeviceIdentityVerifier.builder().clock(CLOCK)
                .tenant(acmeTrust(new RevocationPolicy(Set.of(stale), when))).build();

        Refused r = refused(withPolicy.apply(WhenUnavailable.DENY).verify(device.chain()));
        assertThat(r.reason()).isEqualTo(Refusal.REVOCATION_UNAVAILABLE);
        assertThat(r.detail()).contains("stale");
        assertThat(withPolicy.apply(WhenUnavailable.ALLOW).verify(device.chain())).isInstanceOf(Verified.class);
    }

    @Test
    void floodOfLookAlikeIntermediatesIsRefusedWithinASecond() {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(ACME.device().build().certificate());
        for (int i = 0; i < 100; i++) {
            chain.add(ACME.intermediateBuilder().commonName("acme Device CA").build().certificate());
        }
        DeviceIdentityVerifier verifier = verifier().maxChainLength(128).build();

        long start = System.nanoTime();
        Verification v = verifier.verify(chain);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(refused(v).reason()).isIn(Refusal.UNKNOWN_ISSUER, Refusal.PATH_BUILDING_TIMEOUT);
        assertThat(took).isLessThan(Duration.ofSeconds(1));
        assertThat(refused(verifier().build().verify(chain)).reason()).isEqualTo(Refusal.CHAIN_TOO_LONG);
    }

    @Test
    void emptyChainIsMalformed() {
        assertThat(refused(verifier().build().verify(List.of())).reason()).isEqualTo(Refusal.MALFORMED);
    }

    @Test
    void builderRefusesBadSettings() {
        assertThatThrownBy(() -> DeviceIdentityVerifier.builder().maxChainLength(0))
                .hasMessage("maxChainLength: 0 (expected: > 0)");
        assertThatThrownBy(() -> DeviceIdentityVerifier.builder().build()).hasMessageContaining("tenants: none");
        assertThatThrownBy(() -> verifier().tenant(TenantTrust.of("acme", Set.of(ACME.root().certificate()))).build())
                .hasMessageContaining("acme appears twice");
    }

    private static List<X509Certificate> chain(HeldCert device) {
        return device.chain();
    }

    private static List<X509Certificate> underCustomCa(CustomCerts.Extras extras) {
        CustomCerts.Issued ca = CustomCerts.ca(ACME.root().certificate(), ACME.root().privateKey(), "CN=acme Custom CA,O=acme",
                NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), extras);
        CustomCerts.Issued device = CustomCerts.device(ca.certificate(), ca.keyPair().getPrivate(), "acme",
                NOW, NOW.plus(Duration.ofDays(7)), "SHA256withECDSA");
        return List.of(device.certificate(), ca.certificate());
    }

    private static List<X509Certificate> sha1Device() {
        CustomCerts.Issued device = CustomCerts.device(ACME.intermediate().certificate(), ACME.intermediate().privateKey(), "acme",
                NOW, NOW.plus(Duration.ofDays(7)), "SHA1withECDSA");
        return List.of(device.certificate(), ACME.intermediate().certificate());
    }

    private static List<X509Certificate> pathLenViolation() {
        HeldCert first = ACME.intermediateBuilder().pathLength(0).build();
        HeldCert second = ACME.intermediateBuilder().issuedBy(first).build();
        return ACME.device().issuedBy(second).build().chain();
    }

}
