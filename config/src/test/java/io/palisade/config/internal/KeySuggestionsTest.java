package io.palisade.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeySuggestionsTest {

    private static final List<String> KEYS = List.of("name", "bind", "serve", "handshakeTimeout", "idleTimeout");

    @ParameterizedTest
    @CsvSource({"bnd, bind", "bindd, bind", "nmae, name", "Serve, serve", "handshakeTimout, handshakeTimeout",
        "idletimeout, idleTimeout", "srv, serve"})
    void suggestsTheClosestKeyWithinTwoEdits(String written, String suggested) {
        assertThat(KeySuggestions.closest(written, KEYS)).contains(suggested);
    }

    @ParameterizedTest
    @CsvSource({"tlsVersion", "address", "timeout"})
    void suggestsNothingWhenNoKeyIsClose(String written) {
        assertThat(KeySuggestions.closest(written, KEYS)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"kitten, sitting, 3", "bind, bind, 0", "'', abc, 3", "flaw, lawn, 2"})
    void levenshteinDistance(String a, String b, int distance) {
        assertThat(KeySuggestions.distance(a, b)).isEqualTo(distance);
    }
}
