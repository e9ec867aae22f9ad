package io.palisade.core.policy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PortRangeTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({"443,443,true", "443,444,false", "8000-8100,8000,true", "8000-8100,8100,true", "8000-8100,8101,false",
            "8000-8100,7999,false", "1-65535,65535,true"})
    void containsBothEnds(String range, int port, boolean expected) {
        assertThat(PortRange.parse(range).contains(port)).isEqualTo(expected);
        assertThat(PortRange.parse(range).toString()).isEqualTo(range);
    }

    @ParameterizedTest
    @CsvSource({"0", "65536", "8100-8000", "a", "80-", "-80", "1-2-3"})
    void refusesBadRanges(String text) {
        assertThatThrownBy(() -> PortRange.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(expected: ");
    }
}
