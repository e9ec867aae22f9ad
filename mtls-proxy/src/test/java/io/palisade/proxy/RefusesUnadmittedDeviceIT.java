package io.palisade.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.palisade.proxy.admission.AdmissionDecision;
import io.palisade.proxy.events.CloseReason;
import io.palisade.proxy.events.ConnectionRefused;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.fixtures.DeviceClient;
import io.palisade.proxy.fixtures.Gateway;
import io.palisade.proxy.fixtures.ServerIdentity;
import io.palisade.testing.pki.HeldCert;
import io.palisade.testing.pki.TestPki;

/**
 * A verified device is still refused when the admission stage (the policy slot) says no, or
 * when its upstream cannot be reached; in both cases not a byte is relayed, and the events say
 * the device's handshake succeeded, then why it was refused, then that it closed.
 */
class RefusesUnadmittedDeviceIT {

    @Test
    void admissionRefusalClosesBeforeAnyByteIsRelayed() throws Exception {
        TestPki pki = TestPki.create("acme");
        HeldCert thermostat = pki.device().product("thermostat").build();
        HeldCert camera = pki.device().product("camera").build();
        try (Gateway gw = Gateway.start(pki, ServerIdentity.ecdsa(), Set.of(), b -> b.admission((identity, route) ->
                identity.product().orElse("").equals("camera")
                        ? AdmissionDecision.refuse("rule cameras-stay-local denies route " + route.name())
                        : AdmissionDecision.admit()))) {
            try (DeviceClient refused = new DeviceClient(gw.port(), camera, gw.server.root(), 65536)) {
                refused.send(100, false);
                refused.inputEnded().get(5, TimeUnit.SECONDS);
            }
            try (DeviceClient admitted = new DeviceClient(gw.port(), thermostat, gw.server.root(), 65536)) {
                admitted.send(100, false);
                await().atMost(Duration.ofSeconds(5)).until(() -> admitted.received() == 100);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.closes.size() == 2);
            ConnectionRefused refusal = gw.events.refusals.get(0);
            assertThat(gw.events.refusals).hasSize(1);
            assertThat(refusal.reason()).isEqualTo(RefusalReason.NOT_ADMITTED);
            assertThat(refusal.detail()).isEqualTo("rule cameras-stay-local denies route " + Gateway.LISTENER);
            assertThat(refusal.device().orElseThrow().value()).isEqualTo(camera.deviceId());
            assertThat(gw.events.closes.get(0).reason()).isEqualTo(CloseReason.REFUSED);
            assertThat(gw.events.closes.get(0).bytesFromDevice()).isZero();
            assertThat(gw.echo.accepted()).isEqualTo(1);
        }
    }

    @Test
    void unreachableUpstreamIsReported() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, new InetSocketAddress("127.0.0.1", 0).getAddress())) {
            closedPort = s.getLocalPort();
        }
        try (Gateway gw = Gateway.start(b -> {})) {
            MtlsProxy proxy = MtlsProxy.builder()
                    .serverIdentity(gw.server.keys().getPrivate(), gw.server.chain())
                    .verifier(io.palisade.core.identity.DeviceIdentityVerifier.builder()
                            .tenant(io.palisade.core.identity.TenantTrust.of("acme", Set.of(gw.pki.root().certificate()))).build())
                    .route(new TcpRoute("dead", new InetSocketAddress("127.0.0.1", 0), Upstream.of("127.0.0.1", closedPort)))
                    .events(gw.events)
                    .build().start();
            try (proxy; DeviceClient device = new DeviceClient(proxy.address("dead").getPort(), gw.pki.device().build(),
                    gw.server.root(), 65536)) {
                device.inputEnded().get(5, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.closes.size() == 1);
                assertThat(gw.events.refusals).singleElement().satisfies(r -> {
                    assertThat(r.reason()).isEqualTo(RefusalReason.UPSTREAM_UNAVAILABLE);
                    assertThat(r.detail()).contains("127.0.0.1:" + closedPort);
                });
                assertThat(gw.events.closes.get(0).reason()).isEqualTo(CloseReason.REFUSED);
            }
        }
    }
}
