package io.palisade.config.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPortTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.0.0.0:8443      | 0.0.0.0     | 8443  | false",
        "127.0.0.1:9090    | 127.0.0.1   | 9090  | true",
        "127.1.2.3:0       | 127.1.2.3   | 0     | true",
        "[::1]:9090        | ::1         | 9090  | true",
        "[::]:65535        | ::          | 65535 | false",
        "localhost:9090    | localhost   | 9090  | true",
        "gw.example:8883   | gw.example  | 8883  | false",
    })
    void parsesValidAddresses(String text, String host, int port, boolean loopback) {
        HostPort parsed = HostPort.parse(text);

        assertThat(parsed).isEqualTo(new HostPort(host, port));
        assertThat(parsed.isLoopback()).isEqualTo(loopback);
        assertThat(parsed.toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.0.0.0:70000     | port 0-65535",
        "0.0.0.0:-1        | port 0-65535",
        "0.0.0.0:123456    | port 0-65535",
        "0.0.0.0:          | HOST:PORT, e.g. 0.0.0.0:8443",
        "8443              | HOST:PORT, e.g. 0.0.0.0:8443",
        ":8443             | HOST:PORT, e.g. 0.0.0.0:8443",
        "::1:8443          | HOST:PORT with an IPv6 address in brackets, e.g. [::1]:8443",
        "[]:8443           | a valid IPv6 address in brackets",
        "[1.2.3.4]:8443    | a valid IPv6 address in brackets",
        "[::g]:8443        | a valid IPv6 address in brackets",
        "256.0.0.1:80      | a valid IPv4 address",
        "1.2.3:80          | a valid IPv4 address",
        "bad_host:80       | a valid host name, IPv4 address or [IPv6] address",
        "-host.example:80  | a valid host name, IPv4 address or [IPv6] address",
    })
    void namesWhatWasExpected(String text, String expected) {
        assertThat(HostPort.problemWith(text)).contains(expected);
        assertThatThrownBy(() -> HostPort.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(text + " (expected: " + expected + ")");
    }

    @ParameterizedTest
    @CsvSource({"0.0.0.0, 65536", "0.0.0.0, -1", "bad_host, 80"})
    void constructorRefusesWhatParseRefuses(String host, int port) {
        assertThatThrownBy(() -> new HostPort(host, port)).isInstanceOf(IllegalArgumentException.class);
    }
}
