package io.palisade.proxy.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

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
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.handler.codec.haproxy.HAProxyTLV;
import io.palisade.core.identity.DeviceId;

/**
 * The header towards an upstream, read back with Netty's decoder: the device's addresses, the
 * device id in TLV 0xE0, and on the wire before anything else the upstream's pipeline writes.
 */
class ProxyHeaderWriterTest {

    private static final DeviceId DEVICE = new DeviceId("0123456789abcdef".repeat(4));

    static Stream<Arguments> addresses() {
        return Stream.of(
                Arguments.of("192.0.2.7", "198.51.100.1", HAProxyProxiedProtocol.TCP4, "192.0.2.7", "198.51.100.1"),
                Arguments.of("2001:db8::7", "2001:db8::1", HAProxyProxiedProtocol.TCP6, "2001:db8:0:0:0:0:0:7", "2001:db8:0:0:0:0:0:1"),
                Arguments.of("192.0.2.7", "2001:db8::1", HAProxyProxiedProtocol.TCP6, "0:0:0:0:0:ffff:c000:207", "2001:db8:0:0:0:0:0:1"));
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("addresses")
    void headerStatesTheDeviceAddressesAndItsId(String source, String destination, HAProxyProxiedProtocol protocol,
                                                  String decodedSource, String decodedDestination) {
        ProxyHeaderWriter writer = new ProxyHeaderWriter(new InetSocketAddress(source, 51234),
                new InetSocketAddress(destination, 1502), DEVICE);

        HAProxyMessage header = ProxyHeaders.decode(ProxyHeaders.encode(writer.header()));
        try {
            assertThat(header.protocolVersion()).isEqualTo(HAProxyProtocolVersion.V2);
            assertThat(header.command()).isEqualTo(HAProxyCommand.PROXY);
            assertThat(header.proxiedProtocol()).isEqualTo(protocol);
            assertThat(header.sourceAddress()).isEqualTo(decodedSource);
            assertThat(header.sourcePort()).isEqualTo(51234);
            assertThat(header.destinationAddress()).isEqualTo(decodedDestination);
            assertThat(header.destinationPort()).isEqualTo(1502);
            assertThat(header.tlvs()).singleElement().satisfies(tlv -> {
                assertThat(tlv.typeByteValue()).isEqualTo((byte) 0xE0);
                assertThat(tlv.type()).isEqualTo(HAProxyTLV.Type.OTHER);
                assertThat(tlv.content().toString(StandardCharsets.US_ASCII)).isEqualTo(DEVICE.value());
            });
        } finally {
            header.release();
        }
    }

    @Test
    void headerGoesFirstWhenTheUpstreamConnectsThenTheWriterLeaves() throws Exception {
        EmbeddedChannel upstream = new EmbeddedChannel(false, false);
        upstream.pipeline().addLast("tls", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.writeAndFlush(Unpooled.copiedBuffer("client hello", StandardCharsets.US_ASCII)); // as TLS would
            }
        });
        new ProxyHeaderWriter(new InetSocketAddress("192.0.2.7", 51234), new InetSocketAddress("198.51.100.1", 1502), DEVICE)
                .addTo(upstream.pipeline());

        upstream.register();

        HAProxyMessage header = ProxyHeaders.decode(upstream.readOutbound());
        assertThat(header.sourceAddress()).isEqualTo("192.0.2.7");
        header.release();
        ByteBuf next = upstream.readOutbound();
        assertThat(next.toString(StandardCharsets.US_ASCII)).isEqualTo("client hello");
        next.release();
        assertThat(upstream.pipeline().get(ProxyHeaderWriter.NAME)).isNull();
        assertThat(upstream.pipeline().get(ProxyHeaderWriter.ENCODER)).isNull();
        upstream.finishAndReleaseAll();
    }

    @Test
    void headerGoesAheadOfBytesWrittenBeforeChannelActiveReachesTheWriter() {
        EmbeddedChannel upstream = new EmbeddedChannel();
        new ProxyHeaderWriter(new InetSocketAddress("192.0.2.7", 51234), new InetSocketAddress("198.51.100.1", 1502), DEVICE)
                .addTo(upstream.pipeline());

        upstream.writeOutbound(Unpooled.copiedBuffer("early bytes", StandardCharsets.US_ASCII));

        HAProxyMessage header = ProxyHeaders.decode(upstream.readOutbound());
        assertThat(header.tlvs()).hasSize(1);
        header.release();
        ByteBuf next = upstream.readOutbound();
        assertThat(next.toString(StandardCharsets.US_ASCII)).isEqualTo("early bytes");
        next.release();
        upstream.finishAndReleaseAll();
    }

    @Test
    void unresolvedAddressesAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ProxyHeaderWriter(
                        InetSocketAddress.createUnresolved("device.example", 1), new InetSocketAddress("198.51.100.1", 1502), DEVICE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("source: device.example/<unresolved>:1 (expected: an IP address)");
    }
}
