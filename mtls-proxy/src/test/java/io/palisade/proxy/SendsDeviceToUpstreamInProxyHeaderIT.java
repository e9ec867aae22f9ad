package io.palisade.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.palisade.core.identity.DeviceIdentityVerifier;
import io.palisade.core.identity.TenantTrust;
import io.palisade.core.pki.CertificateAuthority;
import io.palisade.core.pki.KeyPairs;
import io.palisade.core.policy.model.Cidr;
import io.palisade.proxy.fixtures.DeviceFiles;
import io.palisade.proxy.fixtures.Gateway;
import io.palisade.proxy.fixtures.Haproxy;
import io.palisade.proxy.fixtures.OpensslClient;
import io.palisade.proxy.fixtures.ProxyHeaderEchoServer;
import io.palisade.proxy.haproxy.ProxyProtocol;
import io.palisade.testing.pki.HeldCert;

/**
 * A route with {@code proxyProtocol: true}: the upstream (a test server reading the header with
 * Netty's decoder) learns the device's address, the address it connected to, and its verified
 * device id in TLV 0xE0 — over plain TCP, before TLS when the upstream speaks it, and with the
 * addresses a trusted HAProxy in front stated.
 */
class SendsDeviceToUpstreamInProxyHeaderIT {

    private static final String LISTENER = "plc";
    private static final String LINE = "read holding registers 40001-40010\n";

    @TempDir
    Path dir;

    @Test
    void upstreamLearnsTheDeviceAddressesAndId() throws Exception {
        try (Gateway gw = Gateway.start();
             ProxyHeaderEchoServer upstream = new ProxyHeaderEchoServer(null);
             MtlsProxy proxy = route(gw, Upstream.of("127.0.0.1", upstream.port()).withProxyProtocol(), ProxyProtocol.OFF)) {
            HeldCert device = gw.pki.device().build();
            int listenerPort = proxy.address(LISTENER).getPort();

            assertThat(exchange(gw, device, listenerPort).stdout()).contains(LINE);

            await().atMost(Duration.ofSeconds(10)).until(() -> gw.events.handshakes.size() == 1);
            InetSocketAddress remote = gw.events.handshakes.get(0).remote();
            assertThat(upstream.headers()).containsExactly(new ProxyHeaderEchoServer.Stated("PROXY", "TCP4", "127.0.0.1",
                    remote.getPort(), "127.0.0.1", listenerPort, List.of(device.deviceId())));
        }
    }

    @Test
    void headerPrecedesTlsToTheUpstream() throws Exception {
        CertificateAuthority cloud = CertificateAuthority.create("cloud", Clock.systemUTC());
        KeyPair keys = KeyPairs.p256();
        X509Certificate cert = cloud.issueServer(keys.getPublic(), List.of("localhost"), List.of(InetAddress.getByName("127.0.0.1")));
        SslContext serverTls = SslContextBuilder.forServer(keys.getPrivate(), cert, cloud.deviceCa().certificate())
                .sslProvider(SslProvider.JDK).build();
        try (Gateway gw = Gateway.start();
             ProxyHeaderEchoServer upstream = new ProxyHeaderEchoServer(serverTls);
             MtlsProxy proxy = route(gw, Upstream.of("127.0.0.1", upstream.port())
                     .withTls(UpstreamTls.trusting(Set.of(cloud.root()))).withProxyProtocol(), ProxyProtocol.OFF)) {
            HeldCert device = gw.pki.device().build();

            assertThat(exchange(gw, device, proxy.address(LISTENER).getPort()).stdout()).contains(LINE);

            assertThat(upstream.headers()).singleElement()
                    .satisfies(h -> assertThat(h.deviceIdTlvs()).containsExactly(device.deviceId()));
        }
    }

    @Test
    void addressesStatedByATrustedBalancerArePassedOn() throws Exception {
        try (Gateway gw = Gateway.start();
             ProxyHeaderEchoServer upstream = new ProxyHeaderEchoServer(null);
             MtlsProxy proxy = route(gw, Upstream.of("127.0.0.1", upstream.port()).withProxyProtocol(),
                     ProxyProtocol.trusting(Cidr.parse("127.0.0.1/32")));
             Haproxy haproxy = Haproxy.inFrontOf(proxy.address(LISTENER).getPort(), dir)) {
            HeldCert device = gw.pki.device().build();
            int sourcePort = Haproxy.freePort(InetAddress.getByName("127.0.0.2"));

            assertThat(exchange(gw, device, haproxy.port(), "-bind", "127.0.0.2:" + sourcePort).stdout()).contains(LINE);

            assertThat(upstream.headers()).containsExactly(new ProxyHeaderEchoServer.Stated("PROXY", "TCP4", "127.0.0.2",
                    sourcePort, "127.0.0.1", haproxy.port(), List.of(device.deviceId())));
        }
    }

    private OpensslClient.Result exchange(Gateway gw, HeldCert device, int port, String... more) throws Exception {
        List<String> args = new ArrayList<>(DeviceFiles.write(dir, "dev", device).clientArgs());
        args.addAll(List.of(more));
        return new OpensslClient(port, gw.server.root(), dir).exchange(args, LINE);
    }

    private static MtlsProxy route(Gateway gw, Upstream upstream, ProxyProtocol proxyProtocol) {
        return MtlsProxy.builder()
                .serverIdentity(gw.server.keys().getPrivate(), gw.server.chain())
                .verifier(DeviceIdentityVerifier.builder()
                        .tenant(TenantTrust.of("acme", Set.of(gw.pki.root().certificate()))).build())
                .route(new TcpRoute(LISTENER, new InetSocketAddress("127.0.0.1", 0), upstream).withProxyProtocol(proxyProtocol))
                .events(gw.events)
                .ioThreads(1)
                .build().start();
    }
}
