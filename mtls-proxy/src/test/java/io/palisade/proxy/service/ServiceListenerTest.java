package io.palisade.proxy.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ServiceListenerTest {

    private static final InetSocketAddress BIND = new InetSocketAddress("127.0.0.1", 0);
    private final EchoService connect = new EchoService("connect", "http/1.1");
    private final EchoService mqtt = new EchoService("mqtt", "mqtt", "x-mqtt");

    @Test
    void picksByAlpnAndFallsBackToTheDefaultOnlyWithoutAlpn() {
        ServiceListener l = new ServiceListener("edge", BIND, List.of(connect, mqtt), Optional.of("mqtt"));
        assertThat(l.serviceFor(Optional.of("x-mqtt"))).containsSame(mqtt);
        assertThat(l.serviceFor(Optional.of("http/1.1"))).containsSame(connect);
        assertThat(l.serviceFor(Optional.empty())).containsSame(mqtt);
        assertThat(l.serviceFor(Optional.of("h2"))).isEmpty();
        assertThat(l.alpnProtocols()).containsExactly("http/1.1", "mqtt", "x-mqtt");
    }

    @Test
    void aSingleServiceIsTheDefaultSeveralHaveNone() {
        assertThat(new ServiceListener("edge", BIND, List.of(connect)).defaultService()).contains("connect");
        assertThat(new ServiceListener("edge", BIND, List.of(connect, mqtt)).serviceFor(Optional.empty())).isEmpty();
    }

    @Test
    void refusesAmbiguousOrEmptyListeners() {
        assertThatThrownBy(() -> new ServiceListener("edge", BIND, List.of()))
                .hasMessage("services: none (expected: at least one service on listener edge)");
        assertThatThrownBy(() -> new ServiceListener("edge", BIND, List.of(connect, new EchoService("connect"))))
                .hasMessage("services: connect appears twice (expected: unique service names)");
        assertThatThrownBy(() -> new ServiceListener("edge", BIND, List.of(connect, new EchoService("web", "http/1.1"))))
                .hasMessage("alpn: http/1.1 of web (expected: not already answered by connect)");
        assertThatThrownBy(() -> new ServiceListener("edge", BIND, List.of(connect, mqtt), Optional.of("coap")))
                .hasMessageStartingWith("defaultService: coap (expected: one of");
        assertThatThrownBy(() -> new ServiceListener(" ", BIND, List.of(connect)))
                .hasMessage("name: ' ' (expected: a listener name)");
    }
}
