package io.palisade.proxy.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.embedded.EmbeddedChannel;
import io.palisade.core.policy.Outcome;
import io.palisade.core.policy.Request;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.relay.UpstreamOutcome;

/** The CONNECT handler on an {@link EmbeddedChannel}: parsing, answers, both policy decisions, DNS rebinding. */
class ConnectHandlerTest {

    private final FakeServices services = new FakeServices();
    private final Map<String, List<InetAddress>> dns = Map.of(
            "allowed.example", List.of(address("192.0.2.10")),
            "api.vendor.example", List.of(address("192.0.2.20"), address("192.0.2.21")),
            "rebound.vendor.example", List.of(address("192.0.2.30"), address("10.1.2.3")));
    private final List<InetSocketAddress> opened = new ArrayList<>();
    private UpstreamOutcome outcome;
    private final List<Object> downstream = new ArrayList<>();

    @Test
    void allowedNameAndAddressesOpenTheTunnelAndAnswer200OnceReached() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(ascii("CONNECT api.vendor.example:443 HTTP/1.1\r\nHost: api.vendor.example:443\r\n\r\n"));
        ch.runPendingTasks();

        assertThat(opened).containsExactly(new InetSocketAddress(address("192.0.2.20"), 443));
        assertThat(services.refusals).isEmpty();
        assertThat(services.decisions).extracting(d -> d.decision().outcome()).containsExactly(Outcome.ALLOW, Outcome.ALLOW);
        assertThat(services.decisions.get(1).request()).isEqualTo(Request.Connect.tcp("api.vendor.example", 443)
                .resolvedTo(List.of(address("192.0.2.20"), address("192.0.2.21"))));
        assertThat(ch.pipeline().get(ConnectHandler.NAME)).isNull();
        assertThat(ch.pipeline().get(ConnectService.HTTP_DECODER)).isNull();
        assertThat(ch.config().isAutoRead()).isTrue();

        outcome.reached(ch);
        assertThat(response(ch)).isEqualTo("HTTP/1.1 200 Connection Established\r\n\r\n");
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void bytesSentAheadOfTheAnswerGoThroughTheTunnelFirst() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(ascii("CONNECT allowed.example:443 HTTP/1.1\r\n\r\nearly tunnel bytes"));
        ch.runPendingTasks();

