package io.palisade.config.policy.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestLineTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mqtt publish devices/a/telemetry | mqtt publish devices/a/telemetry qos 0",
        "mqtt publish devices/a/telemetry qos 1 | mqtt publish devices/a/telemetry qos 1",
        "mqtt subscribe devices/a/commands/# qos 2 | mqtt subscribe devices/a/commands/# qos 2",
        "connect api.example.com:443 | connect api.example.com:443/tcp",
        "connect api.example.com:443 resolved 10.0.0.5,203.0.113.7 | connect api.example.com:443/tcp resolved [10.0.0.5, 203.0.113.7]",
        "connect [fd00::1]:502 udp | connect fd00::1:502/udp",
        "coap POST /sensors/a/temperature | coap POST /sensors/a/temperature",
        "http get / | http GET /",
        "update stable | update stable",
        "est simplereenroll | est reenroll",
    })
    void parsesEachForm(String line, String parsed) {
        assertThat(RequestLine.parse(line).toString()).isEqualTo(parsed);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mqtt publish | mqtt publish TOPIC [qos N]",
        "mqtt publish a qos 3 | qos 0, 1 or 2",
        "connect api.example.com | connect HOST:PORT [udp] [resolved IP,IP]",
        "connect api.example.com:99999 | a port 0-65535 after HOST:",
        "connect a.example:443 resolved a.example | resolved addresses as IP literals",
        "coap GET sensors | coap METHOD /PATH",
        "est renew | one of cacerts, csrattrs, enroll, reenroll",
        "ping gateway | mqtt publish TOPIC [qos N], mqtt subscribe",
    })
    void saysWhatWasExpected(String line, String expected) {
        assertThatThrownBy(() -> RequestLine.parse(line)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(expected: " + expected);
    }
}
