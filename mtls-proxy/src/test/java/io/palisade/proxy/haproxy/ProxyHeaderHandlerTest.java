package io.palisade.proxy.haproxy;

import static io.palisade.proxy.haproxy.ProxyHeaders.ascii;
import static io.palisade.proxy.haproxy.ProxyHeaders.concat;
import static io.palisade.proxy.haproxy.ProxyHeaders.tcp4;
import static io.palisade.proxy.haproxy.ProxyHeaders.v2;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.handler.codec.haproxy.HAProxyTLV;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.fixtures.RecordingEvents;
import io.palisade.proxy.pipeline.ConnectionContext;
import io.palisade.proxy.pipeline.HandshakeRateLimit;

/**
 * A trusted load balancer's connection: the header's client replaces the balancer's address and
 * the bytes after it reach the next stage (TLS, here a recorder); anything that is not a valid
 * PROXY v2 header over TCP is refused once and nothing reaches TLS; LOCAL closes quietly.
 */
class ProxyHeaderHandlerTest {

    private static final InetSocketAddress BALANCER = new InetSocketAddress("10.0.0.5", 40000);

    private final RecordingEvents events = new RecordingEvents();
    private final List<ByteBuf> toTls = new ArrayList<>();
    private HandshakeRateLimit rateLimit = new HandshakeRateLimit(50, 100, Clock.systemUTC());

    @AfterEach
    void release() {
        toTls.forEach(ByteBuf::release);
    }

    @Test
    void validHeaderReplacesTheRemoteAndPassesWhatFollowsToTls() {
        EmbeddedChannel ch = balancerConnection();
        ConnectionContext conn = ConnectionContext.of(ch).orElseThrow();

        ch.writeInbound(concat(tcp4("192.0.2.7", 51234, "198.51.100.1", 8443), ascii("client hello")));

        assertThat(conn.remote()).isEqualTo(new InetSocketAddress("192.0.2.7", 51234));
        assertThat(conn.statedDestination()).contains(new InetSocketAddress("198.51.100.1", 8443));
        assertThat(text(toTls)).isEqualTo("client hello");
        assertThat(ch.pipeline().get(ProxyHeaderHandler.NAME)).isNull();
        assertThat(ch.pipeline().get(ProxyHeaderHandler.DECODER)).isNull();
        assertThat(ch.isOpen()).isTrue();
        assertThat(events.refusals).isEmpty();
        ch.finishAndReleaseAll();
    }

    @Test
    void headerSplitAcrossReadsAndIpv6AreTakenToo() {
        EmbeddedChannel ch = balancerConnection();
        ByteBuf header = v2(HAProxyCommand.PROXY, HAProxyProxiedProtocol.TCP6, "2001:db8::7", "2001:db8::1", 51234, 8443,
                List.of(new HAProxyTLV((byte) 0x05, ascii("unique-id"))));

        ch.writeInbound(header.readRetainedSlice(10));
        ch.writeInbound(concat(header, ascii("tls")));

        assertThat(ConnectionContext.of(ch).orElseThrow().remote()).isEqualTo(new InetSocketAddress("2001:db8::7", 51234));
        assertThat(text(toTls)).isEqualTo("tls");
        ch.finishAndReleaseAll();
    }

    static Stream<Arguments> notAValidV2Header() {
        byte[] clientHello = new byte[300];
        clientHello[0] = 0x16;
        clientHello[1] = 0x03;
        clientHello[2] = 0x01;
        return Stream.of(
                Arguments.of("a TLS ClientHello without header", (Supplier<ByteBuf>) () -> Unpooled.wrappedBuffer(clientHello),
                        "no valid PROXY protocol v2 header first"),
                Arguments.of("a v1 text header", (Supplier<ByteBuf>) () -> ascii("PROXY TCP4 192.0.2.7 198.51.100.1 51234 8443\r\n"),
                        "v1 text header"),
                Arguments.of("a v2 signature with version 3", (Supplier<ByteBuf>) () -> {
                    ByteBuf header = tcp4("192.0.2.7", 51234, "198.51.100.1", 8443);
                    header.setByte(12, 0x31);
                    return header;
                }, "no valid PROXY protocol v2 header first"),
                Arguments.of("UDP addresses", (Supplier<ByteBuf>) () -> v2(HAProxyCommand.PROXY, HAProxyProxiedProtocol.UDP4,
                        "192.0.2.7", "198.51.100.1", 51234, 8443, List.of()), "UDP4 (expected: TCP4 or TCP6)"),
                Arguments.of("no addresses (UNSPEC)", (Supplier<ByteBuf>) () -> v2(HAProxyCommand.PROXY,
                        HAProxyProxiedProtocol.UNKNOWN, null, null, 0, 0, List.of()), "UNKNOWN (expected: TCP4 or TCP6)"),
                Arguments.of("TLVs over the bound", (Supplier<ByteBuf>) () -> v2(HAProxyCommand.PROXY, HAProxyProxiedProtocol.TCP4,
                        "192.0.2.7", "198.51.100.1", 51234, 8443,
                        List.of(new HAProxyTLV((byte) 0xE1, Unpooled.wrappedBuffer(new byte[ProxyHeaderHandler.MAX_TLV_BYTES + 300])))),
                        "exceeds the allowed maximum"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notAValidV2Header")
    void anythingButAValidV2HeaderIsRefusedAndNothingReachesTls(String name, Supplier<ByteBuf> bytes, String detail) {
        EmbeddedChannel ch = balancerConnection();

        ch.writeInbound(concat(bytes.get(), ascii("more")));
        ch.runPendingTasks();

        assertThat(ch.isOpen()).isFalse();
        assertThat(toTls).isEmpty();
        assertThat(events.refusals).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RefusalReason.PROXY_HEADER);
            assertThat(r.remote()).isEqualTo(BALANCER);
            assertThat(r.detail()).contains(detail);
        });
        ch.finishAndReleaseAll();
    }

