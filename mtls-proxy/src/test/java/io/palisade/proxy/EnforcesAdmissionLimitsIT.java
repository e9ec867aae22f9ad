package io.palisade.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.palisade.proxy.events.CloseReason;
import io.palisade.proxy.events.ConnectionRefused;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.fixtures.DeviceClient;
import io.palisade.proxy.fixtures.Gateway;
import io.palisade.proxy.fixtures.RawClient;

/**
 * A connection gets a bounded time to finish its handshake and a bounded time of silence after
 * it; the gateway holds a bounded number of connections; garbage is refused. Each refused
 * connection is one refusal event.
 */
class EnforcesAdmissionLimitsIT {

    @Test
    void silentConnectionIsRefusedAtTheHandshakeTimeout() throws Exception {
        try (Gateway gw = Gateway.start(b -> b.handshakeTimeout(Duration.ofMillis(300)));
             RawClient silent = new RawClient(gw.port())) {
            assertThat(silent.closedByGateway()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.refusals.size() == 1);
            assertThat(gw.events.refusals.get(0).reason()).isEqualTo(RefusalReason.HANDSHAKE_TIMEOUT);
        }
    }

    @Test
    void garbageIsRefused() throws Exception {
        try (Gateway gw = Gateway.start(); RawClient garbage = new RawClient(gw.port())) {
            garbage.send("GET / HTTP/1.1\r\nHost: gateway\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(garbage.closedByGateway()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.refusals.size() == 1);
            assertThat(gw.events.refusals.get(0).reason()).isEqualTo(RefusalReason.TLS_HANDSHAKE);
            assertThat(gw.events.refusals.get(0).detail()).containsIgnoringCase("ssl");
        }
    }

    @Test
    void connectionsBeyondTheLimitAreRefusedAtOnce() throws Exception {
        try (Gateway gw = Gateway.start(b -> b.maxConnections(2).handshakeTimeout(Duration.ofSeconds(30)));
             RawClient first = new RawClient(gw.port());
             RawClient second = new RawClient(gw.port())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.proxy.connections() == 2);
            try (RawClient third = new RawClient(gw.port())) {
                assertThat(third.closedByGateway()).isTrue();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.refusals.size() == 1);
            ConnectionRefused refusal = gw.events.refusals.get(0);
            assertThat(refusal.reason()).isEqualTo(RefusalReason.CONNECTION_LIMIT);
            assertThat(refusal.detail()).contains("2 connections");
            assertThat(gw.proxy.connections()).isEqualTo(2);

            first.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.proxy.connections() == 1);
            try (DeviceClient device = new DeviceClient(gw.port(), gw.pki.device().build(), gw.server.root(), 65536)) {
                device.send(1000, false);
                await().atMost(Duration.ofSeconds(5)).until(() -> device.received() == 1000);
            }
        }
    }

    @Test
    void idleConnectionIsClosed() throws Exception {
        try (Gateway gw = Gateway.start(b -> b.idleTimeout(Duration.ofMillis(500)));
             DeviceClient device = new DeviceClient(gw.port(), gw.pki.device().build(), gw.server.root(), 65536)) {
            device.send(100, false);
            await().atMost(Duration.ofSeconds(5)).until(() -> device.received() == 100);

            device.inputEnded().get(5, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.closes.size() == 1);
            assertThat(gw.events.closes.get(0).reason()).isEqualTo(CloseReason.IDLE_TIMEOUT);
            assertThat(gw.events.closes.get(0).bytesFromDevice()).isEqualTo(100);
            assertThat(gw.events.refusals).isEmpty();
        }
    }

}
