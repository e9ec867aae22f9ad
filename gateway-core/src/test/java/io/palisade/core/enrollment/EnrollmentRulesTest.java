package io.palisade.core.enrollment;

import io.palisade.testing.MutableClock;
import static io.palisade.core.enrollment.EnrollmentFixtures.NOW;
import static io.palisade.core.enrollment.EnrollmentFixtures.THERMOSTAT;
import static io.palisade.core.enrollment.EnrollmentFixtures.csr;
import static io.palisade.core.enrollment.EnrollmentFixtures.identity;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.palisade.core.identity.AttestationClaims;
import io.palisade.core.identity.AttestationExtension;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.identity.FirmwareDigest;
import io.palisade.core.pki.CertificateAuthority;
import io.palisade.core.policy.CompiledPolicies;
import io.palisade.core.policy.DeviceContext;
import io.palisade.core.policy.Request;
import io.palisade.core.policy.model.EstOperation;
import io.palisade.core.policy.model.Policy;
import io.palisade.core.policy.model.PolicySet;
import io.palisade.core.policy.model.Requirements;
import io.palisade.core.policy.model.Rule;
import io.palisade.core.policy.model.Selector;

/** simpleenroll and simplereenroll: every refusal, attestation where policy requires it, and what is issued. */
class EnrollmentRulesTest {

    private static final FirmwareDigest FW = FirmwareDigest.parse("sha256:" + "5a".repeat(32));
    private static final String SUBJECT = "O=acme,OU=" + THERMOSTAT;

    /** Thermostats may enroll and renew; valves may not renew. */
    private static final PolicySet OPEN = PolicySet.of(
            Policy.of("thermostats", Selector.products(THERMOSTAT),
                    List.of(Rule.allow("certificates").est(EstOperation.ENROLL, EstOperation.REENROLL).build())),
            Policy.of("valves", Selector.products("acme-valve"),
                    List.of(Rule.allow("first-only").est(EstOperation.ENROLL).build())));

    /** Thermostats must have attested within a day; quarantined devices may renew (that is how they attest). */
    private static final PolicySet ATTESTED = PolicySet.of(
            Policy.of("thermostats", Selector.products(THERMOSTAT),
                    List.of(Rule.allow("certificates").est(EstOperation.REENROLL).build()))
                    .withRequire(Requirements.attestedWithin(Duration.ofHours(24))),
            Policy.of("quarantine", Selector.EVERY_DEVICE,
                    List.of(Rule.allow("re-attest").est(EstOperation.REENROLL).build())).asQuarantine());

    private final MutableClock clock = new MutableClock(NOW);
    private final CertificateAuthority ca = CertificateAuthority.create("acme", clock);
    private final NonceIssuer nonces = new NonceIssuer(Duration.ofMinutes(5), 1000, clock, new SecureRandom());
    private final KeyPair deviceKeys = EnrollmentFixtures.ec();
    private final DeviceIdentity device = identity(ca, deviceKeys.getPublic(), THERMOSTAT);

    private EnrollmentRules rules(PolicySet set, KeyRotationPolicy rotation) {
        CompiledPolicies policies = CompiledPolicies.compile(set, 1, clock);
        return new EnrollmentRules(policies, AttestationPolicy.of(policies), rotation, nonces, Duration.ofDays(7), clock);
    }

