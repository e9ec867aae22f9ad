package io.palisade.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "10s, PT10S", "5m, PT5M", "2h, PT2H", "0s, PT0S", "999999999h, PT999999999H"})
    void parsesWholeNumbersWithAUnit(String text, Duration expected) {
        assertThat(Durations.parse(text)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "10 s", "1d", "1.5s", "-1s", "s", "10S", "1000000000s", "PT10S", ""})
    void refusesAnythingElse(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }
}
