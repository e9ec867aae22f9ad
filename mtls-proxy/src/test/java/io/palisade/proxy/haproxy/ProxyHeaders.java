package io.palisade.proxy.haproxy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.handler.codec.haproxy.HAProxyTLV;

/** PROXY protocol headers as bytes, written and read with Netty's codec, for tests. */
final class ProxyHeaders {

    private ProxyHeaders() {}

    static ByteBuf v2(HAProxyCommand command, HAProxyProxiedProtocol protocol, String source, String destination,
                      int sourcePort, int destinationPort, List<HAProxyTLV> tlvs) {
        return encode(new HAProxyMessage(HAProxyProtocolVersion.V2, command, protocol, source, destination,
                sourcePort, destinationPort, tlvs));
    }

    static ByteBuf tcp4(String source, int sourcePort, String destination, int destinationPort) {
        return v2(HAProxyCommand.PROXY, HAProxyProxiedProtocol.TCP4, source, destination, sourcePort, destinationPort, List.of());
    }

    static ByteBuf encode(HAProxyMessage message) {
        EmbeddedChannel encoder = new EmbeddedChannel(HAProxyMessageEncoder.INSTANCE);
        encoder.writeOutbound(message);
        ByteBuf bytes = encoder.readOutbound();
        encoder.finishAndReleaseAll();
        return bytes;
    }

    /** Reads one header from {@code bytes} (released); null if they hold none. */
    static HAProxyMessage decode(ByteBuf bytes) {
        EmbeddedChannel decoder = new EmbeddedChannel(new HAProxyMessageDecoder());
        decoder.writeInbound(bytes);
        HAProxyMessage message = decoder.readInbound();
        decoder.finishAndReleaseAll();
        return message;
    }

    static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    static ByteBuf concat(ByteBuf... parts) {
        return Unpooled.wrappedBuffer(parts);
    }
}
