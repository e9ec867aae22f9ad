package io.palisade.proxy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.Set;

import javax.net.ssl.SSLSession;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.netty.handler.ssl.SslHandler;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.identity.DeviceIdentityVerifier;
import io.palisade.core.identity.TenantTrust;
import io.palisade.core.policy.PolicyStore;
import io.palisade.proxy.DeviceAttributes;
import io.palisade.proxy.TcpRoute;
import io.palisade.proxy.TlsEngine;
import io.palisade.proxy.Upstream;
import io.palisade.proxy.admission.DeviceAdmission;
import io.palisade.proxy.fixtures.RecordingEvents;
import io.palisade.proxy.tls.SessionIdentity;
import io.palisade.testing.pki.HeldCert;
import io.palisade.testing.pki.TestPki;

/**
 * What an established, idle device connection keeps: thousands of them sit open at once, so the
 * handlers that decide once are gone after deciding, the device identity is held once (the channel
 * attribute and the connection's context are the same instance) and holds the certificates the
 * device presented as the TLS session's own objects, not a second decoded copy.
 */
class IdleConnectionStateTest {

    private static final TcpRoute ROUTE = new TcpRoute("plc", new InetSocketAddress("127.0.0.1", 0), Upstream.of("historian", 502));

    private final TestPki pki = TestPki.create("acme");
    private final DeviceIdentityVerifier verifier = DeviceIdentityVerifier.builder()
            .tenant(TenantTrust.of("acme", Set.of(pki.root().certificate()))).build();

    @ParameterizedTest
    @EnumSource(value = TlsEngine.class, names = {"BORINGSSL", "JDK"})
    void onlyTheTlsHandlerStaysAndTheIdentityIsHeldOnce(TlsEngine engine) throws Exception {
        HeldCert device = pki.device().build();
        EmbeddedTls tls = new EmbeddedTls(verifier, engine, device, new RecordingEvents(), new DeviceLimitHandler(
                PolicyStore.create(Clock.systemUTC()), new LiveConnections()), new AdmissionHandler(DeviceAdmission.ALLOW_VERIFIED, ROUTE));
        try {
            tls.exchange();

            assertThat(tls.gateway.isActive()).isTrue();
            assertThat(tls.gateway.pipeline().names())
                    .contains(DeviceChannelInitializer.TLS)
                    .doesNotContain(DeviceIdentityHandler.NAME, DeviceLimitHandler.NAME, AdmissionHandler.NAME);
            DeviceIdentity identity = tls.gateway.attr(DeviceAttributes.IDENTITY).get();
            assertThat(identity).isNotNull();
            assertThat(ConnectionContext.of(tls.gateway).orElseThrow().identity()).containsSame(identity);
            assertThat(identity.chain()).last().isSameAs(pki.root().certificate()); // the trust anchor is shared, not copied
            Certificate[] presented = tls.gateway.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
            assertThat(presented).hasSizeGreaterThanOrEqualTo(2);
            // the presented chain is held once: the session's copy
            for (int i = 0; i < Math.min(presented.length, identity.chain().size() - 1); i++) {
                assertThat(identity.chain().get(i)).isSameAs(presented[i]);
            }
            assertThat(identity.chain()).containsExactly(device.certificate(), pki.intermediate().certificate(), pki.root().certificate());
            // and the session's value holds that same identity, not the trust manager's decoded copy
            SSLSession session = tls.gateway.pipeline().get(SslHandler.class).engine().getSession();
            assertThat(SessionIdentity.of(session)).hasValueSatisfying(v -> assertThat(v.identity()).isSameAs(identity));
        } finally {
            tls.close();
        }
    }
}