    @Test
    void closeBeforeTheWholeHeaderIsRefused() {
        EmbeddedChannel ch = balancerConnection();

        ByteBuf header = tcp4("192.0.2.7", 51234, "198.51.100.1", 8443);
        ch.writeInbound(header.readRetainedSlice(20));
        header.release();
        ch.close();

        assertThat(events.refusals).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RefusalReason.PROXY_HEADER);
            assertThat(r.detail()).isEqualTo("connection closed before its PROXY header");
        });
        ch.finishAndReleaseAll();
    }

    @Test
    void localCommandIsAHealthCheckClosedWithoutAnyEvent() {
        EmbeddedChannel ch = balancerConnection();
        ConnectionContext conn = ConnectionContext.of(ch).orElseThrow();

        ch.writeInbound(v2(HAProxyCommand.LOCAL, HAProxyProxiedProtocol.UNKNOWN, null, null, 0, 0, List.of()));
        ch.runPendingTasks();
        conn.refuse(RefusalReason.TLS_HANDSHAKE, "what TLS would report when its channel closes");

        assertThat(ch.isOpen()).isFalse();
        assertThat(toTls).isEmpty();
        assertThat(events.refusals).isEmpty();
        assertThat(events.handshakes).isEmpty();
        assertThat(conn.remote()).isEqualTo(BALANCER);
        ch.finishAndReleaseAll();
    }

    @Test
    void theHandshakeRateIsCountedPerStatedClientNotPerBalancer() {
        rateLimit = new HandshakeRateLimit(1, 100, Clock.systemUTC());
        EmbeddedChannel first = balancerConnection();
        EmbeddedChannel otherDevice = balancerConnection();
        EmbeddedChannel sameDeviceAgain = balancerConnection();

        first.writeInbound(tcp4("192.0.2.7", 50001, "198.51.100.1", 8443));
        otherDevice.writeInbound(tcp4("192.0.2.8", 50001, "198.51.100.1", 8443));
        sameDeviceAgain.writeInbound(tcp4("192.0.2.7", 50002, "198.51.100.1", 8443));

        assertThat(first.isOpen()).isTrue();
        assertThat(otherDevice.isOpen()).isTrue();
        assertThat(sameDeviceAgain.isOpen()).isFalse();
        assertThat(events.refusals).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RefusalReason.HANDSHAKE_RATE_LIMIT);
            assertThat(r.remote()).isEqualTo(new InetSocketAddress("192.0.2.7", 50002));
        });
        first.finishAndReleaseAll();
        otherDevice.finishAndReleaseAll();
        sameDeviceAgain.finishAndReleaseAll();
    }

    /** A connection from a trusted balancer: PROXY stages, then a recorder standing in for TLS. */
    private EmbeddedChannel balancerConnection() {
        EmbeddedChannel ch = new EmbeddedChannel();
        new ConnectionContext("devices", BALANCER, events, Clock.systemUTC()).attachTo(ch);
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                toTls.add((ByteBuf) msg);
            }
        });
        ProxyHeaderHandler.addTo(ch.pipeline(), rateLimit);
        return ch;
    }

    private static String text(List<ByteBuf> buffers) {
        StringBuilder s = new StringBuilder();
        buffers.forEach(b -> s.append(b.toString(StandardCharsets.US_ASCII)));
        return s.toString();
    }
}