    /** One refusal case: the request body (from the device's keys), the evidence, and what must come back. */
    record Case(String name, Function<EnrollmentRulesTest, byte[]> body,
                Function<EnrollmentRulesTest, Optional<byte[]>> evidence, EnrollmentRefusal expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> reenrollRefusals() {
        KeyPair other = EnrollmentFixtures.ec();
        return Stream.of(
                new Case("30 00 is not a request", t -> new byte[] {0x30, 0x00}, t -> Optional.empty(), EnrollmentRefusal.MALFORMED_CSR),
                new Case("empty body", t -> new byte[0], t -> Optional.empty(), EnrollmentRefusal.MALFORMED_CSR),
                new Case("signature does not verify", t -> flipLastByte(csr(t.deviceKeys, SUBJECT)), t -> Optional.empty(),
                        EnrollmentRefusal.CSR_SIGNATURE),
                new Case("RSA 1024 key", t -> csr(EnrollmentFixtures.keys("RSA", 1024), SUBJECT), t -> Optional.empty(),
                        EnrollmentRefusal.UNSUPPORTED_KEY),
                new Case("RSA 2048 key is no device key", t -> csr(EnrollmentFixtures.keys("RSA", 2048), SUBJECT),
                        t -> Optional.empty(), EnrollmentRefusal.UNSUPPORTED_KEY),
                new Case("another key, no rotation", t -> csr(other, SUBJECT), t -> Optional.empty(), EnrollmentRefusal.KEY_NOT_BOUND),
                new Case("another tenant", t -> csr(t.deviceKeys, "O=globex,OU=" + THERMOSTAT), t -> Optional.empty(),
                        EnrollmentRefusal.SUBJECT_MISMATCH),
                new Case("another product", t -> csr(t.deviceKeys, "O=acme,OU=acme-valve"), t -> Optional.empty(),
                        EnrollmentRefusal.SUBJECT_MISMATCH),
                new Case("a CN that is not the key's id", t -> csr(t.deviceKeys, SUBJECT + ",CN=" + "0".repeat(64)),
                        t -> Optional.empty(), EnrollmentRefusal.SUBJECT_MISMATCH),
                new Case("no O on renewal", t -> csr(t.deviceKeys, "OU=" + THERMOSTAT), t -> Optional.empty(),
                        EnrollmentRefusal.SUBJECT_MISMATCH),
                new Case("an extra attribute", t -> csr(t.deviceKeys, "C=DE," + SUBJECT), t -> Optional.empty(),
                        EnrollmentRefusal.SUBJECT_MISMATCH),
                new Case("evidence that is not evidence", t -> csr(t.deviceKeys, SUBJECT), t -> Optional.of(new byte[] {0x30, 0x00}),
                        EnrollmentRefusal.MALFORMED_EVIDENCE),
                new Case("a nonce never issued", t -> csr(t.deviceKeys, SUBJECT),
                        t -> Optional.of(AttestationEvidence.sign(t.deviceKeys.getPrivate(), new byte[32], FW).encode()),
                        EnrollmentRefusal.NONCE_UNKNOWN),
                new Case("a nonce issued to another device", t -> csr(t.deviceKeys, SUBJECT),
                        t -> Optional.of(t.evidence(t.nonces.issue(DeviceId.of(other.getPublic())), t.deviceKeys)),
                        EnrollmentRefusal.NONCE_UNKNOWN),
                new Case("evidence signed by another key", t -> csr(t.deviceKeys, SUBJECT),
                        t -> Optional.of(t.evidence(t.nonces.issue(t.device.id()), other)), EnrollmentRefusal.EVIDENCE_SIGNATURE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reenrollRefusals")
    void refusesReenrollment(Case c) {
        EnrollmentDecision d = rules(OPEN, KeyRotationPolicy.NEVER).reenroll(device, c.body().apply(this), c.evidence().apply(this));

        assertThat(d).isInstanceOfSatisfying(EnrollmentDecision.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(c.expected());
            assertThat(r.reason().httpStatus()).isBetween(400, 403);
        });
    }

    @Test
    void aMalformedRequestIsA400WithAReason() {
        EnrollmentDecision d = rules(OPEN, KeyRotationPolicy.NEVER).reenroll(device, new byte[] {0x30, 0x00}, Optional.empty());

        assertThat(d).isInstanceOfSatisfying(EnrollmentDecision.Refused.class, r -> {
            assertThat(r.reason().httpStatus()).isEqualTo(400);
            assertThat(r.detail()).startsWith("MALFORMED: not a DER PKCS#10 request");
        });
    }

    @Test
    void renewsTheSameKeyAndIssuesForIt() {
        EnrollmentDecision d = rules(OPEN, KeyRotationPolicy.NEVER).reenroll(device, csr(deviceKeys, SUBJECT), Optional.empty());

        assertThat(d).isInstanceOf(EnrollmentDecision.Approved.class);
        X509Certificate cert = issue((EnrollmentDecision.Approved) d);
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + device.id() + ",OU=" + THERMOSTAT + ",O=acme");
        assertThat(cert.getPublicKey()).isEqualTo(deviceKeys.getPublic());
        assertThat(AttestationExtension.of(cert)).isEmpty();
    }

    @Test
    void aRequestWithoutOOrOuIsAcceptedOnFirstEnrollmentOnly() {
        assertThat(rules(OPEN, KeyRotationPolicy.NEVER).enroll(device, csr(EnrollmentFixtures.ec(), ""), Optional.empty()))
                .isInstanceOf(EnrollmentDecision.Approved.class);
        assertThat(rules(OPEN, KeyRotationPolicy.NEVER).reenroll(device, csr(deviceKeys, ""), Optional.empty()))
                .isInstanceOfSatisfying(EnrollmentDecision.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(EnrollmentRefusal.SUBJECT_MISMATCH));
    }

    @Test
    void aRotationPolicyLetsTheDeviceMoveToANewKeyAndTheNewIdFollowsTheKey() {
        KeyPair next = EnrollmentFixtures.ec();
        DeviceId nextId = DeviceId.of(next.getPublic());

        EnrollmentDecision d = rules(OPEN, KeyRotationPolicy.ALWAYS)
                .reenroll(device, csr(next, SUBJECT + ",CN=" + nextId), Optional.empty());

        assertThat(d).isInstanceOfSatisfying(EnrollmentDecision.Approved.class, a -> assertThat(a.deviceId()).isEqualTo(nextId));
        assertThat(issue((EnrollmentDecision.Approved) d).getSubjectX500Principal().getName()).startsWith("CN=" + nextId);
    }

    @Test
    void firstEnrollmentCertifiesTheRequestedKeyWithTheBootstrapProduct() {
        KeyPair bootstrapKeys = EnrollmentFixtures.ec();
        DeviceIdentity bootstrap = identity(ca, bootstrapKeys.getPublic(), THERMOSTAT);
        KeyPair deviceKey = EnrollmentFixtures.ec();

        EnrollmentDecision d = rules(OPEN, KeyRotationPolicy.NEVER).enroll(bootstrap,
                csr(deviceKey, "CN=" + DeviceId.of(deviceKey.getPublic())), Optional.empty());

        X509Certificate cert = issue((EnrollmentDecision.Approved) d);
        assertThat(cert.getSubjectX500Principal().getName())
                .isEqualTo("CN=" + DeviceId.of(deviceKey.getPublic()) + ",OU=" + THERMOSTAT + ",O=acme");
    }

    @Test
    void policyDecidesWhoMayEnrollAndRenew() {
        DeviceIdentity valve = identity(ca, EnrollmentFixtures.ec().getPublic(), "acme-valve");
        KeyPair valveKeys = EnrollmentFixtures.ec();
        DeviceIdentity valveDevice = identity(ca, valveKeys.getPublic(), "acme-valve");
        EnrollmentRules r = rules(OPEN, KeyRotationPolicy.NEVER);

        assertThat(r.enroll(valve, csr(EnrollmentFixtures.ec(), ""), Optional.empty())).isInstanceOf(EnrollmentDecision.Approved.class);
        assertThat(r.reenroll(valveDevice, csr(valveKeys, "O=acme,OU=acme-valve"), Optional.empty()))
                .isInstanceOfSatisfying(EnrollmentDecision.Refused.class, x -> {
                    assertThat(x.reason()).isEqualTo(EnrollmentRefusal.POLICY_DENIED);
                    assertThat(x.reason().httpStatus()).isEqualTo(403);
                });
    }

    @Test
    void whereAttestationIsRequiredARenewalWithoutEvidenceIsRefused() {
        EnrollmentDecision d = rules(ATTESTED, KeyRotationPolicy.NEVER).reenroll(device, csr(deviceKeys, SUBJECT), Optional.empty());

        assertThat(d).isInstanceOfSatisfying(EnrollmentDecision.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(EnrollmentRefusal.ATTESTATION_REQUIRED));
    }

    @Test
    void freshEvidenceIsIssuedAsTheAttestationExtensionThatPolicyThenReads() {
        EnrollmentRules r = rules(ATTESTED, KeyRotationPolicy.NEVER);
        byte[] evidence = evidence(nonces.issue(device.id()), deviceKeys);
        clock.advance(Duration.ofMinutes(4));

        EnrollmentDecision d = r.reenroll(device, csr(deviceKeys, SUBJECT), Optional.of(evidence));

        X509Certificate cert = issue((EnrollmentDecision.Approved) d);
        assertThat(AttestationExtension.of(cert)).contains(new AttestationClaims(FW, clock.instant()));
        CompiledPolicies policies = CompiledPolicies.compile(ATTESTED, 1, clock);
        DeviceContext renewed = DeviceContext.of(device.id(), "acme", device.product()).attested(FW, clock.instant());
        assertThat(policies.explain(renewed, new Request.EstRequest(EstOperation.REENROLL)).quarantine()).isEmpty();
        assertThat(policies.explain(DeviceContext.of(device), new Request.EstRequest(EstOperation.REENROLL)).quarantine()).isPresent();
    }

    @Test
    void evidenceIsSingleUse() {
        EnrollmentRules r = rules(ATTESTED, KeyRotationPolicy.NEVER);
        byte[] evidence = evidence(nonces.issue(device.id()), deviceKeys);

        assertThat(r.reenroll(device, csr(deviceKeys, SUBJECT), Optional.of(evidence))).isInstanceOf(EnrollmentDecision.Approved.class);
        assertThat(r.reenroll(device, csr(deviceKeys, SUBJECT), Optional.of(evidence)))
                .isInstanceOfSatisfying(EnrollmentDecision.Refused.class,
                        x -> assertThat(x.reason()).isEqualTo(EnrollmentRefusal.NONCE_REUSED));
    }

    @Test
    void evidenceOverAnExpiredNonceIsNotFresh() {
        EnrollmentRules r = rules(ATTESTED, KeyRotationPolicy.NEVER);
        byte[] evidence = evidence(nonces.issue(device.id()), deviceKeys);
        clock.advance(Duration.ofMinutes(5));

        assertThat(r.reenroll(device, csr(deviceKeys, SUBJECT), Optional.of(evidence)))
                .isInstanceOfSatisfying(EnrollmentDecision.Refused.class,
                        x -> assertThat(x.reason()).isEqualTo(EnrollmentRefusal.NONCE_EXPIRED));
    }

    @Test
    void theLocalCaIssuesOnlyForItsTenant() {
        CertificateAuthority globex = CertificateAuthority.create("globex", clock);
        KeyPair keys = EnrollmentFixtures.ec();
        DeviceIdentity stranger = identity(globex, keys.getPublic(), THERMOSTAT);
        EnrollmentDecision.Approved approved = (EnrollmentDecision.Approved) rules(OPEN, KeyRotationPolicy.NEVER)
                .reenroll(stranger, csr(keys, "O=globex,OU=" + THERMOSTAT), Optional.empty());

        assertThat(new LocalCaEnroller(ca).issue(approved).toCompletableFuture())
                .failsWithin(Duration.ZERO).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(EnrollmentException.class,
                        e -> assertThat(e.reason()).isEqualTo(EnrollmentRefusal.WRONG_TENANT));
        assertThat(new LocalCaEnroller(ca).caCertificates()).containsExactly(ca.deviceCa().certificate(), ca.root());
    }

    private byte[] evidence(Nonce nonce, KeyPair signer) {
        return AttestationEvidence.sign(signer.getPrivate(), nonce.value(), FW).encode();
    }

    private X509Certificate issue(EnrollmentDecision.Approved approved) {
        try {
            IssuedCertificate issued = new LocalCaEnroller(ca).issue(approved).toCompletableFuture().join();
            issued.certificate().verify(ca.deviceCa().certificate().getPublicKey());
            assertThat(issued.chain()).containsExactly(ca.deviceCa().certificate(), ca.root());
            return issued.certificate();
        } catch (CompletionException e) {
            throw new AssertionError(e.getCause());
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] flipLastByte(byte[] der) {
        byte[] copy = der.clone();
        copy[copy.length - 1] ^= 0x01;
        return copy;
    }
}
