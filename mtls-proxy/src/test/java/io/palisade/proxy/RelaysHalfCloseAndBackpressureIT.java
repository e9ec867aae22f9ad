package io.palisade.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.palisade.proxy.events.CloseReason;
import io.palisade.proxy.fixtures.DeviceClient;
import io.palisade.proxy.fixtures.Gateway;
import io.palisade.proxy.fixtures.ServerIdentity;
import io.palisade.testing.pki.TestPki;

/**
 * The relay carries a half-close through both ways and never buffers without bound: a device
 * that stops reading stops the upstream, and then itself, until it reads again; nothing is lost.
 */
class RelaysHalfCloseAndBackpressureIT {

    @ParameterizedTest
    @EnumSource(value = TlsEngine.class, names = {"BORINGSSL", "JDK"})
    void halfCloseIsCarriedThroughBothWays(TlsEngine engine) throws Exception {
        try (Gateway gw = Gateway.start(TestPki.create("acme"), ServerIdentity.ecdsa(), Set.of(), b -> b.tlsEngine(engine));
             DeviceClient device = new DeviceClient(gw.port(), gw.pki.device().build(), gw.server.root(), 256 * 1024)) {
            long total = 1 << 20;

            device.send(total, true);

            // The device's FIN reaches the echo upstream, which answers with its own FIN after the
            // last byte; the gateway turns that into close_notify + FIN towards the device.
            device.inputEnded().get(20, TimeUnit.SECONDS);
            assertThat(device.received()).isEqualTo(total);
            assertThat(device.corrupt()).isFalse();
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.closes.size() == 1);
            assertThat(gw.events.closes.get(0).bytesFromDevice()).isEqualTo(total);
            assertThat(gw.events.closes.get(0).bytesToDevice()).isEqualTo(total);
            assertThat(gw.events.closes.get(0).reason()).isEqualTo(CloseReason.FINISHED);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsEngine.class, names = {"BORINGSSL", "JDK"})
    void slowReaderStopsTheUpstreamAndLosesNothing(TlsEngine engine) throws Exception {
        try (Gateway gw = Gateway.start(TestPki.create("acme"), ServerIdentity.ecdsa(), Set.of(), b -> b.tlsEngine(engine));
             DeviceClient device = new DeviceClient(gw.port(), gw.pki.device().build(), gw.server.root(), 64 * 1024)) {
            long total = 64L << 20;
            device.reading(false);

            device.send(total, false);

            AtomicLong last = new AtomicLong(-1);
            AtomicInteger stablePolls = new AtomicInteger();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                long now = gw.echo.received();
                stablePolls.set(now == last.getAndSet(now) ? stablePolls.get() + 1 : 0);
                return stablePolls.get() >= 5;
            });
            long stalledAt = gw.echo.received();
            System.out.printf("backpressure %s: upstream stalled after %d KiB of %d KiB; device sent %d KiB%n",
                    engine, stalledAt >> 10, total >> 10, device.sent() >> 10);
            assertThat(stalledAt).as("the upstream stops receiving while the device does not read").isLessThan(total / 2);
            assertThat(device.sent()).as("and the device cannot push everything").isLessThan(total);
            assertThat(device.received()).isZero();

            device.reading(true);

            long resumed = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).until(() -> device.received() == total);
            System.out.printf("backpressure %s: the rest echoed in %d ms once the device read again%n",
                    engine, (System.nanoTime() - resumed) / 1_000_000);
            assertThat(device.corrupt()).isFalse();
            assertThat(gw.echo.received()).isEqualTo(total);
        }
    }
}
