package io.palisade.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.proxy.TcpRoute;
import io.palisade.proxy.Upstream;
import io.palisade.proxy.admission.AdmissionDecision;
import io.palisade.proxy.admission.DeviceAdmission;
import io.palisade.proxy.events.CloseReason;
import io.palisade.proxy.events.ConnectionClosed;
import io.palisade.proxy.events.HandshakeSucceeded;
import io.palisade.testing.pki.HeldCert;
import io.palisade.testing.pki.TestPki;

/** The graceful part of a stop: new devices refused, relaying ones waited for up to a deadline. */
class DrainingTest {

    static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 40000);
    static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");
    static final HeldCert DEVICE = TestPki.create("acme").device().build();
    static final DeviceIdentity IDENTITY = new DeviceIdentity(DeviceId.parse(DEVICE.deviceId()), "acme", Optional.empty(),
            List.of(DEVICE.certificate()), AT, AT.plus(Duration.ofDays(7)), Optional.empty());
    static final TcpRoute ROUTE = new TcpRoute("plc", new InetSocketAddress("127.0.0.1", 0), Upstream.of("historian", 502));

    final Draining draining = new Draining(DeviceAdmission.ALLOW_VERIFIED);

    @Test
    void admitsAsTheDelegateDecidesUntilDrainingThenRefusesEveryone() {
        assertThat(draining.decide(IDENTITY, ROUTE)).isEqualTo(AdmissionDecision.admit());
        Draining strict = new Draining((identity, route) -> AdmissionDecision.refuse("default deny"));
        assertThat(strict.decide(IDENTITY, ROUTE)).isEqualTo(AdmissionDecision.refuse("default deny"));

        draining.start();

        assertThat(draining.isDraining()).isTrue();
        assertThat(draining.decide(IDENTITY, ROUTE)).isEqualTo(AdmissionDecision.refuse("gateway shutting down"));
    }

    @Test
    void idleAtOnceWithoutConnections() throws Exception {
        assertThat(draining.awaitIdle(Duration.ZERO)).isTrue();
    }

    @Test
    void aConnectionStillOpenAtTheDeadlineIsReported() throws Exception {
        draining.handshakeSucceeded(handshake());

        assertThat(draining.active()).isEqualTo(1);
        assertThat(draining.awaitIdle(Duration.ZERO)).isFalse();
    }

    @Test
    void theWaitEndsWhenTheLastConnectionCloses() throws Exception {
        draining.handshakeSucceeded(handshake());
        draining.handshakeSucceeded(handshake());
        draining.start();
        CompletableFuture<Boolean> idle = CompletableFuture.supplyAsync(() -> {
            try {
                return draining.awaitIdle(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        draining.closed(closed());
        assertThat(idle).isNotDone();
        draining.closed(closed());

        assertThat(idle.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(draining.active()).isZero();
    }

    private static HandshakeSucceeded handshake() {
        return new HandshakeSucceeded("plc", REMOTE, IDENTITY, "TLSv1.3", "TLS_AES_128_GCM_SHA256", Optional.empty(), false, AT);
    }

    private static ConnectionClosed closed() {
        return new ConnectionClosed("plc", REMOTE, IDENTITY.id(), CloseReason.SHUTDOWN, 0, 0, Duration.ZERO, AT);
    }
}
