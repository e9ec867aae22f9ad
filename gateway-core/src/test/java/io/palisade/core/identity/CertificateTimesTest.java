package io.palisade.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.Time;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The direct reading of validity times gives what BouncyCastle gives, for strict and odd forms alike. */
class CertificateTimesTest {

    @ParameterizedTest
    @CsvSource({
            "491231235959Z, 2049-12-31T23:59:59Z",
            "500101000000Z, 1950-01-01T00:00:00Z",
            "260301120000Z, 2026-03-01T12:00:00Z",
            "240229000000Z, 2024-02-29T00:00:00Z",
            "991231235959Z, 1999-12-31T23:59:59Z",
    })
    void utcTimeIsReadAsBouncyCastleReadsIt(String text, String expected) throws Exception {
        Time time = new Time(new ASN1UTCTime(text));

        assertThat(CertificateTimes.instant(time)).isEqualTo(Instant.parse(expected))
                .isEqualTo(time.getDate().toInstant());
    }

    @ParameterizedTest
    @CsvSource({
            "20500101000000Z, 2050-01-01T00:00:00Z",
            "99991231235959Z, 9999-12-31T23:59:59Z",
            "19500101000000Z, 1950-01-01T00:00:00Z",
            "20240229235959Z, 2024-02-29T23:59:59Z",
    })
    void generalizedTimeIsReadAsBouncyCastleReadsIt(String text, String expected) throws Exception {
        Time time = new Time(new ASN1GeneralizedTime(text));

        assertThat(CertificateTimes.instant(time)).isEqualTo(Instant.parse(expected))
                .isEqualTo(time.getDate().toInstant());
    }

    /** Forms RFC 5280 forbids take BouncyCastle's path, whatever it makes of them. */
    @ParameterizedTest
    @CsvSource({
            "20500101000000.5Z",
            "20500101000000+0100",
            "205001010000Z",
            "15000101000000Z",
            "20230229000000Z",
            "20231301000000Z",
    })
    void otherGeneralizedFormsAreLeftToBouncyCastle(String text) throws Exception {
        Time time = new Time(new ASN1GeneralizedTime(text));

        assertThat(CertificateTimes.instant(time)).isEqualTo(time.getDate().toInstant());
    }

    @ParameterizedTest
    @CsvSource({"2601011200Z", "260101120000+0100", "261301120000Z", "230229000000Z"})
    void otherUtcFormsAreLeftToBouncyCastle(String text) throws Exception {
        Time time = new Time(new ASN1UTCTime(text));

        assertThat(CertificateTimes.instant(time)).isEqualTo(time.getDate().toInstant());
    }
}
