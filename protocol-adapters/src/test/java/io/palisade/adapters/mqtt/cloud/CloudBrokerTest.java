package io.palisade.adapters.mqtt.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CloudBrokerTest {

    @ParameterizedTest
    @CsvSource({
            "mqtt://broker.example,         broker.example, 1883",
            "mqtt://broker.example:2883,    broker.example, 2883",
            "mqtt://127.0.0.1:1884,         127.0.0.1,      1884",
    })
    void plainUris(String uri, String host, int port) {
        CloudBroker b = CloudBroker.of(URI.create(uri), Optional.empty());
        assertThat(b.host()).isEqualTo(host);
        assertThat(b.port()).isEqualTo(port);
        assertThat(b.tls()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://broker.example", "mqtt:///nohost", "broker.example:1883", "mqtts://broker.example"})
    void refusedUris(String uri) {
        assertThatThrownBy(() -> CloudBroker.of(URI.create(uri), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cloud.mqtt.uri: " + uri + " (expected: ");
    }
}
