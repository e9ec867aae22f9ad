package io.palisade.core.identity;

import static io.netty.pkitesting.CertificateBuilder.ExtendedKeyUsage.PKIX_KP_SERVER_AUTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.palisade.core.revocation.RevocationPolicy;
import io.palisade.testing.pki.HeldCert;
import io.palisade.testing.pki.TestPki;

class ChainValidatorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW.plus(Duration.ofHours(1)), ZoneOffset.UTC);
    private static final TestPki ACME = TestPki.create("acme", NOW);
    private static final Set<X509Certificate> ROOT = Set.of(ACME.root().certificate());

    private static ChainValidator.Builder validator() {
        return ChainValidator.builder().clock(CLOCK);
    }

    @Test
    void pathEndsWithTheAnchorThatValidatedIt() {
        HeldCert device = ACME.device().build();

        ChainValidation v = validator().build().validate(device.chain(), ROOT, RevocationPolicy.none());

        assertThat(v).isInstanceOf(ValidChain.class);
        assertThat(((ValidChain) v).path()).containsExactly(
                device.certificate(), ACME.intermediate().certificate(), ACME.root().certificate());
    }

    @Test
    void anIntermediateCanBeTheTrustAnchor() {
        HeldCert device = ACME.device().build();

        ChainValidation v = validator().build().validate(List.of(device.certificate()),
                Set.of(ACME.intermediate().certificate()), RevocationPolicy.none());

        assertThat(((ValidChain) v).anchor()).isEqualTo(ACME.intermediate().certificate());
    }

    @Test
    void intermediatesMayComeInAnyOrderAndIncludeStrangers() {
        HeldCert device = ACME.device().build();
        List<X509Certificate> sent = List.of(device.certificate(), ACME.intermediateBuilder().build().certificate(),
                TestPki.create("other", NOW).intermediate().certificate(), ACME.intermediate().certificate());

        assertThat(validator().build().validate(sent, ROOT, RevocationPolicy.none())).isInstanceOf(ValidChain.class);
    }

    @Test
    void pathBuildingStopsAtItsBudget() {
        AtomicLong nanos = new AtomicLong();
        ChainValidator validator = validator().pathBuildingBudget(Duration.ofSeconds(1))
                .ticker(() -> nanos.getAndAdd(Duration.ofSeconds(2).toNanos())).build();

        ChainValidation v = validator.validate(ACME.device().build().chain(), ROOT, RevocationPolicy.none());

        assertThat(((Refused) v).reason()).isEqualTo(Refusal.PATH_BUILDING_TIMEOUT);
    }

    @Test
    void chainOfOneHundredSameSubjectCasIsRefusedWithinASecond() {
        // CA #0 under the root, each next one under the previous, all named alike; CA #0 not sent.
        List<X509Certificate> sent = new ArrayList<>();
        X509Certificate issuer = ACME.root().certificate();
        java.security.PrivateKey issuerKey = ACME.root().privateKey();
        for (int i = 0; i < 100; i++) {
            CustomCerts.Issued ca = CustomCerts.ca(issuer, issuerKey, "CN=Look-alike CA,O=acme",
                    NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), b -> { });
            if (i > 0) {
                sent.add(0, ca.certificate());
            }
            issuer = ca.certificate();
            issuerKey = ca.keyPair().getPrivate();
        }
        sent.add(0, CustomCerts.device(issuer, issuerKey, "acme", NOW, NOW.plus(Duration.ofDays(7)), "SHA256withECDSA").certificate());
        ChainValidator validator = validator().maxChainLength(128).build();

        long start = System.nanoTime();
        ChainValidation v = validator.validate(sent, ROOT, RevocationPolicy.none());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(((Refused) v).reason()).isIn(Refusal.UNKNOWN_ISSUER, Refusal.PATH_BUILDING_TIMEOUT);
    }

    @Test
    void maxIntermediatesBoundsThePath() {
        List<X509Certificate> chain = ACME.device().build().chain();

        assertThat(validator().maxIntermediates(1).build().validate(chain, ROOT, RevocationPolicy.none()))
                .isInstanceOf(ValidChain.class);
        Refused r = (Refused) validator().maxIntermediates(0).build().validate(chain, ROOT, RevocationPolicy.none());
        assertThat(r.reason()).isEqualTo(Refusal.INVALID_CHAIN);
    }

    @Test
    void keyPurposeAndLeafUsageRequirementAreSettings() {
        List<X509Certificate> server = ACME.device().extendedKeyUsage(PKIX_KP_SERVER_AUTH).build().chain();
        List<X509Certificate> bare = ACME.device().keyUsage().extendedKeyUsage().build().chain();

        assertThat(validator().keyPurpose(ChainValidator.SERVER_AUTH).build().validate(server, ROOT, RevocationPolicy.none()))
                .isInstanceOf(ValidChain.class);
        assertThat(((Refused) validator().build().validate(bare, ROOT, RevocationPolicy.none())).reason())
                .isEqualTo(Refusal.WRONG_KEY_USAGE);
        assertThat(validator().requireLeafUsages(false).build().validate(bare, ROOT, RevocationPolicy.none()))
                .isInstanceOf(ValidChain.class);
    }

    @Test
    void builderRefusesBadSettings() {
        assertThatThrownBy(() -> ChainValidator.builder().maxChainLength(-1)).hasMessage("maxChainLength: -1 (expected: > 0)");
        assertThatThrownBy(() -> ChainValidator.builder().pathBuildingBudget(Duration.ZERO))
                .hasMessage("pathBuildingBudget: PT0S (expected: > 0)");
        assertThatThrownBy(() -> ChainValidator.builder().keyPurpose("client")).hasMessage("keyPurpose: client (expected: a dotted OID)");
    }
}
