package io.palisade.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.palisade.testing.pki.TestPki;

class CrlRefreshTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final TestPki ACME = TestPki.create("acme", NOW);

    @Test
    void refreshesAtEightyPercentOfTheValidityWindow() {
        var crl = ACME.crl(List.of(), NOW, NOW.plus(Duration.ofHours(10)));
        assertThat(CrlRefresh.DEFAULT.after(crl, NOW)).isEqualTo(NOW.plus(Duration.ofHours(8)));
    }

    @Test
    void aCrlAlreadyPastItsRefreshPointIsFetchedAgainAfterTheMinimumInterval() {
        var crl = ACME.crl(List.of(), NOW.minus(Duration.ofHours(9)), NOW.plus(Duration.ofHours(1)));
        assertThat(CrlRefresh.DEFAULT.after(crl, NOW)).isEqualTo(NOW.plus(Duration.ofSeconds(30)));
    }

    @ParameterizedTest
    @CsvSource({"1, PT10S", "2, PT20S", "3, PT40S", "6, PT5M20S", "7, PT10M", "40, PT10M"})
    void backsOffDoublingUpToTheMaximum(int failures, Duration pause) {
        assertThat(CrlRefresh.DEFAULT.afterFailure(failures, NOW)).isEqualTo(NOW.plus(pause));
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new CrlRefresh(0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessage("fraction: 0.0 (expected: > 0 and <= 1)");
        assertThatThrownBy(() -> new CrlRefresh(0.5, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("maxBackoff: PT1S (expected: >= initialBackoff PT2S)");
        assertThatThrownBy(() -> CrlRefresh.DEFAULT.afterFailure(0, NOW)).hasMessage("failures: 0 (expected: >= 1)");
    }
}
