package io.palisade.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.palisade.core.pki.CertificateAuthority;
import io.palisade.core.pki.KeyPairs;
import io.palisade.proxy.events.CloseReason;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.fixtures.DeviceClient;
import io.palisade.proxy.fixtures.EchoServer;
import io.palisade.proxy.fixtures.Gateway;

/**
 * A route whose upstream speaks TLS: the gateway verifies the upstream's certificate (chain and
 * address) and presents its own client certificate; the device's bytes go through, and its
 * end of stream reaches the upstream as close_notify (which TLS stacks commonly answer by closing
 * their side as well). An upstream the gateway does not trust is reported as unavailable.
 */
class RelaysToTlsUpstreamWithGatewayIdentityIT {

    private final CertificateAuthority cloud = CertificateAuthority.create("cloud", Clock.systemUTC());
    private final CertificateAuthority site = CertificateAuthority.create("site-a", Clock.systemUTC());
    private final KeyPair gatewayClientKeys = KeyPairs.p256();
    private final X509Certificate gatewayClientCert = site.issueClient(gatewayClientKeys.getPublic(), "gateway-site-a");

    @Test
    void relaysOverMutualTlsToTheUpstream() throws Exception {
        try (EchoServer cloudEcho = new EchoServer(cloudServerTls());
             Gateway gw = Gateway.start();
             MtlsProxy proxy = routeTo(gw, cloudEcho, UpstreamTls.trusting(Set.of(cloud.root()))
                     .withClientIdentity(gatewayClientKeys.getPrivate(), List.of(gatewayClientCert, site.deviceCa().certificate())));
             DeviceClient device = new DeviceClient(proxy.address("cloud").getPort(), gw.pki.device().build(), gw.server.root(), 65536)) {
            long total = 256 * 1024;

            device.send(total, false);
            await().atMost(Duration.ofSeconds(10)).until(() -> device.received() == total);
            device.finish();

            // The device's FIN becomes close_notify + FIN to the upstream, whose close comes back.
            device.inputEnded().get(10, TimeUnit.SECONDS);
            assertThat(device.corrupt()).isFalse();
            assertThat(cloudEcho.clientSubjects()).singleElement().asString().contains("CN=gateway-site-a");
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.closes.size() == 1);
            assertThat(gw.events.closes.get(0).reason()).isEqualTo(CloseReason.FINISHED);
            assertThat(gw.events.refusals).isEmpty();
        }
    }

    @Test
    void untrustedUpstreamIsUnavailable() throws Exception {
        CertificateAuthority stranger = CertificateAuthority.create("stranger", Clock.systemUTC());
        try (EchoServer cloudEcho = new EchoServer(cloudServerTls());
             Gateway gw = Gateway.start();
             MtlsProxy proxy = routeTo(gw, cloudEcho, UpstreamTls.trusting(Set.of(stranger.root()))
                     .withClientIdentity(gatewayClientKeys.getPrivate(), List.of(gatewayClientCert, site.deviceCa().certificate())));
             DeviceClient device = new DeviceClient(proxy.address("cloud").getPort(), gw.pki.device().build(), gw.server.root(), 65536)) {

            device.inputEnded().get(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.refusals.size() == 1);
            assertThat(gw.events.refusals.get(0).reason()).isEqualTo(RefusalReason.UPSTREAM_UNAVAILABLE);
            assertThat(gw.events.refusals.get(0).detail()).contains("(tls)");
            assertThat(cloudEcho.clientSubjects()).isEmpty();
        }
    }

    @Test
    void deviceDroppingWhileTheUpstreamHandshakeIsPendingIsNotARefusal() throws Exception {
        try (ServerSocket mute = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
             Gateway gw = Gateway.start();
             MtlsProxy proxy = routeTo(gw, mute.getLocalPort(), UpstreamTls.trusting(Set.of(cloud.root())))) {
            try (DeviceClient device = new DeviceClient(proxy.address("cloud").getPort(), gw.pki.device().build(), gw.server.root(), 65536)) {
                await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.handshakes.size() == 1);
                device.reset();
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> gw.events.closes.size() == 1);
            assertThat(gw.events.refusals).isEmpty();
            assertThat(gw.events.closes.get(0).reason()).isIn(CloseReason.ERROR, CloseReason.FINISHED);
            assertThat(proxy.connections()).isZero();
        }
    }

    /** The cloud echo: its certificate from the cloud CA for 127.0.0.1, requiring a client certificate from the site CA. */
    private SslContext cloudServerTls() throws Exception {
        KeyPair keys = KeyPairs.p256();
        X509Certificate cert = cloud.issueServer(keys.getPublic(), List.of("localhost"), List.of(InetAddress.getByName("127.0.0.1")));
        return SslContextBuilder.forServer(keys.getPrivate(), cert, cloud.deviceCa().certificate()).sslProvider(SslProvider.JDK)
                .trustManager(site.root()).clientAuth(ClientAuth.REQUIRE).build();
    }

    private static MtlsProxy routeTo(Gateway gw, EchoServer upstream, UpstreamTls tls) {
        return routeTo(gw, upstream.port(), tls);
    }

    private static MtlsProxy routeTo(Gateway gw, int upstreamPort, UpstreamTls tls) {
        return MtlsProxy.builder()
                .serverIdentity(gw.server.keys().getPrivate(), gw.server.chain())
                .verifier(io.palisade.core.identity.DeviceIdentityVerifier.builder()
                        .tenant(io.palisade.core.identity.TenantTrust.of("acme", Set.of(gw.pki.root().certificate()))).build())
                .route(new TcpRoute("cloud", new InetSocketAddress("127.0.0.1", 0), Upstream.of("127.0.0.1", upstreamPort).withTls(tls)))
                .events(gw.events)
                .ioThreads(1)
                .build().start();
    }
}
