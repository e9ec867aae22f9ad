package io.palisade.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.palisade.proxy.events.ConnectionRefused;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.fixtures.DeviceClient;
import io.palisade.proxy.fixtures.Gateway;
import io.palisade.proxy.fixtures.RawClient;

/**
 * Connections that never become devices cost the gateway little and crowd out no one: 500 silent
 * and 200 garbage connections are held or refused while a real device still connects and is
 * relayed; each of them ends as exactly one refusal. A source address that opens connections
 * faster than allowed is refused before any TLS work.
 */
class WithstandsConnectionFloodIT {

    @Test
    void deviceConnectsWhileSilentAndGarbageConnectionsAreHeld() throws Exception {
        try (Gateway gw = Gateway.start(b -> b.handshakeTimeout(Duration.ofSeconds(4)).handshakesPerSecondPerAddress(100_000))) {
            List<RawClient> flood = new ArrayList<>();
            try {
                for (int i = 0; i < 500; i++) {
                    flood.add(new RawClient(gw.port()));
                }
                byte[] garbage = "GET /admin HTTP/1.1\r\nHost: gateway\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 200; i++) {
                    RawClient c = new RawClient(gw.port());
                    flood.add(c);
                    c.send(garbage);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> count(gw, RefusalReason.TLS_HANDSHAKE) == 200);
                assertThat(gw.proxy.connections()).as("the silent ones are held until their handshake timeout").isEqualTo(500);

                long started = System.nanoTime();
                try (DeviceClient device = new DeviceClient(gw.port(), gw.pki.device().build(), gw.server.root(), 65536)) {
                    device.send(4096, false);
                    await().atMost(Duration.ofSeconds(3)).until(() -> device.received() == 4096);
                    System.out.printf("flood: device handshake + 4 KiB echo in %d ms beside %d held connections%n",
                            (System.nanoTime() - started) / 1_000_000, gw.proxy.connections() - 1);
                }

                await().atMost(Duration.ofSeconds(15)).until(() -> count(gw, RefusalReason.HANDSHAKE_TIMEOUT) == 500);
                await().atMost(Duration.ofSeconds(5)).until(() -> gw.proxy.connections() == 0);
                Map<RefusalReason, Long> byReason = gw.events.refusals.stream()
                        .collect(Collectors.groupingBy(ConnectionRefused::reason, Collectors.counting()));
                assertThat(byReason).isEqualTo(Map.of(RefusalReason.TLS_HANDSHAKE, 200L, RefusalReason.HANDSHAKE_TIMEOUT, 500L));
                assertThat(gw.events.handshakes).hasSize(1);
                assertThat(gw.echo.accepted()).isEqualTo(1);
            } finally {
                for (RawClient c : flood) {
                    c.close();
                }
            }
        }
    }

    @Test
    void addressOverItsHandshakeRateIsRefusedBeforeTls() throws Exception {
        Clock frozen = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
        try (Gateway gw = Gateway.start(b -> b.handshakesPerSecondPerAddress(3).clock(frozen));
             RawClient a = new RawClient(gw.port()); RawClient b = new RawClient(gw.port()); RawClient c = new RawClient(gw.port())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.proxy.connections() == 3);
            for (int i = 0; i < 4; i++) {
                try (RawClient over = new RawClient(gw.port())) {
                    assertThat(over.closedByGateway()).isTrue();
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> count(gw, RefusalReason.HANDSHAKE_RATE_LIMIT) == 4);
            assertThat(gw.events.refusals.get(0).detail()).contains("more than 3 handshakes per second from 127.0.0.1");
            assertThat(gw.proxy.connections()).isEqualTo(3);
        }
    }

    private static long count(Gateway gw, RefusalReason reason) {
        return gw.events.refusals.stream().filter(r -> r.reason() == reason).count();
    }
}
