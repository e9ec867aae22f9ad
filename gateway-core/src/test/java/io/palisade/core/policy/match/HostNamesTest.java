package io.palisade.core.policy.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostNamesTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            api.acme.example        | api.acme.example          | true
            api.acme.example        | x.api.acme.example        | false
            *.example.com           | a.example.com             | true
            *.example.com           | example.com               | false
            *.example.com           | a.b.example.com           | false
            *.example.com           | aexample.com              | false
            *.example.com           | a.example.com.evil        | false
            *.telemetry.acme.example| eu.telemetry.acme.example | true
            """)
    void wildcardStandsForExactlyOneLeftMostLabel(String pattern, String name, boolean expected) {
        assertThat(HostNames.matches(pattern, name)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            API.Acme.Example.  | api.acme.example
            a_b-c.example      | a_b-c.example
            a..b               | -
            a/b                | -
            a b                | -
            10.1.2.3           | -
            010.0.0.1          | -
            ''                 | -
            """)
    void normalizesNamesAndRefusesWhatIsNotOne(String host, String expected) {
        assertThat(HostNames.normalize(host)).isEqualTo(expected.equals("-") ? Optional.empty() : Optional.of(expected));
    }

    @ParameterizedTest(name = "{0} literal: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10.1.2.3         | 10.1.2.3
            [fd00::1]        | fd00:0:0:0:0:0:0:1
            fd00::1          | fd00:0:0:0:0:0:0:1
            ::ffff:10.1.2.3  | 10.1.2.3
            010.1.2.3        | -
            256.1.2.3        | -
            example.com      | -
            """)
    void parsesIpLiteralsWithoutDns(String host, String expected) {
        assertThat(HostNames.ipLiteral(host).map(a -> a.getHostAddress()))
                .isEqualTo(expected.equals("-") ? Optional.empty() : Optional.of(expected));
    }

    @ParameterizedTest
    @CsvSource({"a.b.c,b.c", "a.b,b"})
    void parentOfDropsTheLeftMostLabel(String name, String parent) {
        assertThat(HostNames.parentOf(name)).contains(parent);
        assertThat(HostNames.parentOf("single")).isEmpty();
        assertThat(List.of(name)).isNotEmpty();
    }
}
