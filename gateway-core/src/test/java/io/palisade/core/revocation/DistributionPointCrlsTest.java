package io.palisade.core.revocation;

import io.palisade.testing.MutableClock;
import static io.palisade.core.revocation.CrlDistributionPointsTestSupport.OID;
import static io.palisade.core.revocation.CrlDistributionPointsTestSupport.extension;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.palisade.core.revocation.RevocationStatus.State;
import io.palisade.testing.pki.HeldCert;
import io.palisade.testing.pki.TestPki;

/**
 * Distribution point CRLs: a verified path names a URL, which becomes due at once; until a CRL is
 * in hand the status is unavailable; a fetched body is put in force only if it is the issuer's
 * current CRL, signed by it and not older than the one in hand; refresh and backoff follow the clock.
 */
class DistributionPointCrlsTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final URI URL = URI.create("http://crl.acme.example/devices.crl");
    static final TestPki ACME = TestPki.create("acme", NOW);
    static final HeldCert DEVICE = ACME.device().extension(OID, false, extension(URL.toString())).build();
    static final List<X509Certificate> PATH = List.of(DEVICE.certificate(), ACME.intermediate().certificate(),
            ACME.root().certificate());

    final MutableClock clock = new MutableClock(NOW.plus(Duration.ofMinutes(1)));
    final DistributionPointCrls points = new DistributionPointCrls(clock, CrlRefresh.DEFAULT);
    final AtomicInteger woken = new AtomicInteger();

    RevocationStatus check(WhenUnavailable when) {
        return new RevocationPolicy(Set.of(), when, Optional.of(points)).check(PATH, clock.instant());
    }

    static byte[] der(X509CRL crl) throws Exception {
        return crl.getEncoded();
    }

    @Test
    void aNamedPointIsDueAtOnceAndUnavailableUntilFetched() {
        points.onNeeded(woken::incrementAndGet);

        RevocationStatus status = check(WhenUnavailable.DENY);

        assertThat(status.state()).isEqualTo(State.UNAVAILABLE);
        assertThat(status.detail()).contains("no CRL fetched yet from [" + URL + "]");
        assertThat(points.due()).containsExactly(URL);
        assertThat(woken).hasValue(1);
        check(WhenUnavailable.DENY);
        assertThat(woken).as("woken once per new URL").hasValue(1);
        assertThat(check(WhenUnavailable.ALLOW).state()).isEqualTo(State.GOOD);
    }

    @Test
    void aFetchedCrlDecidesAndIsRefreshedAtEightyPercent() throws Exception {
        check(WhenUnavailable.DENY);
        X509CRL crl = ACME.crl(List.of(DEVICE.certificate().getSerialNumber()), NOW, NOW.plus(Duration.ofHours(10)));

        assertThat(points.accept(URL, der(crl))).isEmpty();

        assertThat(check(WhenUnavailable.DENY).state()).isEqualTo(State.REVOKED);
        assertThat(points.due()).isEmpty();
        assertThat(points.nextDue()).contains(NOW.plus(Duration.ofHours(8)));
        clock.advance(Duration.ofHours(8));
        assertThat(points.due()).containsExactly(URL);
    }

    @Test
    void aPemBodyIsAcceptedToo() {
        check(WhenUnavailable.DENY);
        String pem = TestPki.pem(ACME.crl(List.of(), NOW, NOW.plus(Duration.ofHours(10))));
        assertThat(points.accept(URL, pem.getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(check(WhenUnavailable.DENY).state()).isEqualTo(State.GOOD);
    }

    @Test
    void aBadBodyKeepsTheCrlInHandAndBacksOff() throws Exception {
        check(WhenUnavailable.DENY);
        X509CRL good = ACME.crl(List.of(DEVICE.certificate().getSerialNumber()), NOW, NOW.plus(Duration.ofHours(10)));
        assertThat(points.accept(URL, der(good))).isEmpty();
        clock.advance(Duration.ofHours(8));

        TestPki forger = TestPki.create("acme", NOW); // same names, other keys
        assertThat(points.accept(URL, der(forger.crl(List.of(), NOW, NOW.plus(Duration.ofHours(10))))))
                .hasValueSatisfying(p -> assertThat(p).contains("signature does not verify"));
        assertThat(points.nextDue()).contains(clock.instant().plus(Duration.ofSeconds(10)));
        assertThat(points.accept(URL, der(ACME.crl(ACME.root(), List.of(), NOW, NOW.plus(Duration.ofHours(10))))))
                .hasValueSatisfying(p -> assertThat(p).contains("(expected: the CRL of 'CN=acme Device CA,O=acme')"));
        assertThat(points.accept(URL, "<html>".getBytes(StandardCharsets.US_ASCII)))
                .hasValueSatisfying(p -> assertThat(p).contains("malformed CRL"));
        assertThat(points.accept(URL, der(ACME.crl(List.of(), NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(10))))))
                .hasValueSatisfying(p -> assertThat(p).contains("older than the CRL in hand"));
        assertThat(points.accept(URL, new byte[DistributionPointCrls.MAX_CRL_BYTES + 1]))
                .hasValueSatisfying(p -> assertThat(p).contains("expected: a CRL of at most 10485760 bytes"));
        assertThat(points.points()).singleElement().satisfies(p -> {
            assertThat(p.failures()).isEqualTo(5);
            assertThat(p.crl()).contains(good);
        });
        assertThat(points.nextDue()).contains(clock.instant().plus(Duration.ofSeconds(160)));
        assertThat(check(WhenUnavailable.DENY).state()).as("the CRL in hand still decides").isEqualTo(State.REVOKED);
    }

    @Test
    void aStaleCrlInHandIsUnavailable() throws Exception {
        check(WhenUnavailable.DENY);
        points.accept(URL, der(ACME.crl(List.of(), NOW, NOW.plus(Duration.ofHours(1)))));
        clock.advance(Duration.ofHours(2));
        RevocationStatus status = check(WhenUnavailable.DENY);
        assertThat(status.state()).isEqualTo(State.UNAVAILABLE);
        assertThat(status.detail()).contains("stale");
    }

    @Test
    void certificatesWithoutDistributionPointsAreNotCovered() {
        HeldCert plain = ACME.device().build();
        RevocationStatus status = new RevocationPolicy(Set.of(), WhenUnavailable.DENY, Optional.of(points))
                .check(List.of(plain.certificate(), ACME.intermediate().certificate(), ACME.root().certificate()), NOW);
        assertThat(status.state()).isEqualTo(State.GOOD);
        assertThat(points.points()).isEmpty();
    }

    @Test
    void anUntrackedUrlIsRefused() {
        assertThat(points.accept(URI.create("http://elsewhere.example/x.crl"), new byte[0]))
                .contains("http://elsewhere.example/x.crl: not a tracked distribution point");
    }
}
