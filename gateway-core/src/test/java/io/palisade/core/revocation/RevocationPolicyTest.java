package io.palisade.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.palisade.core.revocation.RevocationStatus.State;
import io.palisade.testing.pki.HeldCert;
import io.palisade.testing.pki.TestPki;

class RevocationPolicyTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant CHECK_AT = NOW.plus(Duration.ofHours(1));
    private static final Instant TOMORROW = NOW.plus(Duration.ofDays(1));
    private static final TestPki ACME = TestPki.create("acme", NOW);
    private static final HeldCert DEVICE = ACME.device().build();
    private static final List<X509Certificate> PATH = List.of(
            DEVICE.certificate(), ACME.intermediate().certificate(), ACME.root().certificate());

    private static RevocationStatus check(WhenUnavailable when, X509CRL... crls) {
        return new RevocationPolicy(Set.of(crls), when).check(PATH, CHECK_AT);
    }

    private static List<BigInteger> revokedDevice() {
        return List.of(DEVICE.certificate().getSerialNumber());
    }

    @Test
    void noCrlsMeansGood() {
        assertThat(RevocationPolicy.none().check(PATH, CHECK_AT).state()).isEqualTo(State.GOOD);
    }

    @Test
    void serialOnAFreshCrlOfItsIssuerIsRevoked() {
        RevocationStatus s = check(WhenUnavailable.DENY, ACME.crl(revokedDevice(), NOW, TOMORROW));

        assertThat(s.state()).isEqualTo(State.REVOKED);
        assertThat(s.detail()).contains(DEVICE.certificate().getSerialNumber().toString(16));
    }

    @Test
    void anyUsableCrlListingTheSerialRevokes() {
        X509CRL older = ACME.crl(List.of(), NOW.minus(Duration.ofHours(1)), TOMORROW);
        X509CRL newer = ACME.crl(revokedDevice(), NOW, TOMORROW);

        assertThat(check(WhenUnavailable.DENY, older, newer).state()).isEqualTo(State.REVOKED);
    }

    @Test
    void crlOfAnotherIssuerDoesNotCover() {
        X509CRL rootCrl = ACME.crl(ACME.root(), revokedDevice(), NOW, TOMORROW);

        assertThat(check(WhenUnavailable.DENY, rootCrl).state()).isEqualTo(State.GOOD);
    }

    @Test
    void crlSignedByAnImpostorWithTheIssuersNameIsUnavailable() {
        TestPki impostor = TestPki.create("acme", NOW);
        X509CRL forged = impostor.crl(List.of(), NOW, TOMORROW);

        RevocationStatus s = check(WhenUnavailable.DENY, forged);

        assertThat(s.state()).isEqualTo(State.UNAVAILABLE);
        assertThat(s.detail()).contains("signature");
    }

    @Test
    void staleOrFutureCrlIsUnavailableAndThePolicyDecides() {
        X509CRL stale = ACME.crl(revokedDevice(), NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1)));
        X509CRL future = ACME.crl(List.of(), TOMORROW, TOMORROW.plus(Duration.ofDays(1)));

        assertThat(check(WhenUnavailable.DENY, stale).state()).isEqualTo(State.UNAVAILABLE);
        assertThat(check(WhenUnavailable.DENY, future).detail()).contains("in the future");
        RevocationStatus allowed = check(WhenUnavailable.ALLOW, stale);
        assertThat(allowed.state()).isEqualTo(State.GOOD);
        assertThat(allowed.detail()).contains("unavailable", "stale");
    }
}
