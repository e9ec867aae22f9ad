package io.palisade.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.netty.channel.epoll.Epoll;
import io.netty.handler.ssl.OpenSsl;
import io.palisade.core.identity.DeviceIdentityVerifier;
import io.palisade.core.identity.TenantTrust;
import io.palisade.proxy.connect.ConnectService;
import io.palisade.proxy.fixtures.ServerIdentity;
import io.palisade.proxy.service.ServiceListener;
import io.palisade.testing.pki.TestPki;

class MtlsProxyBuilderTest {

    private final ServerIdentity server = ServerIdentity.ecdsa();
    private final DeviceIdentityVerifier verifier = DeviceIdentityVerifier.builder()
            .tenant(TenantTrust.of("acme", Set.of(TestPki.create("acme").root().certificate()))).build();
    private final TcpRoute route = new TcpRoute("devices", new InetSocketAddress("127.0.0.1", 0), Upstream.of("127.0.0.1", 9));

    @Test
    void requiresIdentityVerifierAndARoute() {
        assertThatThrownBy(() -> MtlsProxy.builder().verifier(verifier).route(route).build())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("serverIdentity: not set");
        assertThatThrownBy(() -> complete().verifier(null)).isInstanceOf(NullPointerException.class).hasMessage("verifier");
        assertThatThrownBy(() -> MtlsProxy.builder().serverIdentity(server.keys().getPrivate(), server.chain()).route(route).build())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("verifier: not set");
        assertThatThrownBy(() -> MtlsProxy.builder().serverIdentity(server.keys().getPrivate(), server.chain()).verifier(verifier).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("routes: none (expected: at least one listener)");
    }

    @Test
    void refusesBadValuesInTheConventionalForm() {
        assertThatThrownBy(() -> complete().maxConnections(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxConnections: -1 (expected: > 0)");
        assertThatThrownBy(() -> complete().handshakeTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("handshakeTimeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> complete().idleTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("idleTimeout: PT-1S (expected: > 0)");
        assertThatThrownBy(() -> complete().ioThreads(-2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ioThreads: -2 (expected: >= 0)");
        assertThatThrownBy(() -> complete().route(route).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("routes: devices appears twice (expected: unique listener names)");
        assertThatThrownBy(() -> Upstream.of("historian", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("port: 0 (expected: 1-65535)");
    }

    @Test
    void servesAServiceListenerAloneAndKeepsListenerNamesUnique() {
        ServiceListener egress = new ServiceListener("egress", new InetSocketAddress("127.0.0.1", 0), List.of(ConnectService.create()));
        try (MtlsProxy proxy = MtlsProxy.builder().serverIdentity(server.keys().getPrivate(), server.chain()).verifier(verifier)
                .listener(egress).build().start()) {
            assertThat(proxy.address("egress").getPort()).isPositive();
        }
        assertThatThrownBy(() -> complete().listener(new ServiceListener("devices", new InetSocketAddress("127.0.0.1", 0),
                List.of(ConnectService.create()))).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("listeners: devices appears twice (expected: unique listener names)");
        assertThatThrownBy(() -> complete().policy(null)).isInstanceOf(NullPointerException.class).hasMessage("policy");
    }

    @Test
    void refusesAKeyThatIsNotTheCertificates() {
        ServerIdentity other = ServerIdentity.ecdsa();

        assertThatThrownBy(() -> MtlsProxy.builder().serverIdentity(other.keys().getPrivate(), server.chain()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("key: EC (expected: the private key of ");
    }

    @Test
    void startsOnBoringSslAndEpollWhenAvailableAndClosesIdempotently() {
        MtlsProxy proxy = complete().build().start();
        try {
            assertThat(proxy.address("devices").getPort()).isPositive();
            assertThat(proxy.tlsEngine()).isEqualTo(OpenSsl.isAvailable() ? TlsEngine.BORINGSSL : TlsEngine.JDK);
            assertThat(proxy.nativeTransport()).isEqualTo(Epoll.isAvailable());
            assertThatThrownBy(() -> proxy.address("nope")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("listener: nope (expected: one of [devices])");
            assertThatThrownBy(proxy::start).isInstanceOf(IllegalStateException.class);
        } finally {
            proxy.close();
            proxy.close();
        }
    }

    @Test
    void fallsBackToNioAndTheJdkWhenAskedTo() {
        try (MtlsProxy proxy = complete().nativeTransport(false).tlsEngine(TlsEngine.JDK).build().start()) {
            assertThat(proxy.nativeTransport()).isFalse();
            assertThat(proxy.tlsEngine()).isEqualTo(TlsEngine.JDK);
        }
    }

    private MtlsProxy.Builder complete() {
        return MtlsProxy.builder().serverIdentity(server.keys().getPrivate(), server.chain()).verifier(verifier).route(route).ioThreads(1);
    }
}
