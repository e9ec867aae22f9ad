package io.palisade.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.palisade.core.identity.DeviceIdentityVerifier;
import io.palisade.core.identity.TenantTrust;
import io.palisade.core.policy.model.Cidr;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.fixtures.DeviceFiles;
import io.palisade.proxy.fixtures.Gateway;
import io.palisade.proxy.fixtures.Haproxy;
import io.palisade.proxy.fixtures.OpensslClient;
import io.palisade.proxy.haproxy.ProxyProtocol;

/**
 * The real HAProxy ({@code send-proxy-v2}) in front of a listener that trusts 127.0.0.1: a device
 * on 127.0.0.2 driven by {@code openssl s_client} is relayed through it and every event names the
 * device's own address and source port, not HAProxy's. Straight to the gateway, a device from an
 * untrusted address is an ordinary device (and a PROXY header it sends is garbage to TLS), while
 * the trusted address without a header is refused, and one that sends nothing at all is refused
 * when the handshake timeout (which covers the header) ends.
 */
class TakesDeviceAddressFromTrustedBalancerIT {

    private static final String LISTENER = "devices";
    private static final String DEVICE_HOST = "127.0.0.2";
    private static final String LINE = "telemetry 21.5C from behind the balancer\n";

    @TempDir
    Path dir;

    @Test
    void deviceThroughHaproxyIsRelayedUnderItsOwnAddress() throws Exception {
        try (Gateway gw = Gateway.start();
             MtlsProxy proxy = trustingLoopback(gw);
             Haproxy haproxy = Haproxy.inFrontOf(proxy.address(LISTENER).getPort(), dir)) {
            int sourcePort = Haproxy.freePort(InetAddress.getByName(DEVICE_HOST));

            OpensslClient.Result result = device(gw, haproxy.port(), "-bind", DEVICE_HOST + ":" + sourcePort);

            assertThat(result.stdout()).as("stderr: %s\nhaproxy: %s", result.stderr(), haproxy.output()).contains(LINE);
            await().atMost(Duration.ofSeconds(10)).until(() -> gw.events.closes.size() == 1);
            InetSocketAddress device = new InetSocketAddress(DEVICE_HOST, sourcePort);
            assertThat(gw.events.handshakes).singleElement().satisfies(h -> assertThat(h.remote()).isEqualTo(device));
            assertThat(gw.events.closes.get(0).remote()).isEqualTo(device);
            assertThat(gw.events.closes.get(0).bytesFromDevice()).isEqualTo(LINE.length());
            assertThat(gw.events.refusals).isEmpty();
        }
    }

    @Test
    void deviceConnectingStraightFromAnUntrustedAddressIsADirectDevice() throws Exception {
        try (Gateway gw = Gateway.start();
             MtlsProxy proxy = trustingLoopback(gw)) {
            int sourcePort = Haproxy.freePort(InetAddress.getByName(DEVICE_HOST));

            OpensslClient.Result result = device(gw, proxy.address(LISTENER).getPort(), "-bind", DEVICE_HOST + ":" + sourcePort);

            assertThat(result.stdout()).as("stderr: %s", result.stderr()).contains(LINE);
            await().atMost(Duration.ofSeconds(10)).until(() -> gw.events.closes.size() == 1);
            assertThat(gw.events.handshakes).singleElement()
                    .satisfies(h -> assertThat(h.remote()).isEqualTo(new InetSocketAddress(DEVICE_HOST, sourcePort)));
            assertThat(gw.events.refusals).isEmpty();
        }
    }

