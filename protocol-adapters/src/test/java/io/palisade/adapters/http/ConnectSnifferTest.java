package io.palisade.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.palisade.adapters.fixtures.Devices;
import io.palisade.adapters.fixtures.FakeServices;
import io.palisade.adapters.fixtures.Policies;
import io.palisade.proxy.service.DeviceService;
import io.palisade.proxy.service.ServiceContext;

/**
 * On a listener serving CONNECT and the relays, the first bytes decide — even when they arrive
 * one at a time: {@code CONNECT } goes to the CONNECT service with every byte, anything else to
 * the relays (a 404 for a path none serves).
 */
class ConnectSnifferTest {

    /** Stands in for the CONNECT service: collects what reaches it. */
    private static final class Recording implements DeviceService {
        final List<String> received = new ArrayList<>();

        @Override
        public String name() {
            return "connect";
        }

        @Override
        public List<String> alpnProtocols() {
            return List.of("http/1.1");
        }

        @Override
        public void install(ChannelPipeline pipeline, ServiceContext context) {
            pipeline.addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ByteBuf b = (ByteBuf) msg;
                    received.add(b.toString(StandardCharsets.US_ASCII));
                    b.release();
                }
            });
        }
    }

    @ParameterizedTest(name = "{0} byte(s) at a time: {1}")
    @CsvSource({
            "1, CONNECT example.com:443 HTTP/1.1",
            "3, CONNECT example.com:443 HTTP/1.1",
            "100, CONNECT example.com:443 HTTP/1.1",
            "1, GET /nowhere HTTP/1.1",
            "100, GET /nowhere HTTP/1.1",
            "2, CONNEC /x HTTP/1.1",
    })
    void theFirstBytesDecide(int step, String requestLine) {
        Recording connect = new Recording();
        HttpRelayService service = HttpRelayService.builder().connect(connect).build();
        EmbeddedChannel ch = new EmbeddedChannel();
        service.install(ch.pipeline(), new FakeServices(new Devices().device().identity(), Policies.standard()));
        byte[] bytes = (requestLine + "\r\nHost: g\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

        for (int i = 0; i < bytes.length; i += step) {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(step, bytes.length - i)));
        }
        ch.runPendingTasks();

        if (requestLine.startsWith("CONNECT ")) {
            assertThat(String.join("", connect.received)).isEqualTo(new String(bytes, StandardCharsets.US_ASCII));
            assertThat((Object) ch.readOutbound()).isNull();
        } else {
            assertThat(connect.received).isEmpty();
            ByteBuf answer = ch.readOutbound();
            assertThat(answer.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 404 Not Found");
            answer.release();
        }
        assertThat(ch.pipeline().get(ConnectSniffer.class)).isNull();
        ch.finishAndReleaseAll();
    }
}
