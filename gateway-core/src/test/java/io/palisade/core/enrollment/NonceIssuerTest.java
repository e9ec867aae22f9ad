package io.palisade.core.enrollment;

import io.palisade.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.palisade.core.enrollment.NonceIssuer.Check;
import io.palisade.core.identity.DeviceId;

/** Nonces are single-use, expire, belong to one device, and cost bounded memory. */
class NonceIssuerTest {

    private static final DeviceId A = new DeviceId("a".repeat(64));
    private static final DeviceId B = new DeviceId("b".repeat(64));

    private final MutableClock clock = new MutableClock(EnrollmentFixtures.NOW);
    private final NonceIssuer issuer = new NonceIssuer(Duration.ofMinutes(5), 3, clock, new SecureRandom());

    @Test
    void aNonceIsGoodOnce() {
        Nonce n = issuer.issue(A);

        assertThat(n.expiresAt()).isEqualTo(EnrollmentFixtures.NOW.plus(Duration.ofMinutes(5)));
        assertThat(issuer.redeem(A, n.value())).isEqualTo(Check.FRESH);
        assertThat(issuer.redeem(A, n.value())).isEqualTo(Check.REUSED);
    }

    @Test
    void aNonceExpiresAtTheEndOfItsWindowAndIsForgottenAWindowLater() {
        Nonce n = issuer.issue(A);
        clock.advance(Duration.ofMinutes(5).minusMillis(1));
        Nonce m = issuer.issue(A);
        clock.advance(Duration.ofMillis(1));

        assertThat(issuer.redeem(A, n.value())).isEqualTo(Check.EXPIRED);
        clock.advance(Duration.ofMinutes(5));
        assertThat(issuer.redeem(A, n.value())).isEqualTo(Check.UNKNOWN);
        assertThat(issuer.size()).as("the later nonce is still remembered").isEqualTo(1);
        assertThat(issuer.redeem(A, m.value())).isEqualTo(Check.EXPIRED);
    }

    @Test
    void aNonceBelongsToTheDeviceItWasIssuedTo() {
        Nonce n = issuer.issue(A);

        assertThat(issuer.redeem(B, n.value())).isEqualTo(Check.UNKNOWN);
        assertThat(issuer.redeem(A, n.value())).isEqualTo(Check.FRESH);
        assertThat(issuer.redeem(A, new byte[32])).isEqualTo(Check.UNKNOWN);
    }

    @Test
    void pastItsBoundTheOldestNonceIsDropped() {
        Nonce first = issuer.issue(A);
        issuer.issue(A);
        issuer.issue(B);
        Nonce fourth = issuer.issue(B);

        assertThat(issuer.size()).isEqualTo(3);
        assertThat(issuer.redeem(A, first.value())).isEqualTo(Check.UNKNOWN);
        assertThat(issuer.redeem(B, fourth.value())).isEqualTo(Check.FRESH);
    }

    @Test
    void refusesNonsenseSettings() {
        assertThatThrownBy(() -> new NonceIssuer(Duration.ZERO, 1, clock, new SecureRandom()))
                .hasMessage("validity: PT0S (expected: > 0)");
        assertThatThrownBy(() -> new NonceIssuer(Duration.ofMinutes(1), 0, clock, new SecureRandom()))
                .hasMessage("maxOutstanding: 0 (expected: > 0)");
    }
}