    @Test
    void trustedAddressWithoutAHeaderIsRefused() throws Exception {
        try (Gateway gw = Gateway.start();
             MtlsProxy proxy = trustingLoopback(gw)) {

            OpensslClient.Result result = device(gw, proxy.address(LISTENER).getPort());

            assertThat(result.stdout()).doesNotContain(LINE);
            await().atMost(Duration.ofSeconds(10)).until(() -> gw.events.refusals.size() == 1);
            assertThat(gw.events.refusals.get(0).reason()).isEqualTo(RefusalReason.PROXY_HEADER);
            assertThat(gw.events.refusals.get(0).remote().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
            assertThat(gw.events.handshakes).isEmpty();
        }
    }

    @Test
    void trustedPeerThatSendsNothingIsRefusedAtTheHandshakeTimeout() throws Exception {
        try (Gateway gw = Gateway.start();
             MtlsProxy proxy = trustingLoopback(gw, Duration.ofMillis(500));
             Socket balancer = new Socket()) {
            balancer.connect(proxy.address(LISTENER));

            await().atMost(Duration.ofSeconds(10)).until(() -> gw.events.refusals.size() == 1);
            assertThat(gw.events.refusals.get(0).reason()).isEqualTo(RefusalReason.HANDSHAKE_TIMEOUT);
            assertThat(balancer.getInputStream().read()).as("closed by the gateway").isEqualTo(-1);
        }
    }

    @Test
    void untrustedPeerSendingAHeaderFailsItsHandshake() throws Exception {
        try (Gateway gw = Gateway.start();
             MtlsProxy proxy = trustingLoopback(gw);
             Socket peer = new Socket()) {
            peer.bind(new InetSocketAddress(DEVICE_HOST, 0));
            peer.connect(proxy.address(LISTENER));
            OutputStream out = peer.getOutputStream();

            out.write(header("192.0.2.7", 51234));
            out.flush();

            await().atMost(Duration.ofSeconds(10)).until(() -> gw.events.refusals.size() == 1);
            assertThat(gw.events.refusals.get(0).reason()).isEqualTo(RefusalReason.TLS_HANDSHAKE);
            assertThat(gw.events.refusals.get(0).remote())
                    .isEqualTo(new InetSocketAddress(DEVICE_HOST, peer.getLocalPort()));
            assertThat(peer.getInputStream().read()).as("closed by the gateway").isEqualTo(-1);
        }
    }

    private OpensslClient.Result device(Gateway gw, int port, String... more) throws Exception {
        List<String> args = new ArrayList<>(DeviceFiles.write(dir, "dev", gw.pki.device().build()).clientArgs());
        args.addAll(List.of(more));
        return new OpensslClient(port, gw.server.root(), dir).exchange(args, LINE);
    }

    /** A listener relaying to the fixture's echo that trusts PROXY v2 headers from 127.0.0.1 only. */
    private static MtlsProxy trustingLoopback(Gateway gw) {
        return trustingLoopback(gw, Duration.ofSeconds(10));
    }

    private static MtlsProxy trustingLoopback(Gateway gw, Duration handshakeTimeout) {
        return MtlsProxy.builder()
                .handshakeTimeout(handshakeTimeout)
                .serverIdentity(gw.server.keys().getPrivate(), gw.server.chain())
                .verifier(DeviceIdentityVerifier.builder()
                        .tenant(TenantTrust.of("acme", Set.of(gw.pki.root().certificate()))).build())
                .route(new TcpRoute(LISTENER, new InetSocketAddress("0.0.0.0", 0), Upstream.of("127.0.0.1", gw.echo.port()))
                        .withProxyProtocol(ProxyProtocol.trusting(Cidr.parse("127.0.0.1/32"))))
                .events(gw.events)
                .ioThreads(1)
                .build().start();
    }

    private static byte[] header(String source, int sourcePort) {
        EmbeddedChannel encoder = new EmbeddedChannel(HAProxyMessageEncoder.INSTANCE);
        encoder.writeOutbound(new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY, HAProxyProxiedProtocol.TCP4,
                source, "127.0.0.1", sourcePort, 8443));
        ByteBuf bytes = encoder.readOutbound();
        byte[] raw = new byte[bytes.readableBytes()];
        bytes.readBytes(raw);
        bytes.release();
        encoder.finishAndReleaseAll();
        return raw;
    }
}