        assertThat(opened).hasSize(1);
        assertThat(downstream).hasSize(1);
        ByteBuf early = (ByteBuf) downstream.get(0);
        assertThat(early.toString(StandardCharsets.US_ASCII)).isEqualTo("early tunnel bytes");
        early.release();
    }

    @Test
    void nameDeniedByPolicyIs403WithTheRuleAndNoLookUp() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(ascii("CONNECT evil.example:443 HTTP/1.1\r\n\r\n"));
        ch.runPendingTasks();

        assertThat(response(ch)).startsWith("HTTP/1.1 403 Forbidden\r\n");
        assertThat(ch.isOpen()).isFalse();
        assertThat(opened).isEmpty();
        assertThat(services.decisions).hasSize(1);
        assertThat(services.refusals).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RefusalReason.NOT_ADMITTED);
            assertThat(r.detail()).contains("connect evil.example:443", "denied by default", "generation 7");
        });
    }

    @Test
    void nameResolvingIntoADeniedRangeIs403ByTheDenyRule() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(ascii("CONNECT rebound.vendor.example:443 HTTP/1.1\r\n\r\n"));
        ch.runPendingTasks();

        assertThat(response(ch)).startsWith("HTTP/1.1 403 Forbidden\r\n");
        assertThat(opened).isEmpty();
        assertThat(services.decisions).extracting(d -> d.decision().outcome()).containsExactly(Outcome.ALLOW, Outcome.DENY);
        assertThat(services.decisions.get(1).decision().ruleName()).isEqualTo("egress/no-lateral");
        assertThat(services.refusals).singleElement().satisfies(r ->
                assertThat(r.detail()).contains("resolved [192.0.2.30, 10.1.2.3]", "denied by egress/no-lateral"));
    }

    @Test
    void addressLiteralIsJudgedAsAnAddressWithoutLookUp() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(ascii("CONNECT 10.9.9.9:22 HTTP/1.1\r\n\r\n"));
        ch.runPendingTasks();
        assertThat(response(ch)).startsWith("HTTP/1.1 403 ");
        assertThat(services.decisions.get(0).decision().ruleName()).isEqualTo("egress/no-lateral");

        EmbeddedChannel ipv6 = channel();
        ipv6.writeInbound(ascii("CONNECT [::ffff:127.0.0.1]:8080 HTTP/1.1\r\n\r\n"));
        ipv6.runPendingTasks();
        assertThat(opened).containsExactly(new InetSocketAddress(address("127.0.0.1"), 8080));
    }

    @Test
    void nameThatDoesNotResolveIs502() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(ascii("CONNECT gone.vendor.example:443 HTTP/1.1\r\n\r\n"));
        ch.runPendingTasks();

        assertThat(response(ch)).startsWith("HTTP/1.1 502 Bad Gateway\r\n");
        assertThat(services.refusals).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RefusalReason.UPSTREAM_UNAVAILABLE);
            assertThat(r.detail()).contains("gone.vendor.example did not resolve", "UnknownHostException");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "GET http://allowed.example/ HTTP/1.1              | 405 Method Not Allowed",
            "POST / HTTP/1.1                                    | 405 Method Not Allowed",
            "CONNECT allowed.example HTTP/1.1                   | 400 Bad Request",
            "CONNECT allowed.example:http HTTP/1.1              | 400 Bad Request",
            "CONNECT allowed.example:70000 HTTP/1.1             | 400 Bad Request",
            "CONNECT allowed.example:0 HTTP/1.1                 | 400 Bad Request",
            "CONNECT [not-v6]:443 HTTP/1.1                      | 400 Bad Request",
            "CONNECT a/b:443 HTTP/1.1                           | 400 Bad Request",
            "NOT HTTP AT ALL                                    | 400 Bad Request",
    })
    void onlyAWellFormedConnectIsServed(String requestLine, String status) {
        EmbeddedChannel ch = channel();
        ch.writeInbound(ascii(requestLine.strip() + "\r\nHost: x\r\n\r\n"));
        ch.runPendingTasks();

        String response = response(ch);
        assertThat(response).startsWith("HTTP/1.1 " + status.strip() + "\r\n");
        if (status.startsWith("405")) {
            assertThat(response).contains("Allow: CONNECT\r\n");
        }
        assertThat(ch.isOpen()).isFalse();
        assertThat(opened).isEmpty();
        assertThat(services.decisions).isEmpty();
        assertThat(services.refusals).singleElement().extracting(FakeServices.Refusal::reason).isEqualTo(RefusalReason.NOT_ADMITTED);
    }

    @Test
    void connectWithABodyIs400() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(ascii("CONNECT allowed.example:443 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"));
        assertThat(response(ch)).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void overlongRequestLineIs400() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(ascii("CONNECT " + "a".repeat(ConnectService.MAX_REQUEST_LINE) + ".example:443 HTTP/1.1\r\n\r\n"));
        assertThat(response(ch)).startsWith("HTTP/1.1 400 ");
        assertThat(services.refusals).singleElement().satisfies(r -> assertThat(r.detail()).contains("unreadable request"));
    }

    @Test
    void unreachableTargetIs502AndSilentTargetIs504() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(ascii("CONNECT allowed.example:443 HTTP/1.1\r\n\r\n"));
        ch.runPendingTasks();
        outcome.unreachable(ch, new java.net.ConnectException("Connection refused"));
        assertThat(response(ch)).startsWith("HTTP/1.1 502 Bad Gateway\r\n");
        outcome.unreachable(ch, new ConnectTimeoutException("connection timed out"));
        assertThat(response(ch)).startsWith("HTTP/1.1 504 Gateway Timeout\r\n");
    }

    private EmbeddedChannel channel() {
        HostResolver resolver = host -> dns.containsKey(host) ? CompletableFuture.completedFuture(dns.get(host))
                : CompletableFuture.failedFuture(new UnknownHostException(host));
        TunnelOpener tunnels = (ctx, target, o) -> {
            opened.add(target);
            outcome = o;
        };
        EmbeddedChannel ch = new EmbeddedChannel();
        ConnectService.create(resolver).install(ch.pipeline(), services);
        ch.pipeline().replace(ConnectHandler.NAME, ConnectHandler.NAME, new ConnectHandler(services, resolver, tunnels, ConnectService.HTTP_DECODER));
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                downstream.add(msg);
            }
        });
        return ch;
    }

    private static String response(EmbeddedChannel ch) {
        ByteBuf out = ch.readOutbound();
        assertThat(out).as("a response").isNotNull();
        try {
            return out.toString(StandardCharsets.US_ASCII);
        } finally {
            out.release();
        }
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
