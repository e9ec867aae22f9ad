package io.palisade.core.update;

import io.palisade.testing.MutableClock;
import static io.palisade.core.update.UpdateFixtures.NOW;
import static io.palisade.core.update.UpdateFixtures.STABLE;
import static io.palisade.core.update.UpdateFixtures.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.palisade.core.update.ManifestVerdict.Accepted;
import io.palisade.core.update.ManifestVerdict.Refused;

/** Signature, target, expiry and version: each way a manifest is accepted or refused, for both key kinds. */
class ManifestVerifierTest {

    enum KeyKind {
        ECDSA_P256(UpdateFixtures.ec()), ED25519(UpdateFixtures.ed25519());

        final KeyPair keys;

        KeyKind(KeyPair keys) {
            this.keys = keys;
        }
    }

    private static final KeyPair STRANGER = UpdateFixtures.ec();
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** A case: how the document is made from a signer, what was accepted before, and the expected verdict. */
    record Case(String name, Function<ManifestSigner, byte[]> document, Optional<Long> lastVersion,
                ManifestRefusal expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        Stream<Case> cases = Stream.of(
                new Case("good, first", s -> s.sign(manifest(1)).document(), Optional.empty(), null),
                new Case("good, newer", s -> s.sign(manifest(8)).document(), Optional.of(7L), null),
                new Case("same version, same content", s -> s.sign(manifest(7)).document(), Optional.of(7L), null),
                new Case("tampered byte in the body", s -> tamper(s.sign(manifest(1)).document()), Optional.empty(),
                        ManifestRefusal.BAD_SIGNATURE),
                new Case("signed by a key the gateway does not trust",
                        s -> UpdateFixtures.signer(STRANGER).sign(manifest(1)).document(), Optional.empty(),
                        ManifestRefusal.UNTRUSTED_KEY),
                new Case("expired", s -> s.sign(manifest(STABLE, 1, NOW, UpdateFixtures.FIRMWARE)).document(),
                        Optional.empty(), ManifestRefusal.EXPIRED),
                new Case("rollback", s -> s.sign(manifest(6)).document(), Optional.of(7L), ManifestRefusal.ROLLBACK),
                new Case("same version, other content",
                        s -> s.sign(manifest(STABLE, 7, NOW.plus(Duration.ofDays(30)), "other".getBytes(StandardCharsets.US_ASCII))).document(),
                        Optional.of(7L), ManifestRefusal.VERSION_REUSED),
                new Case("another channel", s -> s.sign(manifest(new ManifestTarget("acme-thermostat", "beta"), 9,
                        NOW.plus(Duration.ofDays(1)), UpdateFixtures.FIRMWARE)).document(), Optional.empty(),
                        ManifestRefusal.WRONG_TARGET),
                new Case("garbage", s -> new byte[] {0x30, 0x00}, Optional.empty(), ManifestRefusal.MALFORMED),
                new Case("unsigned body", s -> manifest(1).encode(), Optional.empty(), ManifestRefusal.MALFORMED));
        return cases.flatMap(c -> Stream.of(KeyKind.values()).map(k -> Arguments.of(k, c)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void judgesEachCase(KeyKind kind, Case c) {
        ManifestSigner signer = UpdateFixtures.signer(kind.keys);
        ManifestVerifier verifier = new ManifestVerifier(VendorKeys.of(kind.keys.getPublic()), CLOCK);
        Optional<SignedManifest> last = c.lastVersion().map(v -> signer.sign(manifest(v)));

        ManifestVerdict verdict = verifier.verify(c.document().apply(signer), STABLE, last);

        if (c.expected() == null) {
            assertThat(verdict).isInstanceOf(Accepted.class);
            assertThat(((Accepted) verdict).unchanged()).isEqualTo(c.name().startsWith("same version"));
        } else {
            assertThat(verdict).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo(c.expected()));
        }
    }

    @ParameterizedTest
    @EnumSource(KeyKind.class)
    void aManifestSignedByAnUntrustedAndATrustedKeyIsAccepted(KeyKind kind) {
        SignedManifest both = UpdateFixtures.signer(kind.keys).countersign(UpdateFixtures.signer(STRANGER).sign(manifest(1)));
        ManifestVerifier verifier = new ManifestVerifier(VendorKeys.of(kind.keys.getPublic()), CLOCK);

        assertThat(verifier.verify(both.document(), STABLE, Optional.empty()).isAccepted()).isTrue();
        assertThat(both.signatures()).hasSize(2);
    }

    @Test
    void aSignatureLineNamingTheWrongAlgorithmForItsKeyDoesNotVerify() {
        KeyPair ec = UpdateFixtures.ec();
        String doc = new String(UpdateFixtures.signer(ec).sign(manifest(1)).document(), StandardCharsets.US_ASCII)
                .replace(" ecdsa-p256-sha256 ", " ed25519 ");
        ManifestVerdict v = new ManifestVerifier(VendorKeys.of(ec.getPublic()), CLOCK)
                .verify(doc.getBytes(StandardCharsets.US_ASCII), STABLE, Optional.empty());

        assertThat(v).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo(ManifestRefusal.BAD_SIGNATURE));
    }

    @Test
    void expiryIsJudgedAtTheClocksNow() {
        KeyPair ec = UpdateFixtures.ec();
        byte[] doc = UpdateFixtures.signer(ec).sign(manifest(STABLE, 1, NOW.plusSeconds(1), UpdateFixtures.FIRMWARE)).document();
        MutableClock clock = new MutableClock(NOW);
        ManifestVerifier verifier = new ManifestVerifier(VendorKeys.of(ec.getPublic()), clock);

        assertThat(verifier.verify(doc, STABLE, Optional.empty()).isAccepted()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(verifier.verify(doc, STABLE, Optional.empty())).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.reason()).isEqualTo(ManifestRefusal.EXPIRED));
    }

    private static byte[] tamper(byte[] document) {
        byte[] copy = document.clone();
        int i = new String(copy, StandardCharsets.US_ASCII).indexOf("version ") + "version ".length();
        copy[i] = (byte) (copy[i] == '9' ? '8' : copy[i] + 1);
        return copy;
    }
}
