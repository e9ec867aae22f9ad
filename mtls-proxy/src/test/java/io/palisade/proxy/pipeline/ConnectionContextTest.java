package io.palisade.proxy.pipeline;

import io.palisade.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.identity.DeviceIdentityVerifier;
import io.palisade.core.identity.Refusal;
import io.palisade.core.identity.TenantTrust;
import io.palisade.core.identity.Verified;
import io.palisade.proxy.events.CloseReason;
import io.palisade.proxy.events.HandshakeSucceeded;
import io.palisade.proxy.events.ProxyEvents;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.fixtures.RecordingEvents;
import io.palisade.testing.pki.TestPki;

class ConnectionContextTest {

    private static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 40000);

    private final RecordingEvents events = new RecordingEvents();
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final ConnectionContext conn = new ConnectionContext("devices", REMOTE, events, clock);

    @Test
    void aConnectionIsRefusedOnceAtMost() {
        conn.refuse(RefusalReason.HANDSHAKE_TIMEOUT, "timed out");
        conn.refuse(RefusalReason.TLS_HANDSHAKE, "closed");

        assertThat(events.refusals).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RefusalReason.HANDSHAKE_TIMEOUT);
            assertThat(r.at()).isEqualTo(clock.instant());
        });
        assertThat(conn.isRefused()).isTrue();
    }

    @Test
    void addressesATrustedBalancerStatedReplaceItsOwnInEveryEvent() {
        InetSocketAddress device = new InetSocketAddress("192.0.2.7", 51234);
        InetSocketAddress destination = new InetSocketAddress("198.51.100.1", 8443);

        conn.proxied(device, destination);
        conn.refuse(RefusalReason.HANDSHAKE_TIMEOUT, "timed out");

        assertThat(conn.remote()).isEqualTo(device);
        assertThat(conn.statedDestination()).contains(destination);
        assertThat(events.refusals).singleElement().satisfies(r -> assertThat(r.remote()).isEqualTo(device));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> conn.proxied(device, destination))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anUntoldConnectionReportsNothing() {
        conn.untold();
        conn.refuse(RefusalReason.TLS_HANDSHAKE, "closed");

        assertThat(events.refusals).isEmpty();
        assertThat(conn.statedDestination()).isEmpty();
    }

    @Test
    void anUnverifiedConnectionReportsNoClose() {
        conn.refuse(RefusalReason.CERTIFICATE, Optional.of(Refusal.EXPIRED), "expired", Optional.empty());
        conn.closed();

        assertThat(events.closes).isEmpty();
    }

    @Test
    void aVerifiedConnectionReportsOneCloseWithBytesDurationAndTheFirstReason() {
        DeviceIdentity identity = identity();
        conn.verified(identity, "TLSv1.3", "TLS_AES_128_GCM_SHA256", Optional.empty(), false);
        conn.countFromDevice(10);
        conn.countFromDevice(5);
        conn.countToDevice(7);
        conn.closeReason(CloseReason.IDLE_TIMEOUT);
        conn.closeReason(CloseReason.SHUTDOWN);
        clock.advance(Duration.ofSeconds(42));

        conn.closed();
        conn.closed();

        assertThat(events.handshakes).singleElement().extracting(HandshakeSucceeded::protocol).isEqualTo("TLSv1.3");
        assertThat(events.closes).singleElement().satisfies(c -> {
            assertThat(c.device()).isEqualTo(identity.id());
            assertThat(c.bytesFromDevice()).isEqualTo(15);
            assertThat(c.bytesToDevice()).isEqualTo(7);
            assertThat(c.reason()).isEqualTo(CloseReason.IDLE_TIMEOUT);
            assertThat(c.duration()).isEqualTo(Duration.ofSeconds(42));
        });
    }

    @Test
    void aRefusalAfterVerificationNamesTheDevice() {
        DeviceIdentity identity = identity();
        conn.verified(identity, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", Optional.empty(), false);

        conn.refuse(RefusalReason.NOT_ADMITTED, "default deny");
        conn.closed();

        assertThat(events.refusals).singleElement().satisfies(r -> assertThat(r.device()).contains(identity.id()));
        assertThat(events.closes).singleElement().satisfies(c -> assertThat(c.reason()).isEqualTo(CloseReason.REFUSED));
    }

    @Test
    void aFailingListenerDoesNotDisturbTheConnection() {
        AtomicReference<String> calls = new AtomicReference<>("");
        ConnectionContext failing = new ConnectionContext("devices", REMOTE, new ProxyEvents() {
            @Override
            public void refused(io.palisade.proxy.events.ConnectionRefused event) {
                calls.set(calls.get() + "refused;");
                throw new IllegalStateException("listener bug");
            }
        }, clock);

        failing.refuse(RefusalReason.CONNECTION_LIMIT, "full");

        assertThat(calls.get()).isEqualTo("refused;");
        assertThat(failing.isRefused()).isTrue();
    }

    private static DeviceIdentity identity() {
        TestPki pki = TestPki.create("acme");
        DeviceIdentityVerifier verifier = DeviceIdentityVerifier.builder()
                .tenant(TenantTrust.of("acme", Set.of(pki.root().certificate()))).build();
        return ((Verified) verifier.verify(pki.device().build().chain())).identity();
    }


}
