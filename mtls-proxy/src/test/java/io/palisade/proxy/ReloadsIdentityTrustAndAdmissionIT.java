package io.palisade.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.DeviceIdentityVerifier;
import io.palisade.core.identity.TenantTrust;
import io.palisade.core.pki.KeyPairs;
import io.palisade.proxy.admission.AdmissionDecision;
import io.palisade.proxy.events.AdmissionWithdrawn;
import io.palisade.proxy.events.CloseReason;
import io.palisade.proxy.fixtures.DeviceClient;
import io.palisade.proxy.fixtures.Gateway;
import io.palisade.proxy.fixtures.ServerIdentity;
import io.palisade.testing.pki.HeldCert;
import io.palisade.testing.pki.TestPki;

/**
 * The data plane's half of the reload contract: a new server identity and a new verifier apply to
 * the next handshake while live connections keep relaying; a key that does not match its
 * certificate is refused and the identity in force stays; re-judging admission closes only the
 * connections the new admission refuses.
 */
class ReloadsIdentityTrustAndAdmissionIT {

    private static final Duration BOUND = Duration.ofSeconds(5);

    @Test
    void newServerIdentityServesNewHandshakesAndLiveConnectionsCarryOn() throws Exception {
        try (Gateway gw = Gateway.start()) {
            HeldCert device = gw.pki.device().build();
            try (DeviceClient live = new DeviceClient(gw.port(), device, gw.server.root(), 65536)) {
                await().atMost(BOUND).until(() -> gw.events.handshakes.size() == 1);
                ServerIdentity renewed = ServerIdentity.ecdsa();
                gw.proxy.reloadServerIdentity(renewed.keys().getPrivate(), renewed.chain());

                try (DeviceClient fresh = new DeviceClient(gw.port(), device, renewed.root(), 65536)) {
                    fresh.send(100, false);
                    await().atMost(BOUND).until(() -> fresh.received() == 100);
                }
                assertThatThrownBy(() -> new DeviceClient(gw.port(), device, gw.server.root(), 65536).close())
                        .as("a device trusting only the old certificate's CA").isNotNull();
                live.send(300, false);
                await().atMost(BOUND).until(() -> live.received() == 300);

                assertThatThrownBy(() -> gw.proxy.reloadServerIdentity(KeyPairs.p256().getPrivate(), gw.server.chain()))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: the private key of");
                try (DeviceClient stillRenewed = new DeviceClient(gw.port(), device, renewed.root(), 65536)) {
                    stillRenewed.send(10, false);
                    await().atMost(BOUND).until(() -> stillRenewed.received() == 10);
                }
            }
        }
    }

    @Test
    void newVerifierJudgesTheNextHandshakeOnly() throws Exception {
        try (Gateway gw = Gateway.start()) {
            HeldCert oldTenantDevice = gw.pki.device().build();
            TestPki next = TestPki.create("acme");
            HeldCert newTenantDevice = next.device().build();
            try (DeviceClient live = new DeviceClient(gw.port(), oldTenantDevice, gw.server.root(), 65536)) {
                // TLS 1.3: the client is done before the gateway has judged its certificate.
                await().atMost(BOUND).until(() -> gw.events.handshakes.size() == 1);
                gw.proxy.reloadVerifier(DeviceIdentityVerifier.builder()
                        .tenant(TenantTrust.of("acme", Set.of(next.root().certificate()))).denyList(gw.denyList).build());

                try (DeviceClient admitted = new DeviceClient(gw.port(), newTenantDevice, gw.server.root(), 65536)) {
                    admitted.send(50, false);
                    await().atMost(BOUND).until(() -> admitted.received() == 50);
                }
                try (DeviceClient refused = new DeviceClient(gw.port(), oldTenantDevice, gw.server.root(), 65536)) {
                    refused.inputEnded().handle((ended, alert) -> alert).get(5, TimeUnit.SECONDS);
                }
                await().atMost(BOUND).until(() -> gw.events.refusals.size() == 1);
                live.send(200, false);
                await().atMost(BOUND).until(() -> live.received() == 200);
            }
        }
    }

    @Test
    void reJudgingClosesOnlyTheConnectionsTheNewAdmissionRefuses() throws Exception {
        try (Gateway gw = Gateway.start()) {
            HeldCert kept = gw.pki.device().build();
            HeldCert dropped = gw.pki.device().build();
            try (DeviceClient k = new DeviceClient(gw.port(), kept, gw.server.root(), 65536);
                 DeviceClient d = new DeviceClient(gw.port(), dropped, gw.server.root(), 65536)) {
                await().atMost(BOUND).until(() -> gw.events.handshakes.size() == 2);
                DeviceId droppedId = DeviceId.parse(dropped.deviceId());

                List<AdmissionWithdrawn> withdrawn = gw.proxy.closeUnadmitted((identity, route) ->
                        identity.id().equals(droppedId) ? AdmissionDecision.refuse("deny p/no-more") : AdmissionDecision.admit());

                assertThat(withdrawn).singleElement().satisfies(w -> {
                    assertThat(w.device()).isEqualTo(droppedId);
                    assertThat(w.listener()).isEqualTo(Gateway.LISTENER);
                    assertThat(w.reason()).isEqualTo("deny p/no-more");
                });
                d.inputEnded().handle((ended, e) -> e).get(1, TimeUnit.SECONDS);
                await().atMost(BOUND).until(() -> gw.events.closes.size() == 1);
                assertThat(gw.events.closes.get(0).reason()).isEqualTo(CloseReason.POLICY_CHANGED);
                k.send(100, false);
                await().atMost(BOUND).until(() -> k.received() == 100);
                assertThat(gw.proxy.closeUnadmitted((identity, route) -> { throw new IllegalStateException("broken"); }))
                        .as("an admission that fails refuses").hasSize(1);
            }
        }
    }
}
