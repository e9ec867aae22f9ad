package io.palisade.app.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * The admin pipeline as it runs on a connection (the decoding half of the server codec, so that
 * responses come out as objects): bytes in, responses out, bounded requests.
 */
class AdminHandlerTest {

    record Answer(int status, String header, String body, boolean keepOpen) {}

    final EmbeddedChannel channel = new EmbeddedChannel(new HttpRequestDecoder(4096, 8192, 8192),
            new HttpObjectAggregator(AdminServer.MAX_CONTENT), new AdminHandler(new AdminRoutes(
                    () -> new GatewayStatus("site-a", "1", Instant.EPOCH, true, List.of(), 0, 0), () -> "")));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void keepAliveRequestsAreAnsweredInOrderOnOneConnection() {
        send("GET /livez HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n");

        FullHttpResponse first = channel.readOutbound();
        FullHttpResponse second = channel.readOutbound();
        try {
            assertThat(first.status().code()).isEqualTo(200);
            assertThat(first.content().toString(StandardCharsets.UTF_8)).isEqualTo("ok\n");
            assertThat(first.headers().getInt("content-length")).isEqualTo(3);
            assertThat(second.status().code()).isEqualTo(404);
            assertThat(channel.isOpen()).isTrue();
        } finally {
            first.release();
            second.release();
        }
    }

    @Test
    void aPostGets405WithAllowAndConnectionCloseIsHonoured() {
        send("POST /status HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}");

        FullHttpResponse r = channel.readOutbound();
        try {
            assertThat(r.status().code()).isEqualTo(405);
            assertThat(r.headers().get("allow")).isEqualTo("GET");
            assertThat(r.headers().get("connection")).isEqualTo("close");
        } finally {
            r.release();
        }
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aBodyLargerThanTheBoundIsRefusedWith413() {
        int size = AdminServer.MAX_CONTENT + 1;
        send("POST /status HTTP/1.1\r\nHost: x\r\nContent-Length: " + size + "\r\n\r\n" + "x".repeat(size));

        FullHttpResponse r = channel.readOutbound();
        try {
            assertThat(r.status().code()).isEqualTo(413);
        } finally {
            r.release();
        }
    }

    @Test
    void headersLargerThanTheBoundGet400AndTheConnectionIsClosed() {
        send("GET /livez HTTP/1.1\r\nHost: x\r\nX: " + "y".repeat(9000) + "\r\n\r\n");

        FullHttpResponse r = channel.readOutbound();
        try {
            assertThat(r.status().code()).isEqualTo(400);
        } finally {
            r.release();
        }
        assertThat(channel.isOpen()).isFalse();
    }

    private void send(String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
    }
}
